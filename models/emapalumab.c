/*
 * emapalumab.c — the anti-IFN-γ antibody (Gamifant): two-compartment PK
 * with weight-based volumes, clearance that rises with the IFN-γ burden
 * (target-mediated), and binding that neutralises free IFN-γ into a
 * complex cleared like the antibody.  Lowering free IFN-γ de-activates
 * macrophages and lowers CXCL9 downstream (immune.c, cytokines.c).
 * docs/model.md §12.1.
 */
#include "kinetics.h"
#include "model.h"

enum { S_CENTRAL, S_PERIPHERAL, S_INFUSION, S_BOUND, N_STATES };
enum { U_IFNG, N_USES };
enum { Q_WEIGHT, N_USES_PARAMS };
enum { P_V1, P_V2, P_CL, P_Q, P_TMDD_REF, P_KON, P_MW, N_PARAMS };
enum { O_EMAPALUMAB_CONCENTRATION, O_EMAPALUMAB_CLEARANCE, N_OBS };

static const struct mas_state_def states[] = {
    [S_CENTRAL] = {"emapalumab_central", "mg", 0.0, "emapalumab in the central compartment"},
    [S_PERIPHERAL] = {"emapalumab_peripheral", "mg", 0.0, "emapalumab in the peripheral compartment"},
    [S_INFUSION] = {"emapalumab_infusion", "mg/d", 0.0, "emapalumab infusion rate (set by the dosing schedule)"},
    [S_BOUND] = {"ifng_bound", "pg/mL", 0.0, "IFN-gamma bound to emapalumab (total IFN-gamma = free + bound)"},
};

static const struct mas_param_def params[] = {
    [P_V1] = {"emapalumab_v1_70kg", 4.2, "L", "central volume 4.2 L for a 70 kg subject (Gamifant US label, 12.3)", MAS_RANGE_POSITIVE},
    [P_V2] = {"emapalumab_v2_70kg", 5.6, "L", "peripheral volume 5.6 L for a 70 kg subject (Gamifant US label, 12.3)", MAS_RANGE_POSITIVE},
    [P_CL] = {"emapalumab_cl_70kg", 0.349, "L/d", "calibrated: terminal half-life ~22 d in healthy subjects (Gamifant US label, 12.3) with the label's volumes; the label's clearance 0.007 L/h with those volumes would give ~40 d", MAS_RANGE_POSITIVE},
    [P_Q] = {"emapalumab_q_70kg", 0.96, "L/d", "calibrated: distribution over a few days (no inter-compartmental clearance in the label)", MAS_RANGE_POSITIVE},
    [P_TMDD_REF] = {"emapalumab_tmdd_ifng", 10000.0, "pg/mL", "clearance constant while total IFN-gamma < ~10,000 pg/mL, rising in proportion above (Brossard and Laveille, Rheumatol Ther 2024; smooth form)", MAS_RANGE_POSITIVE},
    [P_KON] = {"emapalumab_kon", 86.4, "1/(nM d)", "calibrated: association rate 1e6 /M/s, typical of a high-affinity IgG1; neutralises free IFN-gamma within minutes at therapeutic levels", MAS_RANGE_POSITIVE},
    [P_MW] = {"emapalumab_mw_kda", 148.0, "kDa", "molecular weight ~148 kDa (Gamifant US label, 11)", MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_IFNG] = "ifng",
};
static const char *const uses_params[] = {
    [Q_WEIGHT] = "body_weight_kg",
};

static const struct mas_obs_def observables[] = {
    [O_EMAPALUMAB_CONCENTRATION] = {"emapalumab_concentration", "ug/mL", "serum emapalumab (central compartment)"},
    [O_EMAPALUMAB_CLEARANCE] = {"emapalumab_clearance", "L/d", "current total clearance (linear x target-mediated factor)"},
};

static const struct mas_drug drug = {
    .name = "emapalumab", .iv_state = "emapalumab_central", .infusion_state = "emapalumab_infusion",
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

struct pk { double v1, v2, cl, q, tmdd, dtmdd_dtotal, conc_nm_per_mg_l; };

/* Volumes scale with weight, clearances with weight^0.75 (allometry). */
static struct pk pk_terms(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double w = *c->up[Q_WEIGHT] / 70.0, wcl = pow(w, 0.75);
    double total = y[c->ix[N_STATES + U_IFNG]] + y[c->ix[S_BOUND]];
    double x = total / p[P_TMDD_REF];
    struct pk k;
    k.v1 = p[P_V1] * w;
    k.v2 = p[P_V2] * w;
    k.cl = p[P_CL] * wcl;
    k.q = p[P_Q] * wcl;
    k.tmdd = sqrt(1.0 + x * x);
    k.dtmdd_dtotal = x / (k.tmdd * p[P_TMDD_REF]);
    k.conc_nm_per_mg_l = 1e6 / (p[P_MW] * 1e3);   /* mg/L -> nM */
    return k;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const int *ix = c->ix;
    struct pk k = pk_terms(c, y);
    double a1 = y[ix[S_CENTRAL]], a2 = y[ix[S_PERIPHERAL]], bound = y[ix[S_BOUND]];
    double ifng = y[ix[N_STATES + U_IFNG]];
    double kel = k.cl * k.tmdd / k.v1;
    double binding = c->p[P_KON] * (a1 / k.v1) * k.conc_nm_per_mg_l * ifng;

    dy[ix[S_CENTRAL]] += y[ix[S_INFUSION]] - kel * a1 - k.q / k.v1 * a1 + k.q / k.v2 * a2;
    dy[ix[S_PERIPHERAL]] += k.q / k.v1 * a1 - k.q / k.v2 * a2;
    dy[ix[S_BOUND]] += binding - kel * bound;
    dy[ix[N_STATES + U_IFNG]] -= binding;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const int *ix = c->ix;
    struct pk k = pk_terms(c, y);
    int i1 = ix[S_CENTRAL], i2 = ix[S_PERIPHERAL], ir = ix[S_INFUSION], ib = ix[S_BOUND];
    int ig = ix[N_STATES + U_IFNG];
    double a1 = y[i1], bound = y[ib], ifng = y[ig];
    double kel = k.cl * k.tmdd / k.v1, dkel = k.cl * k.dtmdd_dtotal / k.v1;   /* d kel / d total */
    double kb = c->p[P_KON] * k.conc_nm_per_mg_l / k.v1;                       /* binding = kb a1 ifng */

    MAS_J(c, J, i1, ir) += 1.0;
    MAS_J(c, J, i1, i1) += -kel - k.q / k.v1;
    MAS_J(c, J, i1, i2) += k.q / k.v2;
    MAS_J(c, J, i1, ig) += -dkel * a1;
    MAS_J(c, J, i1, ib) += -dkel * a1;
    MAS_J(c, J, i2, i1) += k.q / k.v1;
    MAS_J(c, J, i2, i2) += -k.q / k.v2;
    MAS_J(c, J, ib, i1) += kb * ifng;
    MAS_J(c, J, ib, ig) += kb * a1 - dkel * bound;
    MAS_J(c, J, ib, ib) += -kel - dkel * bound;
    MAS_J(c, J, ig, i1) += -kb * ifng;
    MAS_J(c, J, ig, ig) += -kb * a1;
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    struct pk k = pk_terms(c, y);
    obs[O_EMAPALUMAB_CONCENTRATION] = y[c->ix[S_CENTRAL]] / k.v1;
    obs[O_EMAPALUMAB_CLEARANCE] = k.cl * k.tmdd;
}

const struct mas_module mas_module_emapalumab = {
    .name = "emapalumab",
    .doc = "anti-IFN-gamma antibody: two-compartment PK, target-mediated clearance, IFN-gamma neutralisation",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .drugs = &drug, .n_drugs = 1,
    .rhs = rhs, .jac = jac, .observe = observe,
};
