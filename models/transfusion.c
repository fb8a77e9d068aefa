/*
 * transfusion.c — blood products in the dosing language: packed red cells,
 * platelet concentrate and cryoprecipitate dosed by volume (mL or mL/kg),
 * fibrinogen concentrate by mass (mg or mg/kg), each given as an IV
 * infusion.  While a product runs, it raises its lab value at the product's
 * expected increment per mL/kg (per mg/kg): hemoglobin, platelets,
 * fibrinogen; from then on the receiving module's own kinetics (red-cell
 * senescence and erythrophagocytosis, platelet lifespan and consumption,
 * fibrinogen catabolism and consumption) act on what was given, as on the
 * patient's own.  The cumulative amount of each product is a state, so a
 * run reports what it gave and the iron balance can count the iron that
 * came in with red cells.  docs/model.md §12.9.
 */
#include "kinetics.h"
#include "model.h"

enum {
    S_RBC_RATE, S_PLT_RATE, S_CRYO_RATE, S_FIB_RATE,
    S_RBC_GIVEN, S_PLT_GIVEN, S_CRYO_GIVEN, S_FIB_GIVEN,
    N_STATES
};
enum { U_HB, U_PLT, U_FIB, N_USES };
enum { Q_WEIGHT, Q_BLOOD_VOLUME, Q_IRON_PER_HB, N_USES_PARAMS };
enum { P_RBC_HB, P_PLT_COUNT, P_PLT_RECOVERY, P_CRYO_FIB, P_FIB_RECOVERY, N_PARAMS };
enum { O_TRANSFUSED_IRON, N_OBS };

static const struct mas_state_def states[] = {
    [S_RBC_RATE] = {"packed_red_cells_infusion", "mL/d", 0.0, "packed red cells running (infusion rate)"},
    [S_PLT_RATE] = {"platelet_concentrate_infusion", "mL/d", 0.0, "platelet concentrate running (infusion rate)"},
    [S_CRYO_RATE] = {"cryoprecipitate_infusion", "mL/d", 0.0, "cryoprecipitate running (infusion rate)"},
    [S_FIB_RATE] = {"fibrinogen_concentrate_infusion", "mg/d", 0.0, "fibrinogen concentrate running (infusion rate)"},
    [S_RBC_GIVEN] = {"packed_red_cells_given", "mL/kg", 0.0, "packed red cells given so far"},
    [S_PLT_GIVEN] = {"platelet_concentrate_given", "mL/kg", 0.0, "platelet concentrate given so far"},
    [S_CRYO_GIVEN] = {"cryoprecipitate_given", "mL/kg", 0.0, "cryoprecipitate given so far"},
    [S_FIB_GIVEN] = {"fibrinogen_concentrate_given", "mg/kg", 0.0, "fibrinogen concentrate given so far"},
};

static const struct mas_param_def params[] = {
    [P_RBC_HB] = {"red_cell_hb_increment", 0.2, "(g/dL)/(mL/kg)", "packed red cells of hematocrit 0.6: 10 mL/kg raises hemoglobin by 2 g/dL, volume = weight x increment x 3 / product hematocrit (Davies et al., Transfusion 2007;47:212; 379 PICU transfusions, slope 5.02 mL/kg per g/dL)", MAS_RANGE_NONNEGATIVE},
    [P_PLT_COUNT] = {"platelet_concentrate_count", 1000.0, "10^9/L", "calibrated: platelets in the bag, an apheresis unit of >= 3 x10^11 platelets in ~200-300 mL (AABB standard as summarised in transfusion references; no primary paediatric increment study found)", MAS_RANGE_NONNEGATIVE},
    [P_PLT_RECOVERY] = {"platelet_recovery", 0.67, "1", "about a third of transfused (and own) platelets pool in a normal spleen (Aster, J Clin Invest 1966;45:645); less recovered with splenomegaly (not modelled)", MAS_RANGE_FRACTION},
    [P_CRYO_FIB] = {"cryoprecipitate_fibrinogen", 10.0, "mg/mL", "calibrated: fibrinogen content of cryoprecipitate, AABB minimum 150 mg per unit of ~15 mL; UK units carry more (secondary summaries; not checked against a primary source)", MAS_RANGE_NONNEGATIVE},
    [P_FIB_RECOVERY] = {"fibrinogen_increment", 1.7, "(mg/dL)/(mg/kg)", "fibrinogen rise per mg/kg of fibrinogen concentrate: dose (mg/kg) = (target - measured, mg/dL) / 1.7 (RiaSTAP prescribing information, CSL Behring; 70 mg/kg when the level is unknown)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_HB] = "hemoglobin",
    [U_PLT] = "platelets",
    [U_FIB] = "fibrinogen",
};
static const char *const uses_params[] = {
    [Q_WEIGHT] = "body_weight_kg",
    [Q_BLOOD_VOLUME] = "blood_volume",
    [Q_IRON_PER_HB] = "iron_per_hb",
};

static const struct mas_obs_def observables[] = {
    [O_TRANSFUSED_IRON] = {"transfused_iron", "mg/kg", "iron brought in by the packed red cells given so far (their hemoglobin rise x blood volume x iron per g of hemoglobin)"},
};

static const struct mas_drug drugs[] = {
    {.name = "packed_red_cells", .infusion_state = "packed_red_cells_infusion", .amount_unit = "mL"},
    {.name = "platelet_concentrate", .infusion_state = "platelet_concentrate_infusion", .amount_unit = "mL"},
    {.name = "cryoprecipitate", .infusion_state = "cryoprecipitate_infusion", .amount_unit = "mL"},
    {.name = "fibrinogen_concentrate", .infusion_state = "fibrinogen_concentrate_infusion"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Platelet rise per mL/kg given, 10^9/L: the bag's platelets that stay
 * in the circulation, diluted into the blood volume (dL/kg -> mL/kg). */
static double platelet_increment(const struct mas_ctx *c)
{
    return c->p[P_PLT_COUNT] * c->p[P_PLT_RECOVERY] / (100.0 * *c->up[Q_BLOOD_VOLUME]);
}

/* Rates per kg of body weight: mL/kg/d (mg/kg/d for the concentrate). */
static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    double w = *c->up[Q_WEIGHT];
    double rbc = y[ix[S_RBC_RATE]] / w, plt = y[ix[S_PLT_RATE]] / w;
    double cryo = y[ix[S_CRYO_RATE]] / w, fib = y[ix[S_FIB_RATE]] / w;

    dy[ix[S_RBC_GIVEN]] += rbc;
    dy[ix[S_PLT_GIVEN]] += plt;
    dy[ix[S_CRYO_GIVEN]] += cryo;
    dy[ix[S_FIB_GIVEN]] += fib;
    dy[ix[N_STATES + U_HB]] += p[P_RBC_HB] * rbc;
    dy[ix[N_STATES + U_PLT]] += platelet_increment(c) * plt;
    dy[ix[N_STATES + U_FIB]] += p[P_FIB_RECOVERY] * (p[P_CRYO_FIB] * cryo + fib);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    (void)y;
    const double *p = c->p;
    const int *ix = c->ix;
    double w = *c->up[Q_WEIGHT];
    int irbc = ix[S_RBC_RATE], iplt = ix[S_PLT_RATE], icryo = ix[S_CRYO_RATE], ifib = ix[S_FIB_RATE];

    MAS_J(c, J, ix[S_RBC_GIVEN], irbc) += 1.0 / w;
    MAS_J(c, J, ix[S_PLT_GIVEN], iplt) += 1.0 / w;
    MAS_J(c, J, ix[S_CRYO_GIVEN], icryo) += 1.0 / w;
    MAS_J(c, J, ix[S_FIB_GIVEN], ifib) += 1.0 / w;
    MAS_J(c, J, ix[N_STATES + U_HB], irbc) += p[P_RBC_HB] / w;
    MAS_J(c, J, ix[N_STATES + U_PLT], iplt) += platelet_increment(c) / w;
    MAS_J(c, J, ix[N_STATES + U_FIB], icryo) += p[P_FIB_RECOVERY] * p[P_CRYO_FIB] / w;
    MAS_J(c, J, ix[N_STATES + U_FIB], ifib) += p[P_FIB_RECOVERY] / w;
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    obs[O_TRANSFUSED_IRON] = c->p[P_RBC_HB] * y[c->ix[S_RBC_GIVEN]]
                           * *c->up[Q_BLOOD_VOLUME] * *c->up[Q_IRON_PER_HB];
}

const struct mas_module mas_module_transfusion = {
    .name = "transfusion",
    .doc = "blood products: packed red cells, platelets, cryoprecipitate, fibrinogen concentrate",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .drugs = drugs, .n_drugs = sizeof drugs / sizeof drugs[0],
    .rhs = rhs, .jac = jac, .observe = observe,
};
