/*
 * esr.c — the two inflammation markers that part ways in MAS.
 *
 * CRP: hepatic synthesis driven by IL-6, first-order clearance.
 * ESR: Stokes' law for the settling of red-cell aggregates (rouleaux),
 *   v = 2/9 (rho_rbc - rho_plasma) g r^2 / mu,
 * with the rouleau size set by two bridging proteins, fibrinogen (a state)
 * and immunoglobulin G (a parameter), the equivalent-sphere radius r growing
 * as the cube root of the cells per aggregate, times the hindered-settling
 * factor (1 - phi)^n of a concentrated suspension (Richardson-Zaki) at the
 * hematocrit of the citrated blood in the Westergren tube.  The reading is
 * the fall of the red-cell column in one hour, which cannot exceed the
 * plasma left above fully packed cells: a smooth minimum of the two
 * (Kynch's constant-rate fall meeting the rising sediment).  ESR is an
 * observable of the state (fibrinogen, hemoglobin).  docs/model.md §6.
 */
#include "kinetics.h"
#include "model.h"

enum { S_CRP, N_STATES };
enum { U_IL6, U_FIB, U_HB, N_USES };
enum { Q_IL60, N_USES_PARAMS };
enum {
    P_CRP_HL, P_CRP_BASE, P_CRP_MAX, P_CRP_EC50,
    P_MCV, P_RHO_RBC, P_RHO_PLASMA, P_VISC, P_RZ, P_AGG_FIB, P_AGG_IGG, P_AGG_EXP, P_IGG,
    P_HCT_PER_HB, P_DILUTION, P_COLUMN, P_CORNER,
    N_PARAMS
};
enum { O_HEMATOCRIT, O_ROULEAU_SIZE, O_ESR_LIMIT, O_ESR, N_OBS };

static const struct mas_state_def states[] = {
    [S_CRP] = {"crp", "mg/L", 1.0, "C-reactive protein"},
};

static const struct mas_param_def params[] = {
    [P_CRP_HL] = {"crp_half_life_h", 19.0, "h", "CRP plasma half-life ~19 h (Vigushin, Pepys and Hawkins, J Clin Invest 1993;91:1351)", MAS_RANGE_POSITIVE},
    [P_CRP_BASE] = {"crp_baseline", 1.0, "mg/L", "healthy CRP below 3-5 mg/L", MAS_RANGE_NONNEGATIVE},
    [P_CRP_MAX] = {"crp_max", 300.0, "mg/L", "calibrated: CRP ~150-250 mg/L in sJIA flare and MAS; severe bacterial inflammation >200 mg/L", MAS_RANGE_NONNEGATIVE},
    [P_CRP_EC50] = {"crp_il6_ec50", 50.0, "pg/mL", "calibrated: half-maximal hepatic CRP response to IL-6", MAS_RANGE_POSITIVE},
    [P_MCV] = {"rbc_volume_fl", 85.0, "fL", "mean corpuscular volume of a school-age child (~80-90 fL)", MAS_RANGE_POSITIVE, 80.0, 90.0},
    [P_RHO_RBC] = {"rbc_density", 1100.0, "kg/m^3", "red-cell density ~1.10 g/mL", MAS_RANGE_POSITIVE},
    [P_RHO_PLASMA] = {"plasma_density", 1025.0, "kg/m^3", "plasma density ~1.025 g/mL", MAS_RANGE_POSITIVE},
    [P_VISC] = {"plasma_viscosity", 1.2e-3, "Pa s", "plasma viscosity 1.10-1.30 mPa s at 37 C", MAS_RANGE_POSITIVE, 1.10e-3, 1.30e-3},
    [P_RZ] = {"hindered_settling_exponent", 4.65, "1", "Richardson and Zaki, Trans Inst Chem Eng 1954;32:35", MAS_RANGE_POSITIVE},
    [P_AGG_FIB] = {"rouleau_fibrinogen_scale", 171.5, "mg/dL", "calibrated: least-squares fit in log ESR to tests/reference/esr_data.csv (source text's two points, young healthy adults of Wetteland et al., J Intern Med 1996; healthy controls of Front Immunol 2021;12:718845), with rouleau_igg_scale and rouleau_exponent", MAS_RANGE_POSITIVE},
    [P_AGG_IGG] = {"rouleau_igg_scale", 6.25, "g/L", "calibrated: the same fit; IgG raises the ESR above its normal range (Scand J Clin Lab Invest 1979;39:519)", MAS_RANGE_POSITIVE},
    [P_AGG_EXP] = {"rouleau_exponent", 5.27, "1", "calibrated: the same fit; cooperative aggregation, cells per rouleau rising steeply with either bridging protein", MAS_RANGE_POSITIVE},
    [P_IGG] = {"immunoglobulin_g", 10.0, "g/L", "serum IgG of a school-age child, reference interval 6.41-13.60 g/L at 7 years (9,466 children, First Hospital of Jilin University 2011-2014: 'The establishment of biological reference intervals of immunoglobulin in serum for children in Changchun', Chinese-language article, journal not identified); held constant (no B-cell module)", MAS_RANGE_NONNEGATIVE, 6.41, 13.60},
    [P_HCT_PER_HB] = {"hematocrit_per_hemoglobin", 2.94, "%/(g/dL)", "hematocrit ~3 x hemoglobin (MCHC ~34 g/dL)", MAS_RANGE_POSITIVE},
    [P_DILUTION] = {"westergren_dilution", 0.8, "1", "Westergren method: 4 volumes of blood + 1 volume of sodium citrate (ICSH review of measurement, Jou et al., Int J Lab Hematol 2011;33:125; the ICSH 1993 reference method uses undiluted EDTA blood)", MAS_RANGE_FRACTION},
    [P_COLUMN] = {"westergren_column_mm", 200.0, "mm", "Westergren tube graduated 0-200 mm (ICSH, J Clin Pathol 1993;46:198)", MAS_RANGE_POSITIVE},
    [P_CORNER] = {"esr_packing_sharpness", 4.0, "1", "shape of the smooth minimum between the constant-rate fall and the packed-cell limit: within 1.5% of the sharp minimum when the two differ two-fold (numerical choice, not a measured constant)", MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_IL6] = "il6_signal",
    [U_FIB] = "fibrinogen",
    [U_HB] = "hemoglobin",
};
static const char *const uses_params[] = {
    [Q_IL60] = "il6_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_HEMATOCRIT] = {"hematocrit", "%", "packed red-cell volume from hemoglobin"},
    [O_ROULEAU_SIZE] = {"rouleau_size", "cells", "red cells per aggregate, set by fibrinogen and IgG"},
    [O_ESR_LIMIT] = {"esr_column_limit", "mm/h", "the most a Westergren column can fall: plasma height above fully packed cells"},
    [O_ESR] = {"esr", "mm/h", "erythrocyte sedimentation rate: Stokes fall of rouleaux in 1 h, bounded by the column"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    double il6 = y[c->ix[N_STATES + U_IL6]];
    double target = p[P_CRP_BASE]
        + p[P_CRP_MAX] * (excess1(il6, *c->up[Q_IL60], p[P_CRP_EC50]));
    dy[c->ix[S_CRP]] += per_day_from_half_life_h(p[P_CRP_HL]) * (target - y[c->ix[S_CRP]]);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    int i = c->ix[S_CRP], i6 = c->ix[N_STATES + U_IL6];
    double k = per_day_from_half_life_h(p[P_CRP_HL]);
    MAS_J(c, J, i, i6) += k * p[P_CRP_MAX] * dexcess1(y[i6], *c->up[Q_IL60], p[P_CRP_EC50]);
    MAS_J(c, J, i, i) += -k;
}

/* Red cells per rouleau: one cell plus the aggregation by each bridging
 * protein, each a power of its concentration over its scale. */
static double rouleau_size(const double *p, double fibrinogen)
{
    return 1.0 + pow(fmax(fibrinogen, 0.0) / p[P_AGG_FIB], p[P_AGG_EXP])
               + pow(p[P_IGG] / p[P_AGG_IGG], p[P_AGG_EXP]);
}

/* The Westergren reading (mm in the first hour).  Rouleaux settle at the
 * Stokes velocity of their equivalent sphere, hindered by the cells around
 * them, so the column top falls a distance `fall`; it can never fall below
 * the cells packed at the bottom, `limit` (mm).  The smooth minimum keeps
 * the observable differentiable. */
static double westergren_mm(const double *p, double cells, double phi, double limit)
{
    double r_cell = cbrt(3.0 * p[P_MCV] * 1e-18 / (4.0 * MAS_PI));     /* m */
    double r = r_cell * cbrt(cells);
    double v = 2.0 / 9.0 * (p[P_RHO_RBC] - p[P_RHO_PLASMA]) * MAS_G * r * r / p[P_VISC];
    double fall = v * pow(1.0 - phi, p[P_RZ]) * 3.6e6;                  /* m/s -> mm in 1 h */
    double m = p[P_CORNER];
    return fall / pow(1.0 + pow(fall / limit, m), 1.0 / m);
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const double *p = c->p;
    double hct = y[c->ix[N_STATES + U_HB]] * p[P_HCT_PER_HB];          /* % */
    double phi = p[P_DILUTION] * fmin(fmax(hct / 100.0, 0.0), 1.0);    /* in the tube */
    double cells = rouleau_size(p, y[c->ix[N_STATES + U_FIB]]);
    double limit = p[P_COLUMN] * (1.0 - phi);
    obs[O_HEMATOCRIT] = hct;
    obs[O_ROULEAU_SIZE] = cells;
    obs[O_ESR_LIMIT] = limit;
    obs[O_ESR] = westergren_mm(p, cells, phi, limit);
}

static void initial(const struct mas_ctx *c, double *y)
{
    y[c->ix[S_CRP]] = c->p[P_CRP_BASE];
}

const struct mas_module mas_module_esr = {
    .name = "esr",
    .doc = "CRP from IL-6; ESR by Stokes' law (rouleaux from fibrinogen and IgG, hindered settling, bounded by the Westergren column)",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
