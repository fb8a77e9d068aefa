/*
 * liver.c — inflammatory hepatitis and the metabolic signs of the storm.
 *
 * Hepatocellular injury follows TNF-α (cytokine toxicity) and infiltration
 * by activated macrophages; it releases ALT (liver-specific, long half-life)
 * and AST (short half-life), while AST also comes from outside the liver
 * (red cells and other tissues destroyed in the storm), so AST > ALT.  LDH
 * rises with every kind of cell damage.  Triglycerides rise because TNF-α
 * inhibits lipoprotein lipase.  docs/model.md §8.
 */
#include "kinetics.h"
#include "model.h"

enum { S_INJURY, S_ALT, S_AST, S_LDH, S_TG, N_STATES };
enum { U_TNF, U_MAC, N_USES };
enum { Q_TNF0, N_USES_PARAMS };
enum {
    P_INJ_HL, P_INJ_TNF, P_INJ_TNF_EC50, P_INJ_MAC,
    P_ALT_HL, P_ALT_BASE, P_ALT_REL,
    P_AST_HL, P_AST_BASE, P_AST_REL, P_AST_EXTRA,
    P_LDH_HL, P_LDH_BASE, P_LDH_LIVER, P_LDH_TISSUE,
    P_TG_HL, P_TG_BASE, P_LPL_TNF, P_LPL_TNF_EC50,
    N_PARAMS
};

static const struct mas_state_def states[] = {
    [S_INJURY] = {"liver_injury", "1", 0.0, "hepatocellular injury activity (inflammatory hepatitis), 0-1"},
    [S_ALT] = {"alt", "U/L", 20.0, "alanine aminotransferase (serum)"},
    [S_AST] = {"ast", "U/L", 30.0, "aspartate aminotransferase (serum)"},
    [S_LDH] = {"ldh", "U/L", 250.0, "lactate dehydrogenase (serum)"},
    [S_TG] = {"triglycerides", "mg/dL", 90.0, "fasting serum triglycerides"},
};

static const struct mas_param_def params[] = {
    [P_INJ_HL] = {"liver_injury_half_life_h", 12.0, "h", "calibrated: hepatitis follows the cytokine storm within a day", MAS_RANGE_POSITIVE},
    [P_INJ_TNF] = {"liver_injury_tnf", 0.3, "1", "calibrated: direct cytokine toxicity share of hepatitis (source text)", MAS_RANGE_POSITIVE},
    [P_INJ_TNF_EC50] = {"liver_injury_tnf_ec50", 20.0, "pg/mL", "calibrated: as tf_tnf_ec50", MAS_RANGE_POSITIVE},
    [P_INJ_MAC] = {"liver_injury_macrophages", 0.5, "1", "calibrated: infiltration by activated immune cells (source text)", MAS_RANGE_POSITIVE},
    [P_ALT_HL] = {"alt_half_life_h", 47.0, "h", "ALT half-life 47 +/- 10 h (Dufour et al., Clin Chem 2000;46:2027)", MAS_RANGE_POSITIVE, 47 - 2 * 10.0, 47 + 2 * 10.0},
    [P_ALT_BASE] = {"alt_baseline", 20.0, "U/L", "normal ALT ~8-40 U/L", MAS_RANGE_NONNEGATIVE, 8.0, 40.0},
    [P_ALT_REL] = {"alt_release", 300.0, "U/L", "calibrated: MAS ALT ~150-200 U/L", MAS_RANGE_NONNEGATIVE},
    [P_AST_HL] = {"ast_half_life_h", 17.0, "h", "AST half-life 17 +/- 5 h (Dufour et al., Clin Chem 2000;46:2027)", MAS_RANGE_POSITIVE, 17 - 2 * 5.0, 17 + 2 * 5.0},
    [P_AST_BASE] = {"ast_baseline", 30.0, "U/L", "normal AST ~8-40 U/L", MAS_RANGE_NONNEGATIVE, 8.0, 40.0},
    [P_AST_REL] = {"ast_release_liver", 300.0, "U/L", "calibrated: hepatic AST release comparable to ALT", MAS_RANGE_NONNEGATIVE},
    [P_AST_EXTRA] = {"ast_release_extrahepatic", 330.0, "U/L", "calibrated: AST > ALT in MAS from red-cell and tissue destruction (source text); 2016 criterion AST > 48 U/L", MAS_RANGE_NONNEGATIVE},
    [P_LDH_HL] = {"ldh_half_life_h", 24.0, "h", "calibrated: no primary source found; isoenzymes differ (LDH-5 ~10 h, LDH-1 ~4-5 d, textbook values); 24 h for the mixed isoenzymes of MAS", MAS_RANGE_POSITIVE},
    [P_LDH_BASE] = {"ldh_baseline", 250.0, "U/L", "normal childhood LDH ~150-300 U/L", MAS_RANGE_NONNEGATIVE, 150.0, 300.0},
    [P_LDH_LIVER] = {"ldh_release_liver", 600.0, "U/L", "calibrated: hepatocellular LDH", MAS_RANGE_NONNEGATIVE},
    [P_LDH_TISSUE] = {"ldh_release_tissue", 1500.0, "U/L", "calibrated: MAS LDH ~1,000-2,000 U/L from hemophagocytosis and tissue damage (LDH enters the MS score)", MAS_RANGE_NONNEGATIVE},
    [P_TG_HL] = {"triglyceride_half_life_h", 12.0, "h", "calibrated: plasma VLDL-triglyceride turnover of hours (no primary number found); rTNF raised fasting triglycerides within days (i.v. rTNF phase I, 39 cancer patients: median +157% from 103 mg/dL after 5 days, J Clin Oncol 1988;6:1328; 93 -> 203 mg/dL in 27 patients, Creagan et al., Cancer 1988;62:2467)", MAS_RANGE_POSITIVE},
    [P_TG_BASE] = {"triglycerides_baseline", 90.0, "mg/dL", "normal fasting triglycerides below 150 mg/dL", MAS_RANGE_NONNEGATIVE},
    [P_LPL_TNF] = {"lpl_tnf_inhibition", 4.0, "1", "calibrated: TNF-alpha inhibits lipoprotein lipase (source text); MAS triglycerides ~300 mg/dL (HLH-2004 threshold 265)", MAS_RANGE_NONNEGATIVE},
    [P_LPL_TNF_EC50] = {"lpl_tnf_ec50", 20.0, "pg/mL", "calibrated: as tf_tnf_ec50", MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_TNF] = "tnf",
    [U_MAC] = "mac_activation",
};
static const char *const uses_params[] = {
    [Q_TNF0] = "tnf_baseline",
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");

static double injury_target(const struct mas_ctx *c, const double *y, double *d_tnf)
{
    const double *p = c->p;
    double tnf = y[c->ix[N_STATES + U_TNF]];
    *d_tnf = p[P_INJ_TNF] * dexcess1(tnf, *c->up[Q_TNF0], p[P_INJ_TNF_EC50]);
    return p[P_INJ_TNF] * (excess1(tnf, *c->up[Q_TNF0], p[P_INJ_TNF_EC50]))
         + p[P_INJ_MAC] * y[c->ix[N_STATES + U_MAC]];
}

/* Lipoprotein lipase activity relative to rest (TNF-alpha inhibits it). */
static double lpl_inhibition(const struct mas_ctx *c, const double *y, double *d_tnf)
{
    const double *p = c->p;
    double tnf = y[c->ix[N_STATES + U_TNF]];
    *d_tnf = p[P_LPL_TNF] * dexcess1(tnf, *c->up[Q_TNF0], p[P_LPL_TNF_EC50]);
    return 1.0 + p[P_LPL_TNF] * (excess1(tnf, *c->up[Q_TNF0], p[P_LPL_TNF_EC50]));
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    double d, injury = y[ix[S_INJURY]], mac = y[ix[N_STATES + U_MAC]];
    double target = injury_target(c, y, &d);
    double inhibition = lpl_inhibition(c, y, &d);

    dy[ix[S_INJURY]] += per_day_from_half_life_h(p[P_INJ_HL]) * (target - injury);
    dy[ix[S_ALT]] += per_day_from_half_life_h(p[P_ALT_HL])
                   * (p[P_ALT_BASE] + p[P_ALT_REL] * injury - y[ix[S_ALT]]);
    dy[ix[S_AST]] += per_day_from_half_life_h(p[P_AST_HL])
                   * (p[P_AST_BASE] + p[P_AST_REL] * injury + p[P_AST_EXTRA] * mac - y[ix[S_AST]]);
    dy[ix[S_LDH]] += per_day_from_half_life_h(p[P_LDH_HL])
                   * (p[P_LDH_BASE] + p[P_LDH_LIVER] * injury + p[P_LDH_TISSUE] * mac - y[ix[S_LDH]]);
    dy[ix[S_TG]] += per_day_from_half_life_h(p[P_TG_HL]) * (p[P_TG_BASE] - y[ix[S_TG]] / inhibition);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    int ii = ix[S_INJURY], it = ix[N_STATES + U_TNF], im = ix[N_STATES + U_MAC];
    double d_inj, d_lpl;
    injury_target(c, y, &d_inj);
    double inhibition = lpl_inhibition(c, y, &d_lpl);
    double ki = per_day_from_half_life_h(p[P_INJ_HL]), kalt = per_day_from_half_life_h(p[P_ALT_HL]);
    double kast = per_day_from_half_life_h(p[P_AST_HL]), kldh = per_day_from_half_life_h(p[P_LDH_HL]);
    double ktg = per_day_from_half_life_h(p[P_TG_HL]);

    MAS_J(c, J, ii, ii) += -ki;
    MAS_J(c, J, ii, it) += ki * d_inj;
    MAS_J(c, J, ii, im) += ki * p[P_INJ_MAC];
    MAS_J(c, J, ix[S_ALT], ix[S_ALT]) += -kalt;
    MAS_J(c, J, ix[S_ALT], ii) += kalt * p[P_ALT_REL];
    MAS_J(c, J, ix[S_AST], ix[S_AST]) += -kast;
    MAS_J(c, J, ix[S_AST], ii) += kast * p[P_AST_REL];
    MAS_J(c, J, ix[S_AST], im) += kast * p[P_AST_EXTRA];
    MAS_J(c, J, ix[S_LDH], ix[S_LDH]) += -kldh;
    MAS_J(c, J, ix[S_LDH], ii) += kldh * p[P_LDH_LIVER];
    MAS_J(c, J, ix[S_LDH], im) += kldh * p[P_LDH_TISSUE];
    MAS_J(c, J, ix[S_TG], ix[S_TG]) += -ktg / inhibition;
    MAS_J(c, J, ix[S_TG], it) += ktg * y[ix[S_TG]] * d_lpl / (inhibition * inhibition);
}

static void initial(const struct mas_ctx *c, double *y)
{
    const double *p = c->p;
    y[c->ix[S_INJURY]] = 0.0;
    y[c->ix[S_ALT]] = p[P_ALT_BASE];
    y[c->ix[S_AST]] = p[P_AST_BASE];
    y[c->ix[S_LDH]] = p[P_LDH_BASE];
    y[c->ix[S_TG]] = p[P_TG_BASE];
}

const struct mas_module mas_module_liver = {
    .name = "liver",
    .doc = "hepatitis (ALT, AST with extra-hepatic sources, LDH) and triglycerides (TNF-alpha inhibits lipoprotein lipase)",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .initial = initial,
    .rhs = rhs, .jac = jac,
};
