/*
 * emapalumab.c — the anti-IFN-γ antibody (Gamifant): two-compartment PK
 * with weight-based volumes, clearance that rises with total IFN-γ as the
 * published population-PK analysis reports (target-mediated), and
 * reversible binding that occupies the antibody's two sites and
 * neutralises free IFN-γ into a complex cleared like the antibody.
 * Lowering free IFN-γ de-activates macrophages and lowers CXCL9 downstream
 * (immune.c, cytokines.c).
 * docs/model.md §12.1.
 */
#include "kinetics.h"
#include "model.h"

enum { S_CENTRAL, S_PERIPHERAL, S_INFUSION, S_BOUND, S_BOUND_T, N_STATES };
enum { U_IFNG, U_IFNG_T, N_USES };
enum { Q_WEIGHT, Q_RATIO, N_USES_PARAMS };
enum { P_V1, P_V2, P_CL, P_Q, P_TMDD_REF, P_TMDD_EXP, P_KON, P_KOFF, P_MW, P_IFNG_MW, N_PARAMS };
enum { O_EMAPALUMAB_CONCENTRATION, O_EMAPALUMAB_CLEARANCE, O_IFNG_TOTAL, O_FREE_SITES, O_FREE_SITES_T, O_NEUTRALISED_T, N_OBS };

static const struct mas_state_def states[] = {
    [S_CENTRAL] = {"emapalumab_central", "mg", 0.0, "emapalumab in the central compartment (free and carrying IFN-gamma)"},
    [S_PERIPHERAL] = {"emapalumab_peripheral", "mg", 0.0, "emapalumab in the peripheral compartment"},
    [S_INFUSION] = {"emapalumab_infusion", "mg/d", 0.0, "emapalumab infusion rate (set by the dosing schedule)"},
    [S_BOUND] = {"ifng_bound", "pg/mL", 0.0, "serum IFN-gamma bound to emapalumab (total IFN-gamma = free + bound)"},
    [S_BOUND_T] = {"ifng_bound_tissue", "pg/mL", 0.0, "IFN-gamma bound to emapalumab in the peripheral (tissue) compartment, per mL of its volume"},
};

static const struct mas_param_def params[] = {
    [P_V1] = {"emapalumab_v1_70kg", 4.2, "L", "central volume 4.2 L for a 70 kg subject, in proportion to weight (Gamifant US label, 12.3)", MAS_RANGE_POSITIVE},
    [P_V2] = {"emapalumab_v2_70kg", 5.6, "L", "peripheral volume 5.6 L for a 70 kg subject, in proportion to weight (Gamifant US label, 12.3)", MAS_RANGE_POSITIVE},
    [P_CL] = {"emapalumab_cl_10kg", 0.04358, "L/d", "linear clearance of a 10 kg child, x (W/10)^0.75: with the IFN-gamma term, fitted to the typical clearances 0.00218, 0.00308, 0.00623, 0.01718 L/h of a 10 kg child with primary HLH at total IFN-gamma 1e3-1e6 pg/mL (Brossard and Laveille, Rheumatol Ther 2024;11(3), PMID 38662147); gives 0.0078 L/h at 70 kg (label 12.3: ~0.007 L/h in healthy subjects)", MAS_RANGE_POSITIVE},
    [P_Q] = {"emapalumab_q_10kg", 0.489, "L/d", "calibrated: with the label's volumes, the terminal half-lives 19.2, 13.8, 7.18, 3.12 d of a 10 kg child at total IFN-gamma 1e3-1e6 pg/mL (Brossard and Laveille 2024) within 0.1 %; x (W/10)^0.75", MAS_RANGE_POSITIVE},
    [P_TMDD_REF] = {"emapalumab_tmdd_ifng", 19458.0, "pg/mL", "total IFN-gamma at which target-mediated clearance equals the linear clearance: fitted to the clearance table of Brossard and Laveille 2024 (clearance constant below ~10,000 pg/mL total IFN-gamma, rising above)", MAS_RANGE_POSITIVE},
    [P_TMDD_EXP] = {"emapalumab_tmdd_exponent", 0.542, "1", "fitted with emapalumab_tmdd_ifng to the same table: clearance x2.8 from 1e5 to 1e6 pg/mL total IFN-gamma", MAS_RANGE_POSITIVE},
    [P_KON] = {"emapalumab_kon", 86.4, "1/(nM d)", "calibrated: association rate 1e6 /M/s, typical of a high-affinity IgG1 (no published value found)", MAS_RANGE_POSITIVE},
    [P_KOFF] = {"emapalumab_koff", 8.64, "1/d", "calibrated: KD = koff/kon = 0.1 nM (no published KD for emapalumab found; high-affinity anti-cytokine IgG1)", MAS_RANGE_NONNEGATIVE},
    [P_MW] = {"emapalumab_mw_kda", 148.0, "kDa", "molecular weight ~148 kDa (Gamifant US label, 11); two binding sites per antibody (IgG1)", MAS_RANGE_POSITIVE},
    [P_IFNG_MW] = {"ifng_mw_kda", 34.0, "kDa", "IFN-gamma circulates as a homodimer of two 17 kDa chains; one dimer per binding site (assumed)", MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_IFNG] = "ifng",
    [U_IFNG_T] = "ifng_tissue",
};
static const char *const uses_params[] = {
    [Q_WEIGHT] = "body_weight_kg",
    [Q_RATIO] = "ifng_tissue_ratio",
};

static const struct mas_obs_def observables[] = {
    [O_EMAPALUMAB_CONCENTRATION] = {"emapalumab_concentration", "ug/mL", "serum emapalumab (central compartment, free and carrying IFN-gamma)"},
    [O_EMAPALUMAB_CLEARANCE] = {"emapalumab_clearance", "L/d", "current total clearance (linear x target-mediated factor)"},
    [O_IFNG_TOTAL] = {"ifng_total", "pg/mL", "total serum IFN-gamma, free + bound to emapalumab (what an immunoassay of total IFN-gamma measures)"},
    [O_FREE_SITES] = {"emapalumab_free_sites", "nM", "unoccupied emapalumab binding sites in serum"},
    [O_FREE_SITES_T] = {"emapalumab_free_sites_tissue", "nM", "unoccupied emapalumab binding sites in the peripheral (tissue) compartment"},
    [O_NEUTRALISED_T] = {"ifng_tissue_neutralised", "%", "share of tissue IFN-gamma held by emapalumab: bound / (free + bound)"},
};

static const struct mas_drug drug = {
    .name = "emapalumab", .iv_state = "emapalumab_central", .infusion_state = "emapalumab_infusion",
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

struct pk {
    double v1, v2, cl, q, tmdd, dtmdd_dtotal;
    double nm_per_mg_l;     /* antibody: mg/L -> nM of binding sites (2 per IgG) */
    double nm_per_pg_ml;    /* IFN-gamma: pg/mL -> nM */
};

/* Volumes scale with weight, clearances with (weight/10 kg)^0.75. */
static struct pk pk_terms(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double w = *c->up[Q_WEIGHT];
    double wcl = pow(w / 10.0, 0.75);
    double total = y[c->ix[N_STATES + U_IFNG]] + y[c->ix[S_BOUND]];
    double x = fmax(total, 0.0) / p[P_TMDD_REF], g = p[P_TMDD_EXP];
    struct pk k;
    k.v1 = p[P_V1] * w / 70.0;
    k.v2 = p[P_V2] * w / 70.0;
    k.cl = p[P_CL] * wcl;
    k.q = p[P_Q] * wcl;
    double xg = x > 0.0 ? pow(x, g) : 0.0;          /* one pow: the RHS runs millions of times */
    k.tmdd = 1.0 + xg;
    k.dtmdd_dtotal = x > 0.0 ? g * xg / (x * p[P_TMDD_REF]) : 0.0;
    k.nm_per_mg_l = 2.0 * 1e3 / p[P_MW];             /* 1 mg/L of IgG = 1e3/MW(kDa) nM, 2 sites */
    k.nm_per_pg_ml = 1e-3 / p[P_IFNG_MW];             /* 1 pg/mL = 1e-3/MW(kDa) nM */
    return k;
}

/* Free binding sites (nM) in a compartment: two per antibody, less those
 * carrying IFN-gamma. */
static double free_sites(const struct pk *k, double amount, double volume, double bound)
{
    return amount / volume * k->nm_per_mg_l - bound * k->nm_per_pg_ml;
}

/* Net binding (pg/mL/d): association to free sites less dissociation. */
static double binding(const double *p, double sites, double ifng, double bound)
{
    return p[P_KON] * sites * ifng - p[P_KOFF] * bound;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct pk k = pk_terms(c, y);
    double a1 = y[ix[S_CENTRAL]], a2 = y[ix[S_PERIPHERAL]];
    double bs = y[ix[S_BOUND]], bt = y[ix[S_BOUND_T]];
    double g = y[ix[N_STATES + U_IFNG]], gt = y[ix[N_STATES + U_IFNG_T]];
    double kel = k.cl * k.tmdd / k.v1;
    double net_c = binding(p, free_sites(&k, a1, k.v1, bs), g, bs);
    double net_t = binding(p, free_sites(&k, a2, k.v2, bt), gt, bt);

    dy[ix[S_CENTRAL]] += y[ix[S_INFUSION]] - kel * a1 - k.q / k.v1 * a1 + k.q / k.v2 * a2;
    dy[ix[S_PERIPHERAL]] += k.q / k.v1 * a1 - k.q / k.v2 * a2;
    /* the complex travels and is cleared with the antibody that carries it */
    dy[ix[S_BOUND]] += net_c - kel * bs + k.q / k.v1 * (bt - bs);
    dy[ix[S_BOUND_T]] += net_t + k.q / k.v2 * (bs - bt);
    dy[ix[N_STATES + U_IFNG]] -= net_c;
    dy[ix[N_STATES + U_IFNG_T]] -= net_t;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct pk k = pk_terms(c, y);
    int i1 = ix[S_CENTRAL], i2 = ix[S_PERIPHERAL], ir = ix[S_INFUSION];
    int ib = ix[S_BOUND], ibt = ix[S_BOUND_T];
    int ig = ix[N_STATES + U_IFNG], igt = ix[N_STATES + U_IFNG_T];
    double a1 = y[i1], a2 = y[i2], bs = y[ib], bt = y[ibt], g = y[ig], gt = y[igt];
    double kel = k.cl * k.tmdd / k.v1, dkel = k.cl * k.dtmdd_dtotal / k.v1;   /* d kel / d total */
    double qv1 = k.q / k.v1, qv2 = k.q / k.v2;
    /* serum: net_c = kon sites_c g - koff bs; tissue likewise */
    double dnc_da1 = p[P_KON] * g * k.nm_per_mg_l / k.v1;
    double dnc_dg = p[P_KON] * free_sites(&k, a1, k.v1, bs);
    double dnc_db = -p[P_KON] * g * k.nm_per_pg_ml - p[P_KOFF];
    double dnt_da2 = p[P_KON] * gt * k.nm_per_mg_l / k.v2;
    double dnt_dg = p[P_KON] * free_sites(&k, a2, k.v2, bt);
    double dnt_db = -p[P_KON] * gt * k.nm_per_pg_ml - p[P_KOFF];

    MAS_J(c, J, i1, ir) += 1.0;
    MAS_J(c, J, i1, i1) += -kel - qv1;
    MAS_J(c, J, i1, i2) += qv2;
    MAS_J(c, J, i1, ig) += -dkel * a1;
    MAS_J(c, J, i1, ib) += -dkel * a1;
    MAS_J(c, J, i2, i1) += qv1;
    MAS_J(c, J, i2, i2) += -qv2;

    MAS_J(c, J, ib, i1) += dnc_da1;
    MAS_J(c, J, ib, ig) += dnc_dg - dkel * bs;
    MAS_J(c, J, ib, ib) += dnc_db - kel - dkel * bs - qv1;
    MAS_J(c, J, ib, ibt) += qv1;
    MAS_J(c, J, ibt, i2) += dnt_da2;
    MAS_J(c, J, ibt, igt) += dnt_dg;
    MAS_J(c, J, ibt, ibt) += dnt_db - qv2;
    MAS_J(c, J, ibt, ib) += qv2;

    MAS_J(c, J, ig, i1) += -dnc_da1;
    MAS_J(c, J, ig, ig) += -dnc_dg;
    MAS_J(c, J, ig, ib) += -dnc_db;
    MAS_J(c, J, igt, i2) += -dnt_da2;
    MAS_J(c, J, igt, igt) += -dnt_dg;
    MAS_J(c, J, igt, ibt) += -dnt_db;
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    struct pk k = pk_terms(c, y);
    double bs = y[c->ix[S_BOUND]], bt = y[c->ix[S_BOUND_T]];
    double gt = y[c->ix[N_STATES + U_IFNG_T]];
    obs[O_EMAPALUMAB_CONCENTRATION] = y[c->ix[S_CENTRAL]] / k.v1;
    obs[O_EMAPALUMAB_CLEARANCE] = k.cl * k.tmdd;
    obs[O_IFNG_TOTAL] = y[c->ix[N_STATES + U_IFNG]] + bs;
    obs[O_FREE_SITES] = free_sites(&k, y[c->ix[S_CENTRAL]], k.v1, bs);
    obs[O_FREE_SITES_T] = free_sites(&k, y[c->ix[S_PERIPHERAL]], k.v2, bt);
    obs[O_NEUTRALISED_T] = gt + bt > 0.0 ? 100.0 * bt / (gt + bt) : 0.0;
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
