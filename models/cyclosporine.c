/*
 * cyclosporine.c — the calcineurin inhibitor: oral or IV, one compartment
 * (blood), and calcineurin blockade, which lowers T-cell expansion and the
 * effectors' IFN-γ production (immune.c, cytokines.c).  docs/model.md §12.6.
 */
#include "pk1.h"

static const struct mas_state_def states[] = {
    [PK1_DEPOT] = {"cyclosporine_depot", "mg", 0.0, "oral cyclosporine awaiting absorption"},
    [PK1_AMOUNT] = {"cyclosporine", "mg", 0.0, "cyclosporine in the body"},
    [PK1_INFUSION] = {"cyclosporine_infusion", "mg/d", 0.0, "cyclosporine infusion rate (set by the schedule)"},
    [PK1_EFFECT] = {"calcineurin_blockade", "1", 0.0, "fraction of T-cell calcineurin (NFAT) signalling blocked"},
};

static const struct mas_param_def params[] = {
    [PK1_HALF_LIFE_H] = {"cyclosporine_half_life_h", 8.0, "h", "calibrated: elimination half-life ~6-8 h in children", MAS_RANGE_POSITIVE},
    [PK1_VOLUME] = {"cyclosporine_volume", 3.0, "L/kg", "calibrated: blood volume of distribution 3-5 L/kg", MAS_RANGE_POSITIVE},
    [PK1_KA] = {"cyclosporine_ka", 12.0, "1/d", "calibrated: peak blood level 1-3 h after an oral dose", MAS_RANGE_POSITIVE},
    [PK1_F] = {"cyclosporine_bioavailability", 0.3, "1", "calibrated: oral bioavailability ~30% (variable)", MAS_RANGE_FRACTION},
    [PK1_EC50] = {"cyclosporine_ic50", 0.2, "ug/mL", "calibrated: HLH-2004 trough target ~200 ug/L gives half-maximal blockade (Henter et al., Pediatr Blood Cancer 2007;48:124)", MAS_RANGE_POSITIVE},
    [PK1_EMAX] = {"cyclosporine_emax", 0.8, "1", "calibrated: partial suppression of T-cell activation at therapeutic levels", MAS_RANGE_FRACTION},
    [PK1_EFFECT_HALF_LIFE_H] = {"cyclosporine_effect_half_life_h", 2.0, "h", "calibrated: NFAT signalling follows blood levels within hours", MAS_RANGE_POSITIVE},
};

static const struct mas_obs_def observables[] = {
    [PK1_OBS_CONCENTRATION] = {"cyclosporine_concentration", "ug/mL", "blood cyclosporine"},
};
static const struct mas_drug drugs[] = {
    {.name = "cyclosporine", .iv_state = "cyclosporine", .infusion_state = "cyclosporine_infusion", .oral_state = "cyclosporine_depot"},
};

MAS_PK1_MODULE(mas_module_cyclosporine, "cyclosporine",
               "calcineurin inhibitor: one-compartment PK, blockade of T-cell activation and IFN-gamma production");
