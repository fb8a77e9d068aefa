/*
 * erythron.c — the marrow with feedback for red cells.  Erythropoietin
 * rises log-linearly as hemoglobin falls; it drives the entry of
 * transferrin iron into erythroid precursors, limited by transferrin
 * saturation (iron-restricted erythropoiesis) and suppressed by IFN-γ and
 * TNF-α.  Iron moves through a chain of precursor compartments (the marrow
 * transit delay) and leaves the marrow as hemoglobin; the newest red cells
 * are counted as reticulocytes for their maturation time.  The iron pools
 * (transferrin, hemoglobin) are states of iron.c.  docs/model.md §5.1.
 */
#include <math.h>

#include "kinetics.h"
#include "model.h"

#define N_CHAIN 4

enum { S_P1, S_P2, S_P3, S_P4, S_RETIC, N_STATES };
enum { U_HB, U_TF, U_MAC, U_IFNG, U_TNF, N_USES };
enum {
    Q_HB0, Q_LIFE, Q_FE_PER_HB, Q_BV, Q_PV, Q_SI0, Q_TIBC, Q_EPH, Q_IFNG0, Q_TNF0,
    N_USES_PARAMS
};
enum {
    P_EPO_BASE, P_EPO_SLOPE, P_MAX_FOLD, P_TRANSIT, P_RETIC_MAT, P_TSAT_K,
    P_IFNG_SUPP, P_IFNG_EC50, P_TNF_SUPP, P_TNF_EC50,
    N_PARAMS
};
enum { O_EPO, O_RETIC, O_ERYTHROPOIESIS, N_OBS };

static const struct mas_state_def states[] = {
    [S_P1] = {"erythroid_iron_1", "mg/kg", 0.357, "iron in erythroid precursors, first quarter of the marrow transit"},
    [S_P2] = {"erythroid_iron_2", "mg/kg", 0.357, "iron in erythroid precursors, second quarter"},
    [S_P3] = {"erythroid_iron_3", "mg/kg", 0.357, "iron in erythroid precursors, third quarter"},
    [S_P4] = {"erythroid_iron_4", "mg/kg", 0.357, "iron in erythroid precursors, last quarter (to marrow release)"},
    [S_RETIC] = {"reticulocyte_iron", "mg/kg", 0.236, "hemoglobin iron in circulating reticulocytes (part of hemoglobin)"},
};

static const struct mas_param_def params[] = {
    [P_EPO_BASE] = {"erythropoietin_baseline", 10.0, "mU/mL", "calibrated: inside the serum erythropoietin reference interval of ~4-27 mU/mL", MAS_RANGE_POSITIVE},
    [P_EPO_SLOPE] = {"erythropoietin_hb_slope", 0.131, "1/(g/dL)", "log10(EPO) = 3.05 - 0.131 Hb in 1,096 subjects with normal renal function, Hb 3.6-23.8 g/dL (Symeonidis et al., J Biomed Sci Eng 2016;9(10), doi:10.4236/jbise.2016.910042)", MAS_RANGE_NONNEGATIVE},
    [P_MAX_FOLD] = {"erythropoiesis_max_fold", 6.0, "1", "calibrated: the marrow can raise red-cell production several-fold (4-5x acutely with iron, more in chronic hemolysis: Hillman, J Clin Invest 1969;48:443)", MAS_RANGE_POSITIVE},
    [P_TRANSIT] = {"erythroid_transit_d", 6.0, "d", "calibrated: pronormoblast to marrow release ~5-7 d (textbook value, no primary measurement re-read)", MAS_RANGE_POSITIVE},
    [P_RETIC_MAT] = {"reticulocyte_maturation_d", 1.0, "d", "circulating reticulocyte maturation time 1 d at normal hematocrit, 1.5-2.5 d in anemia (Hillman, J Clin Invest 1969;48:443); held at 1 d", MAS_RANGE_POSITIVE},
    [P_TSAT_K] = {"erythropoiesis_tsat_k", 16.0, "%", "transferrin saturation below ~16% cannot supply normal erythropoiesis (Bainton and Finch, Am J Med 1964;37:62); half-maximal uptake there", MAS_RANGE_POSITIVE},
    [P_IFNG_SUPP] = {"erythropoiesis_ifng_suppression", 0.5, "1", "calibrated: IFN-gamma suppresses erythroid progenitors (anemia of inflammation)", MAS_RANGE_FRACTION},
    [P_IFNG_EC50] = {"erythropoiesis_ifng_ec50", 100.0, "pg/mL", "calibrated: as mac_ifng_ec50", MAS_RANGE_POSITIVE},
    [P_TNF_SUPP] = {"erythropoiesis_tnf_suppression", 0.3, "1", "calibrated: TNF-alpha suppresses erythroid progenitors (anemia of inflammation)", MAS_RANGE_FRACTION},
    [P_TNF_EC50] = {"erythropoiesis_tnf_ec50", 20.0, "pg/mL", "calibrated: as ferritin_tnf_ec50", MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_HB] = "hemoglobin",
    [U_TF] = "plasma_iron",
    [U_MAC] = "mac_activation",
    [U_IFNG] = "ifng_signal",
    [U_TNF] = "tnf",
};
static const char *const uses_params[] = {
    [Q_HB0] = "hemoglobin_baseline",
    [Q_LIFE] = "rbc_lifespan_d",
    [Q_FE_PER_HB] = "iron_per_hb",
    [Q_BV] = "blood_volume",
    [Q_PV] = "plasma_volume",
    [Q_SI0] = "serum_iron_baseline",
    [Q_TIBC] = "tibc",
    [Q_EPH] = "erythrophagocytosis_per_d",
    [Q_IFNG0] = "ifng_baseline",
    [Q_TNF0] = "tnf_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_EPO] = {"erythropoietin", "mU/mL", "serum erythropoietin"},
    [O_RETIC] = {"reticulocytes", "%", "reticulocytes, percent of red cells"},
    [O_ERYTHROPOIESIS] = {"erythropoiesis", "1", "iron entering the erythroid marrow relative to rest"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

#define Q(c, k) (*(c)->up[(k)])

struct marrow {
    double fe, krbc, j0, kchain, kret, tsat0, kepo;
};

static struct marrow constants(const struct mas_ctx *c)
{
    struct marrow m;
    m.fe = Q(c, Q_FE_PER_HB) * Q(c, Q_BV);
    m.krbc = 1.0 / Q(c, Q_LIFE);
    m.j0 = m.fe * m.krbc * Q(c, Q_HB0);
    m.kchain = N_CHAIN / c->p[P_TRANSIT];
    m.kret = 1.0 / c->p[P_RETIC_MAT];
    m.tsat0 = 100.0 * Q(c, Q_SI0) / Q(c, Q_TIBC);
    m.kepo = (c->p[P_MAX_FOLD] - 1.0) * c->p[P_EPO_BASE];
    return m;
}

static double tsat_of(const struct mas_ctx *c, double tf)
{
    return 100.0 * (100.0 * tf / Q(c, Q_PV)) / Q(c, Q_TIBC);
}

static double epo_of(const struct mas_ctx *c, double hb)
{
    return c->p[P_EPO_BASE] * pow(10.0, c->p[P_EPO_SLOPE] * (Q(c, Q_HB0) - hb));
}

/* Iron entering the erythroid marrow (mg/kg/d) and its derivatives in Hb,
 * transferrin iron, IFN-gamma and TNF-alpha. */
struct entry {
    double j, d_hb, d_tf, d_ifng, d_tnf, rel;
};

static struct entry marrow_entry(const struct mas_ctx *c, const struct marrow *m, const double *y)
{
    const double *p = c->p;
    const int *ix = c->ix;
    double hb = y[ix[N_STATES + U_HB]], tf = y[ix[N_STATES + U_TF]];
    double ifng = y[ix[N_STATES + U_IFNG]], tnf = y[ix[N_STATES + U_TNF]];
    double epo = epo_of(c, hb);
    double d_epo = -p[P_EPO_SLOPE] * log(10.0) * epo;
    double h0 = hill1(p[P_EPO_BASE], m->kepo);
    double drive = hill1(epo, m->kepo) / h0, d_drive = dhill1(epo, m->kepo) / h0 * d_epo;
    double si = 1.0 - p[P_IFNG_SUPP] * excess1(ifng, Q(c, Q_IFNG0), p[P_IFNG_EC50]);
    double st = 1.0 - p[P_TNF_SUPP] * excess1(tnf, Q(c, Q_TNF0), p[P_TNF_EC50]);
    double dsi = -p[P_IFNG_SUPP] * dexcess1(ifng, Q(c, Q_IFNG0), p[P_IFNG_EC50]);
    double dst = -p[P_TNF_SUPP] * dexcess1(tnf, Q(c, Q_TNF0), p[P_TNF_EC50]);
    double f0 = hill2(m->tsat0, p[P_TSAT_K]);
    double ts = tsat_of(c, tf);
    double iron = hill2(ts, p[P_TSAT_K]) / f0;
    double d_iron = dhill2(ts, p[P_TSAT_K]) / f0 * tsat_of(c, 1.0);
    struct entry e;
    e.rel = drive * si * st * iron;
    e.j = m->j0 * e.rel;
    e.d_hb = m->j0 * d_drive * si * st * iron;
    e.d_tf = m->j0 * drive * si * st * d_iron;
    e.d_ifng = m->j0 * drive * dsi * st * iron;
    e.d_tnf = m->j0 * drive * si * dst * iron;
    return e;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const int *ix = c->ix;
    struct marrow m = constants(c);
    struct entry e = marrow_entry(c, &m, y);
    double mac = y[ix[N_STATES + U_MAC]];
    double out = m.kchain * y[ix[S_P4]];

    dy[ix[S_P1]] += e.j - m.kchain * y[ix[S_P1]];
    for (int i = 1; i < N_CHAIN; i++)
        dy[ix[S_P1 + i]] += m.kchain * (y[ix[S_P1 + i - 1]] - y[ix[S_P1 + i]]);
    dy[ix[S_RETIC]] += out - (m.kret + m.krbc + Q(c, Q_EPH) * mac) * y[ix[S_RETIC]];
    dy[ix[N_STATES + U_HB]] += out / m.fe;
    dy[ix[N_STATES + U_TF]] -= e.j;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const int *ix = c->ix;
    struct marrow m = constants(c);
    struct entry e = marrow_entry(c, &m, y);
    double mac = y[ix[N_STATES + U_MAC]];
    int ihb = ix[N_STATES + U_HB], itf = ix[N_STATES + U_TF];
    int iifn = ix[N_STATES + U_IFNG], itnf = ix[N_STATES + U_TNF];
    int ip1 = ix[S_P1], ip4 = ix[S_P4], ir = ix[S_RETIC];

    MAS_J(c, J, ip1, ihb) += e.d_hb;
    MAS_J(c, J, ip1, itf) += e.d_tf;
    MAS_J(c, J, ip1, iifn) += e.d_ifng;
    MAS_J(c, J, ip1, itnf) += e.d_tnf;
    MAS_J(c, J, itf, ihb) -= e.d_hb;
    MAS_J(c, J, itf, itf) -= e.d_tf;
    MAS_J(c, J, itf, iifn) -= e.d_ifng;
    MAS_J(c, J, itf, itnf) -= e.d_tnf;
    for (int i = 0; i < N_CHAIN; i++) {
        MAS_J(c, J, ix[S_P1 + i], ix[S_P1 + i]) += -m.kchain;
        if (i > 0)
            MAS_J(c, J, ix[S_P1 + i], ix[S_P1 + i - 1]) += m.kchain;
    }
    MAS_J(c, J, ir, ip4) += m.kchain;
    MAS_J(c, J, ir, ir) += -(m.kret + m.krbc + Q(c, Q_EPH) * mac);
    MAS_J(c, J, ir, ix[N_STATES + U_MAC]) += -Q(c, Q_EPH) * y[ir];
    MAS_J(c, J, ihb, ip4) += m.kchain / m.fe;
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const int *ix = c->ix;
    struct marrow m = constants(c);
    struct entry e = marrow_entry(c, &m, y);
    double hb = y[ix[N_STATES + U_HB]];
    obs[O_EPO] = epo_of(c, hb);
    obs[O_RETIC] = 100.0 * y[ix[S_RETIC]] / (m.fe * hb);
    obs[O_ERYTHROPOIESIS] = e.rel;
}

/* Resting state: the marrow takes up what senescence returns. */
static void initial(const struct mas_ctx *c, double *y)
{
    const int *ix = c->ix;
    struct marrow m = constants(c);
    for (int i = 0; i < N_CHAIN; i++)
        y[ix[S_P1 + i]] = m.j0 / m.kchain;
    y[ix[S_RETIC]] = m.j0 / (m.kret + m.krbc);
}

const struct mas_module mas_module_erythron = {
    .name = "erythron",
    .doc = "erythropoietin, erythroid precursor chain (marrow transit), reticulocytes",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
