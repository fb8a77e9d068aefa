/*
 * signalling.c — what the cells downstream actually sense of IL-1, IL-6 and
 * IFN-γ: the serum level times the share of receptor signalling not blocked
 * by a drug (anakinra: IL-1 receptor; tocilizumab: IL-6 receptor;
 * ruxolitinib: JAK1/2, under both IL-6 and IFN-γ).  Every consumer of these
 * three cytokines reads the signal, not the serum level, so a blocker acts
 * on all of them while the serum level itself can stay high (IL-6 under
 * tocilizumab).  IFN-γ acts where it is made: its signal reads the free
 * tissue level, in serum-equivalent units (ifng_tissue / ifng_tissue_ratio),
 * so that an antibody must neutralise it in the tissue.  Without drugs each
 * signal equals the serum level (it follows it within minutes).
 * IL-18 acts free: the free share of total IL-18 left by its binding
 * protein at mass-action equilibrium (il18_free), followed within minutes.
 * docs/model.md §3.1.
 */
#include "kinetics.h"
#include "model.h"

enum { S_IL1, S_IL6, S_IFNG, S_IL18F, N_STATES };
enum { U_IL1, U_IL6, U_IFNGT, U_B1, U_B6, U_BJ, U_IL18, U_IL18BP, N_USES };
enum { Q_IL10, Q_IL60, Q_IFNG0, Q_RATIO, Q_IL180, Q_BP0, Q_KD, Q_MW18, Q_MWBP, N_USES_PARAMS };
enum { P_HL, N_PARAMS };

static const struct mas_state_def states[] = {
    [S_IL1] = {"il1_signal", "pg/mL", 1.0, "IL-1 signal: serum IL-1 x share of IL-1 receptor signalling not blocked"},
    [S_IL6] = {"il6_signal", "pg/mL", 3.0, "IL-6 signal: serum IL-6 x share of IL-6 receptor and JAK signalling not blocked"},
    [S_IFNG] = {"ifng_signal", "pg/mL", 1.0, "IFN-gamma signal: free tissue IFN-gamma in serum-equivalent pg/mL (ifng_tissue / ifng_tissue_ratio) x share of JAK1/2-STAT1 signalling not blocked"},
    [S_IL18F] = {"il18_free", "pg/mL", 256.0, "free IL-18 (not bound to IL-18BP): the mass-action share of total il18 that IL-18 receptors sense"},
};

static const struct mas_param_def params[] = {
    [P_HL] = {"signal_half_life_h", 0.25, "h", "calibrated: receptor signalling follows the ligand within minutes", MAS_RANGE_POSITIVE},
};

static const char *const uses[] = {
    [U_IL1] = "il1",
    [U_IL6] = "il6",
    [U_IFNGT] = "ifng_tissue",
    [U_B1] = "il1_blockade",
    [U_B6] = "il6_blockade",
    [U_BJ] = "jak_blockade",
    [U_IL18] = "il18",
    [U_IL18BP] = "il18bp",
};
static const char *const uses_params[] = {
    [Q_IL10] = "il1_baseline",
    [Q_IL60] = "il6_baseline",
    [Q_IFNG0] = "ifng_baseline",
    [Q_RATIO] = "ifng_tissue_ratio",
    [Q_IL180] = "il18_baseline",
    [Q_BP0] = "il18bp_baseline",
    [Q_KD] = "il18bp_kd_pm",
    [Q_MW18] = "il18_molar_mass_kda",
    [Q_MWBP] = "il18bp_molar_mass_kda",
};

static struct mas_free il18_free(const struct mas_ctx *c, double il18, double bp)
{
    return mas_il18_free(il18, bp, *c->up[Q_KD], *c->up[Q_MW18], *c->up[Q_MWBP]);
}

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const int *ix = c->ix;
    const int u = N_STATES;
    double k = per_day_from_half_life_h(c->p[P_HL]);
    double o1 = 1.0 - y[ix[u + U_B1]], o6 = 1.0 - y[ix[u + U_B6]], oj = 1.0 - y[ix[u + U_BJ]];
    dy[ix[S_IL1]] += k * (y[ix[u + U_IL1]] * o1 - y[ix[S_IL1]]);
    dy[ix[S_IL6]] += k * (y[ix[u + U_IL6]] * o6 * oj - y[ix[S_IL6]]);
    double ifng = y[ix[u + U_IFNGT]] / *c->up[Q_RATIO];       /* serum-equivalent */
    dy[ix[S_IFNG]] += k * (ifng * oj - y[ix[S_IFNG]]);
    struct mas_free f = il18_free(c, y[ix[u + U_IL18]], y[ix[u + U_IL18BP]]);
    dy[ix[S_IL18F]] += k * (f.free - y[ix[S_IL18F]]);
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const int *ix = c->ix;
    const int u = N_STATES;
    double k = per_day_from_half_life_h(c->p[P_HL]);
    double o1 = 1.0 - y[ix[u + U_B1]], o6 = 1.0 - y[ix[u + U_B6]], oj = 1.0 - y[ix[u + U_BJ]];
    double il1 = y[ix[u + U_IL1]], il6 = y[ix[u + U_IL6]];
    double ratio = *c->up[Q_RATIO], ifng = y[ix[u + U_IFNGT]] / ratio;
    int s1 = ix[S_IL1], s6 = ix[S_IL6], sg = ix[S_IFNG];
    MAS_J(c, J, s1, s1) += -k;
    MAS_J(c, J, s1, ix[u + U_IL1]) += k * o1;
    MAS_J(c, J, s1, ix[u + U_B1]) += -k * il1;
    MAS_J(c, J, s6, s6) += -k;
    MAS_J(c, J, s6, ix[u + U_IL6]) += k * o6 * oj;
    MAS_J(c, J, s6, ix[u + U_B6]) += -k * il6 * oj;
    MAS_J(c, J, s6, ix[u + U_BJ]) += -k * il6 * o6;
    MAS_J(c, J, sg, sg) += -k;
    MAS_J(c, J, sg, ix[u + U_IFNGT]) += k * oj / ratio;
    MAS_J(c, J, sg, ix[u + U_BJ]) += -k * ifng;
    struct mas_free f = il18_free(c, y[ix[u + U_IL18]], y[ix[u + U_IL18BP]]);
    int sf = ix[S_IL18F];
    MAS_J(c, J, sf, sf) += -k;
    MAS_J(c, J, sf, ix[u + U_IL18]) += k * f.dfree_dl;
    MAS_J(c, J, sf, ix[u + U_IL18BP]) += k * f.dfree_db;
}

/* At rest (no drug) each signal equals its cytokine's baseline; free
 * IL-18 is the free share of the resting IL-18 and IL-18BP. */
static void initial(const struct mas_ctx *c, double *y)
{
    y[c->ix[S_IL1]] = *c->up[Q_IL10];
    y[c->ix[S_IL6]] = *c->up[Q_IL60];
    y[c->ix[S_IFNG]] = *c->up[Q_IFNG0];
    y[c->ix[S_IL18F]] = il18_free(c, *c->up[Q_IL180], *c->up[Q_BP0]).free;
}

const struct mas_module mas_module_signalling = {
    .name = "signalling",
    .doc = "IL-1, IL-6 and IFN-gamma signals as sensed downstream of receptor and JAK blockade; free IL-18",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .initial = initial,
    .rhs = rhs, .jac = jac,
};
