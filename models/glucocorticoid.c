/*
 * glucocorticoid.c — methylprednisolone and dexamethasone: one-compartment
 * plasma kinetics each (weight-based volume, IV bolus, infusion or oral
 * depot), feeding one effect compartment in methylprednisolone-equivalents
 * whose equilibration is far slower than plasma elimination (genomic
 * effects outlast plasma levels).  The effect suppresses cytokine
 * production and T-cell expansion (cytokines.c, immune.c read it).
 * docs/model.md §12.2.
 */
#include "kinetics.h"
#include "model.h"

enum {
    S_MP_DEPOT, S_MP, S_MP_INF, S_DEX_DEPOT, S_DEX, S_DEX_INF, S_EFFECT_SITE, S_EFFECT, N_STATES
};
enum { Q_WEIGHT, N_USES_PARAMS };
enum {
    P_MP_HL, P_MP_V, P_DEX_HL, P_KA, P_F_ORAL, P_DEX_POTENCY,
    P_KE0_HL, P_EMAX, P_EC50,
    N_PARAMS
};

static const struct mas_state_def states[] = {
    [S_MP_DEPOT] = {"methylprednisolone_depot", "mg", 0.0, "oral methylprednisolone awaiting absorption"},
    [S_MP] = {"methylprednisolone", "mg", 0.0, "methylprednisolone in the body"},
    [S_MP_INF] = {"methylprednisolone_infusion", "mg/d", 0.0, "methylprednisolone infusion rate (set by the schedule)"},
    [S_DEX_DEPOT] = {"dexamethasone_depot", "mg", 0.0, "oral dexamethasone awaiting absorption"},
    [S_DEX] = {"dexamethasone", "mg", 0.0, "dexamethasone in the body"},
    [S_DEX_INF] = {"dexamethasone_infusion", "mg/d", 0.0, "dexamethasone infusion rate (set by the schedule)"},
    [S_EFFECT_SITE] = {"glucocorticoid_effect_site", "mg/L", 0.0, "effect-compartment concentration, methylprednisolone-equivalents"},
    [S_EFFECT] = {"glucocorticoid_effect", "1", 0.0, "fractional glucocorticoid effect (0-1): Emax model of the effect site"},
};

static const struct mas_param_def params[] = {
    [P_MP_HL] = {"methylprednisolone_half_life_h", 1.93, "h", "1.93 +/- 0.35 h after IV methylprednisolone sodium succinate, 5 subjects, no dose dependence (Al-Habet and Rogers, Br J Clin Pharmacol 1989;27:285)", MAS_RANGE_POSITIVE, 1.93 - 2 * 0.35, 1.93 + 2 * 0.35},
    [P_MP_V] = {"methylprednisolone_volume", 1.5, "L/kg", "Vss 1.5 L/kg (Al-Habet and Rogers, Br J Clin Pharmacol 1989;27:285)", MAS_RANGE_POSITIVE},
    [P_DEX_HL] = {"dexamethasone_half_life_h", 3.6, "h", "mean plasma half-life 3.6 +/- 0.9 h (dexamethasone product label); 2.4-3.4 h after 8 mg IV in healthy adults (Tsuei et al., J Pharmacokinet Biopharm 1979;7:249)", MAS_RANGE_POSITIVE, 3.6 - 2 * 0.9, 3.6 + 2 * 0.9},
    [P_KA] = {"glucocorticoid_oral_ka", 24.0, "1/d", "calibrated: oral absorption peaking within ~1-2 h", MAS_RANGE_POSITIVE},
    [P_F_ORAL] = {"glucocorticoid_oral_bioavailability", 0.8, "1", "oral bioavailability of methylprednisolone and dexamethasone ~0.8", MAS_RANGE_FRACTION},
    [P_DEX_POTENCY] = {"dexamethasone_potency", 5.33, "1", "methylprednisolone-equivalent mg per mg of dexamethasone, a dose equivalence (4 mg methylprednisolone = 0.75 mg dexamethasone: Meikle and Tyler, Am J Med 1977;63:200); applied to exposure, so equivalent doses give equal effect", MAS_RANGE_POSITIVE},
    [P_KE0_HL] = {"glucocorticoid_effect_half_life_h", 18.0, "h", "calibrated: the effect of a pulse outlasts plasma levels by about a day (source: the effect lasts far longer than plasma, clinical-anchors)", MAS_RANGE_POSITIVE},
    [P_EMAX] = {"glucocorticoid_emax", 0.8, "1", "calibrated: high-dose glucocorticoids suppress but do not abolish cytokine production", MAS_RANGE_FRACTION},
    [P_EC50] = {"glucocorticoid_ec50", 0.309, "mg/L", "calibrated: a 2 mg/kg/day methylprednisolone dose gives about a third of the maximal effect, 30 mg/kg pulses near-maximal; steroids alone control a mild MAS but not FHL (0.5 re-scaled by 0.618 when the methylprednisolone half-life and volume were re-sourced, so its exposure-effect is unchanged)", MAS_RANGE_POSITIVE},
};

static const char *const uses_params[] = {
    [Q_WEIGHT] = "body_weight_kg",
};

static const struct mas_drug drugs[] = {
    {.name = "methylprednisolone", .iv_state = "methylprednisolone",
     .infusion_state = "methylprednisolone_infusion", .oral_state = "methylprednisolone_depot"},
    {.name = "dexamethasone", .iv_state = "dexamethasone",
     .infusion_state = "dexamethasone_infusion", .oral_state = "dexamethasone_depot"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");

/* Rate constants (1/d) and concentrations (mg/L). */
struct gc { double kmp, kdex, vmp, ka, f, ke0, dex_weight, conc; };

static struct gc gc_terms(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double w = *c->up[Q_WEIGHT];
    struct gc g;
    g.kmp = per_day_from_half_life_h(p[P_MP_HL]);
    g.kdex = per_day_from_half_life_h(p[P_DEX_HL]);
    g.vmp = p[P_MP_V] * w;
    g.ka = p[P_KA];
    g.f = p[P_F_ORAL];
    g.ke0 = per_day_from_half_life_h(p[P_KE0_HL]);
    /* methylprednisolone-equivalent concentration: dexamethasone counted by
     * its dose equivalence, on exposure (clearance ratio), so equal
     * equivalent doses give equal effect (no double counting of its
     * longer half-life) */
    g.dex_weight = p[P_DEX_POTENCY] * g.kdex / g.kmp;
    g.conc = (y[c->ix[S_MP]] + g.dex_weight * y[c->ix[S_DEX]]) / g.vmp;
    return g;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct gc g = gc_terms(c, y);
    double site = y[ix[S_EFFECT_SITE]];

    dy[ix[S_MP_DEPOT]] += -g.ka * y[ix[S_MP_DEPOT]];
    dy[ix[S_MP]] += g.f * g.ka * y[ix[S_MP_DEPOT]] + y[ix[S_MP_INF]] - g.kmp * y[ix[S_MP]];
    dy[ix[S_DEX_DEPOT]] += -g.ka * y[ix[S_DEX_DEPOT]];
    dy[ix[S_DEX]] += g.f * g.ka * y[ix[S_DEX_DEPOT]] + y[ix[S_DEX_INF]] - g.kdex * y[ix[S_DEX]];
    dy[ix[S_EFFECT_SITE]] += g.ke0 * (g.conc - site);
    dy[ix[S_EFFECT]] += g.ke0 * (p[P_EMAX] * hill1(site, p[P_EC50]) - y[ix[S_EFFECT]]);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct gc g = gc_terms(c, y);
    int md = ix[S_MP_DEPOT], mp = ix[S_MP], mi = ix[S_MP_INF];
    int dd = ix[S_DEX_DEPOT], dx = ix[S_DEX], di = ix[S_DEX_INF];
    int es = ix[S_EFFECT_SITE], ef = ix[S_EFFECT];

    MAS_J(c, J, md, md) += -g.ka;
    MAS_J(c, J, mp, md) += g.f * g.ka;
    MAS_J(c, J, mp, mi) += 1.0;
    MAS_J(c, J, mp, mp) += -g.kmp;
    MAS_J(c, J, dd, dd) += -g.ka;
    MAS_J(c, J, dx, dd) += g.f * g.ka;
    MAS_J(c, J, dx, di) += 1.0;
    MAS_J(c, J, dx, dx) += -g.kdex;
    MAS_J(c, J, es, mp) += g.ke0 / g.vmp;
    MAS_J(c, J, es, dx) += g.ke0 * g.dex_weight / g.vmp;
    MAS_J(c, J, es, es) += -g.ke0;
    MAS_J(c, J, ef, es) += g.ke0 * p[P_EMAX] * dhill1(y[es], p[P_EC50]);
    MAS_J(c, J, ef, ef) += -g.ke0;
}

const struct mas_module mas_module_glucocorticoids = {
    .name = "glucocorticoids",
    .doc = "methylprednisolone and dexamethasone: plasma kinetics and a slow effect compartment",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .drugs = drugs, .n_drugs = sizeof drugs / sizeof drugs[0],
    .rhs = rhs, .jac = jac,
};
