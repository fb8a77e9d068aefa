/*
 * anakinra.c — the IL-1 receptor antagonist (Kineret): SC depot or IV,
 * one compartment, and IL-1 receptor blockade, which lowers the IL-1
 * signal every IL-1 consumer reads (signalling.c).  docs/model.md §12.3.
 */
#include "pk1.h"

static const struct mas_state_def states[] = {
    [PK1_DEPOT] = {"anakinra_depot", "mg", 0.0, "subcutaneous anakinra awaiting absorption"},
    [PK1_AMOUNT] = {"anakinra", "mg", 0.0, "anakinra in the body"},
    [PK1_INFUSION] = {"anakinra_infusion", "mg/d", 0.0, "anakinra infusion rate (set by the schedule)"},
    [PK1_EFFECT] = {"il1_blockade", "1", 0.0, "fraction of IL-1 receptor signalling blocked"},
};

static const struct mas_param_def params[] = {
    [PK1_HALF_LIFE_H] = {"anakinra_half_life_h", 2.5, "h", "calibrated: elimination half-life after IV dosing a few hours; the SC terminal half-life of 4-6 h (Kineret US label) is absorption-limited", MAS_RANGE_POSITIVE},
    [PK1_VOLUME] = {"anakinra_volume", 0.3, "L/kg", "calibrated: a 2 mg/kg SC dose gives peak plasma levels of ~1-2 ug/mL", MAS_RANGE_POSITIVE},
    [PK1_KA] = {"anakinra_ka", 3.0, "1/d", "calibrated: peak plasma levels 3-7 h after SC dosing (Kineret US label)", MAS_RANGE_POSITIVE},
    [PK1_F] = {"anakinra_bioavailability", 0.95, "1", "SC bioavailability 95% (Kineret US label)", MAS_RANGE_FRACTION},
    [PK1_EC50] = {"anakinra_ic50", 0.015, "ug/mL", "calibrated: IL-1Ra must exceed IL-1 by orders of magnitude; 2 mg/kg/day SC controls an sJIA flare (IL-1 signalling mostly blocked through the day)", MAS_RANGE_POSITIVE},
    [PK1_EMAX] = {"anakinra_emax", 1.0, "1", "calibrated: a receptor antagonist can block IL-1 signalling completely", MAS_RANGE_FRACTION},
    [PK1_EFFECT_HALF_LIFE_H] = {"anakinra_effect_half_life_h", 0.5, "h", "calibrated: receptor occupancy follows plasma levels within minutes", MAS_RANGE_POSITIVE},
};

static const struct mas_obs_def observables[] = {
    [PK1_OBS_CONCENTRATION] = {"anakinra_concentration", "ug/mL", "plasma anakinra"},
};
static const struct mas_drug drugs[] = {
    {.name = "anakinra", .iv_state = "anakinra", .infusion_state = "anakinra_infusion", .sc_state = "anakinra_depot"},
};

MAS_PK1_MODULE(mas_module_anakinra, "anakinra",
               "IL-1 receptor antagonist: SC/IV one-compartment PK, IL-1 receptor blockade");
