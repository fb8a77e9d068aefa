/*
 * tocilizumab.c — the IL-6 receptor antibody (Actemra): IV infusion, one
 * compartment, and IL-6 receptor blockade, which lowers the IL-6 signal
 * every IL-6 consumer reads (signalling.c): CRP, fibrinogen production,
 * hepcidin, fever, thrombopoiesis, acquired NK suppression — but not the
 * IFN-γ loop.  docs/model.md §12.4.
 */
#include "pk1.h"

static const struct mas_state_def states[] = {
    [PK1_DEPOT] = {"tocilizumab_depot", "mg", 0.0, "subcutaneous tocilizumab awaiting absorption"},
    [PK1_AMOUNT] = {"tocilizumab", "mg", 0.0, "tocilizumab in the body"},
    [PK1_INFUSION] = {"tocilizumab_infusion", "mg/d", 0.0, "tocilizumab infusion rate (set by the schedule)"},
    [PK1_EFFECT] = {"il6_blockade", "1", 0.0, "fraction of IL-6 receptor signalling blocked"},
};

static const struct mas_param_def params[] = {
    [PK1_HALF_LIFE_H] = {"tocilizumab_half_life_h", 240.0, "h", "calibrated: effective half-life ~10 d (Actemra US label: up to 16 d in polyarticular JIA, up to 23 d in sJIA at steady state; elimination is concentration-dependent, here linear)", MAS_RANGE_POSITIVE},
    [PK1_VOLUME] = {"tocilizumab_volume", 0.1, "L/kg", "calibrated: central plus peripheral volume of an IgG1 (~0.1 L/kg)", MAS_RANGE_POSITIVE},
    [PK1_KA] = {"tocilizumab_ka", 0.5, "1/d", "calibrated: SC absorption over days (IgG)", MAS_RANGE_POSITIVE},
    [PK1_F] = {"tocilizumab_bioavailability", 0.8, "1", "calibrated: SC bioavailability of IgG1 antibodies ~0.8", MAS_RANGE_FRACTION},
    [PK1_EC50] = {"tocilizumab_ic50", 1.0, "ug/mL", "calibrated: soluble IL-6 receptor saturated above ~1 ug/mL of tocilizumab", MAS_RANGE_POSITIVE},
    [PK1_EMAX] = {"tocilizumab_emax", 1.0, "1", "calibrated: receptor blockade can be complete", MAS_RANGE_FRACTION},
    [PK1_EFFECT_HALF_LIFE_H] = {"tocilizumab_effect_half_life_h", 1.0, "h", "calibrated: receptor occupancy follows serum levels within hours", MAS_RANGE_POSITIVE},
};

static const struct mas_obs_def observables[] = {
    [PK1_OBS_CONCENTRATION] = {"tocilizumab_concentration", "ug/mL", "serum tocilizumab"},
};
static const struct mas_drug drugs[] = {
    {.name = "tocilizumab", .iv_state = "tocilizumab", .infusion_state = "tocilizumab_infusion", .sc_state = "tocilizumab_depot"},
};

MAS_PK1_MODULE(mas_module_tocilizumab, "tocilizumab",
               "IL-6 receptor antibody: one-compartment PK, IL-6 receptor blockade");
