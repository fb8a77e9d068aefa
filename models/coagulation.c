/*
 * coagulation.c — fibrinogen as a mass balance dF/dt = P - C, with hepatic
 * production P stimulated by IL-6 and consumption C = catabolism + tissue-
 * factor-driven coagulation, tissue factor induced by TNF-α and IL-1 on
 * macrophages (more of them when IFN-γ-activated) and endothelium; D-dimer
 * from secondary fibrinolysis of the fibrin formed.  docs/model.md §4.
 */
#include "kinetics.h"
#include "model.h"

enum { S_FIB, S_DDIMER, N_STATES };
enum { U_IL6, U_TNF, U_IL1, U_MAC };
enum { Q_IL60, Q_TNF0, Q_IL10 };
enum {
    P_FCR, P_FIB_BASE, P_IL6_GAIN, P_IL6_EC50,
    P_TF_TNF_EC50, P_TF_IL1_EC50, P_TF_ENDO, P_TF_CONSUMPTION,
    P_BASAL_COAG, P_DD_HL, P_DD_BASE,
    N_PARAMS
};

static const struct mas_state_def states[] = {
    {"fibrinogen", "mg/dL", 280.0, "plasma fibrinogen"},
    {"d_dimer", "ug/mL FEU", 0.3, "plasma D-dimer (fibrinogen-equivalent units)"},
};

static const struct mas_param_def params[] = {
    {"fibrinogen_catabolic_rate", 0.24, "1/d", "fractional catabolic rate 0.24 +/- 0.04 of the plasma pool per day, half-life 4.14 d (Collen et al., Br J Haematol 1972;22:681)"},
    {"fibrinogen_baseline", 280.0, "mg/dL", "healthy plasma fibrinogen 284 +/- 71 mg/dL (Collen et al. 1972)"},
    {"fibrinogen_il6_gain", 3.0, "1", "calibrated: sJIA-flare fibrinogen ~600 mg/dL (source text: 600 mg/dL before the fall); acute-phase synthesis rises several-fold"},
    {"fibrinogen_il6_ec50", 30.0, "pg/mL", "calibrated: IL-6 drives fibrinogen synthesis (J Immunol 1989;142:808)"},
    {"tf_tnf_ec50", 20.0, "pg/mL", "calibrated: TNF-alpha induction of tissue factor half-maximal in the storm range"},
    {"tf_il1_ec50", 10.0, "pg/mL", "calibrated: IL-1 induction of tissue factor"},
    {"tf_endothelial", 0.01, "1", "calibrated: endothelial share of tissue factor relative to the activated macrophage pool; keeps flare fibrinogen high"},
    {"tf_consumption_per_d", 2.6, "1/d", "calibrated: florid MAS fibrinogen ~100 mg/dL (source text) with production still raised"},
    {"fibrinogen_basal_coagulation", 0.025, "1/d", "2-3% of plasma fibrinogen converted to cross-linked fibrin daily"},
    {"d_dimer_half_life_h", 8.0, "h", "D-dimer plasma half-life ~8 h, renal and RES clearance"},
    {"d_dimer_baseline", 0.3, "ug/mL FEU", "healthy D-dimer below 0.5 ug/mL FEU"},
};

static const char *const uses[] = {"il6", "tnf", "il1", "mac_activation"};
static const char *const uses_params[] = {"il6_baseline", "tnf_baseline", "il1_baseline"};

static const struct mas_obs_def observables[] = {
    {"fibrinogen_production", "mg/dL/d", "P: hepatic synthesis, stimulated by IL-6"},
    {"fibrinogen_consumption", "mg/dL/d", "C: catabolism + tissue-factor-driven coagulation"},
    {"tissue_factor", "1", "tissue-factor activity relative to the fully activated macrophage pool"},
};

_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");

/* Tissue factor = cytokine stimulus (TNF-alpha + IL-1, above rest) x
 * expressing cells (endothelium + activated macrophages). */
struct tf { double stim, cells, value, dstim_tnf, dstim_il1; };

static struct tf tissue_factor(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    const int u = N_STATES;
    double tnf = y[c->ix[u + U_TNF]], il1 = y[c->ix[u + U_IL1]];
    struct tf f;
    f.stim = hill1(tnf, p[P_TF_TNF_EC50]) - hill1(*c->up[Q_TNF0], p[P_TF_TNF_EC50])
           + hill1(il1, p[P_TF_IL1_EC50]) - hill1(*c->up[Q_IL10], p[P_TF_IL1_EC50]);
    f.cells = p[P_TF_ENDO] + y[c->ix[u + U_MAC]];
    f.value = f.stim * f.cells;
    f.dstim_tnf = dhill1(tnf, p[P_TF_TNF_EC50]);
    f.dstim_il1 = dhill1(il1, p[P_TF_IL1_EC50]);
    return f;
}

static double production(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double il6 = y[c->ix[N_STATES + U_IL6]];
    return p[P_FCR] * p[P_FIB_BASE]
         * (1.0 + p[P_IL6_GAIN] * (hill1(il6, p[P_IL6_EC50]) - hill1(*c->up[Q_IL60], p[P_IL6_EC50])));
}

/* D-dimer yield per unit of fibrin formed, so that rest is D-dimer baseline. */
static double d_dimer_yield(const double *p)
{
    return p[P_DD_BASE] * per_day_from_half_life_h(p[P_DD_HL]) / (p[P_BASAL_COAG] * p[P_FIB_BASE]);
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    double fib = y[c->ix[S_FIB]];
    struct tf f = tissue_factor(c, y);
    double coagulation = p[P_TF_CONSUMPTION] * f.value * fib;

    dy[c->ix[S_FIB]] += production(c, y) - p[P_FCR] * fib - coagulation;
    dy[c->ix[S_DDIMER]] += d_dimer_yield(p) * (p[P_BASAL_COAG] * fib + coagulation)
                         - per_day_from_half_life_h(p[P_DD_HL]) * y[c->ix[S_DDIMER]];
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int u = N_STATES;
    int ifb = c->ix[S_FIB], idd = c->ix[S_DDIMER];
    int i6 = c->ix[u + U_IL6], it = c->ix[u + U_TNF], i1 = c->ix[u + U_IL1], im = c->ix[u + U_MAC];
    double fib = y[ifb], kc = p[P_TF_CONSUMPTION], yield = d_dimer_yield(p);
    struct tf f = tissue_factor(c, y);

    /* d(coagulation)/d(state) for fib, TNF, IL-1, macrophages */
    double dc_fib = kc * f.value;
    double dc_tnf = kc * fib * f.cells * f.dstim_tnf;
    double dc_il1 = kc * fib * f.cells * f.dstim_il1;
    double dc_mac = kc * fib * f.stim;

    MAS_J(c, J, ifb, i6) += p[P_FCR] * p[P_FIB_BASE] * p[P_IL6_GAIN] * dhill1(y[i6], p[P_IL6_EC50]);
    MAS_J(c, J, ifb, ifb) += -p[P_FCR] - dc_fib;
    MAS_J(c, J, ifb, it) += -dc_tnf;
    MAS_J(c, J, ifb, i1) += -dc_il1;
    MAS_J(c, J, ifb, im) += -dc_mac;

    MAS_J(c, J, idd, ifb) += yield * (p[P_BASAL_COAG] + dc_fib);
    MAS_J(c, J, idd, it) += yield * dc_tnf;
    MAS_J(c, J, idd, i1) += yield * dc_il1;
    MAS_J(c, J, idd, im) += yield * dc_mac;
    MAS_J(c, J, idd, idd) += -per_day_from_half_life_h(p[P_DD_HL]);
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const double *p = c->p;
    struct tf f = tissue_factor(c, y);
    double fib = y[c->ix[S_FIB]];
    obs[0] = production(c, y);
    obs[1] = p[P_FCR] * fib + p[P_TF_CONSUMPTION] * f.value * fib;
    obs[2] = f.value;
}

static void initial(const struct mas_ctx *c, double *y)
{
    y[c->ix[S_FIB]] = c->p[P_FIB_BASE];
    y[c->ix[S_DDIMER]] = c->p[P_DD_BASE];
}

const struct mas_module mas_module_coagulation = {
    .name = "coagulation",
    .doc = "fibrinogen mass balance dF/dt = P - C, tissue factor, D-dimer",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = sizeof uses / sizeof uses[0],
    .uses_params = uses_params, .n_uses_params = sizeof uses_params / sizeof uses_params[0],
    .observables = observables, .n_obs = sizeof observables / sizeof observables[0],
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
