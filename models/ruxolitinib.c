/*
 * ruxolitinib.c — the JAK1/2 inhibitor (Jakafi): oral, one compartment, and
 * JAK blockade, which lowers the IFN-γ signal (JAK1/2 -> STAT1) and the IL-6
 * signal (JAK1 -> STAT3) that consumers read (signalling.c).
 * docs/model.md §12.5.
 */
#include "pk1.h"

static const struct mas_state_def states[] = {
    [PK1_DEPOT] = {"ruxolitinib_depot", "mg", 0.0, "oral ruxolitinib awaiting absorption"},
    [PK1_AMOUNT] = {"ruxolitinib", "mg", 0.0, "ruxolitinib in the body"},
    [PK1_INFUSION] = {"ruxolitinib_infusion", "mg/d", 0.0, "(not used: ruxolitinib is oral)"},
    [PK1_EFFECT] = {"jak_blockade", "1", 0.0, "fraction of JAK1/2 signalling (STAT1, STAT3) blocked"},
};

static const struct mas_param_def params[] = {
    [PK1_HALF_LIFE_H] = {"ruxolitinib_half_life_h", 3.0, "h", "elimination half-life ~3 h (Jakafi US label)", MAS_RANGE_POSITIVE},
    [PK1_VOLUME] = {"ruxolitinib_volume", 1.0, "L/kg", "volume of distribution 72 L in adults, ~1 L/kg (Jakafi US label)", MAS_RANGE_POSITIVE},
    [PK1_KA] = {"ruxolitinib_ka", 48.0, "1/d", "calibrated: peak plasma level ~1 h after an oral dose (Jakafi US label)", MAS_RANGE_POSITIVE},
    [PK1_F] = {"ruxolitinib_bioavailability", 0.95, "1", "oral absorption >= 95% (Jakafi US label)", MAS_RANGE_FRACTION},
    [PK1_EC50] = {"ruxolitinib_ic50", 0.06, "ug/mL", "calibrated: half-maximal STAT phosphorylation in blood ~200 nM (~60 ng/mL)", MAS_RANGE_POSITIVE},
    [PK1_EMAX] = {"ruxolitinib_emax", 0.9, "1", "calibrated: near-complete JAK1/2 inhibition at peak", MAS_RANGE_FRACTION},
    [PK1_EFFECT_HALF_LIFE_H] = {"ruxolitinib_effect_half_life_h", 1.0, "h", "calibrated: signalling follows plasma levels within about an hour", MAS_RANGE_POSITIVE},
};

static const struct mas_obs_def observables[] = {
    [PK1_OBS_CONCENTRATION] = {"ruxolitinib_concentration", "ug/mL", "plasma ruxolitinib"},
};
static const struct mas_drug drugs[] = {
    {.name = "ruxolitinib", .oral_state = "ruxolitinib_depot"},
};

MAS_PK1_MODULE(mas_module_ruxolitinib, "ruxolitinib",
               "JAK1/2 inhibitor: oral one-compartment PK, blockade of IFN-gamma and IL-6 signalling");
