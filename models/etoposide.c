/*
 * etoposide.c — the topoisomerase II inhibitor of HLH-94/HLH-2004: IV, one
 * compartment, and a kill effect (1/d) on activated, dividing T cells that
 * immune.c applies to the activated CD8 T cells.  docs/model.md §12.7.
 */
#include "pk1.h"

static const struct mas_state_def states[] = {
    [PK1_DEPOT] = {"etoposide_depot", "mg", 0.0, "(not used: etoposide is given IV here)"},
    [PK1_AMOUNT] = {"etoposide", "mg", 0.0, "etoposide in the body"},
    [PK1_INFUSION] = {"etoposide_infusion", "mg/d", 0.0, "etoposide infusion rate (set by the schedule)"},
    [PK1_EFFECT] = {"etoposide_kill", "1/d", 0.0, "kill rate of activated T cells by etoposide"},
};

static const struct mas_param_def params[] = {
    [PK1_HALF_LIFE_H] = {"etoposide_half_life_h", 6.0, "h", "calibrated: terminal half-life ~4-8 h in children", MAS_RANGE_POSITIVE},
    [PK1_VOLUME] = {"etoposide_volume", 0.3, "L/kg", "calibrated: volume of distribution ~0.3 L/kg", MAS_RANGE_POSITIVE},
    [PK1_KA] = {"etoposide_ka", 1.0, "1/d", "(not used: no depot route)", MAS_RANGE_POSITIVE},
    [PK1_F] = {"etoposide_bioavailability", 0.5, "1", "(not used: no oral route here; oral bioavailability ~50%)", MAS_RANGE_FRACTION},
    [PK1_EC50] = {"etoposide_ec50", 2.0, "ug/mL", "calibrated: peak plasma levels after 150 mg/m2 (~20-30 ug/mL) are near-maximal", MAS_RANGE_POSITIVE},
    [PK1_EMAX] = {"etoposide_kill_max", 20.0, "1/d", "calibrated: HLH-94 etoposide twice weekly depletes activated T cells within days (in perforin-deficient mice: Johnson et al., J Immunol 2014;192:84, citation from memory, journal and pages not re-read)", MAS_RANGE_NONNEGATIVE},
    [PK1_EFFECT_HALF_LIFE_H] = {"etoposide_effect_half_life_h", 24.0, "h", "calibrated: cytotoxicity of dividing cells outlasts plasma levels by hours", MAS_RANGE_POSITIVE},
};

static const struct mas_obs_def observables[] = {
    [PK1_OBS_CONCENTRATION] = {"etoposide_concentration", "ug/mL", "plasma etoposide"},
};
static const struct mas_drug drugs[] = {
    {.name = "etoposide", .iv_state = "etoposide", .infusion_state = "etoposide_infusion"},
};

MAS_PK1_MODULE(mas_module_etoposide, "etoposide",
               "etoposide: one-compartment PK, killing of activated T cells");
