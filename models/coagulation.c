/*
 * coagulation.c — fibrinogen as a mass balance dF/dt = P - C, with hepatic
 * production P stimulated by IL-6 and consumption C = catabolism + tissue-
 * factor-driven coagulation, tissue factor induced by TNF-α and IL-1 on
 * macrophages (more of them when IFN-γ-activated) and endothelium; D-dimer
 * from secondary fibrinolysis of the fibrin formed.  Platelets: marrow
 * production raised by IL-6 (thrombopoietin) and suppressed by IFN-γ,
 * removed by senescence, hemophagocytosis and consumption in coagulation.
 * docs/model.md §4.
 */
#include "kinetics.h"
#include "model.h"

/* The megakaryocyte maturation chain: N_MK compartments of equal mean
 * residence, a gamma-distributed delay of mean megakaryocyte_transit_d. */
#define N_MK 5
enum { S_FIB, S_DDIMER, S_PLT, S_TPO, S_MK1, S_MK_LAST = S_MK1 + N_MK - 1, N_STATES };
enum { U_IL6, U_TNF, U_IL1, U_MAC, U_IFNG, N_USES };
enum { Q_IL60, Q_TNF0, Q_IL10, Q_IFNG0, N_USES_PARAMS };
enum {
    P_FIB_HL, P_FIB_BASE, P_IL6_GAIN, P_IL6_EC50,
    P_TF_TNF_EC50, P_TF_IL1_EC50, P_TF_ENDO, P_TF_CONSUMPTION,
    P_BASAL_COAG, P_DD_HL, P_DD_BASE,
    P_PLT_BASE, P_PLT_LIFE, P_TPO_BASE, P_TPO_HL, P_TPO_NONSPECIFIC, P_TPO_MK_SHARE,
    P_TPO_GAIN, P_TPO_EC50, P_MK_TPO_EC50, P_MK_TRANSIT, P_PLT_IFNG_SUPP, P_PLT_IFNG_EC50,
    P_PLT_PHAGO, P_PLT_CONSUMPTION,
    N_PARAMS
};
enum { O_FIBRINOGEN_PRODUCTION, O_FIBRINOGEN_CONSUMPTION, O_TISSUE_FACTOR, N_OBS };

static const struct mas_state_def states[] = {
    [S_FIB] = {"fibrinogen", "mg/dL", 280.0, "plasma fibrinogen"},
    [S_DDIMER] = {"d_dimer", "ug/mL FEU", 0.3, "plasma D-dimer (fibrinogen-equivalent units)"},
    [S_PLT] = {"platelets", "10^9/L", 300.0, "platelet count"},
    [S_TPO] = {"thrombopoietin", "pg/mL", 50.0, "serum thrombopoietin (TPO)"},
    [S_MK1 + 0] = {"megakaryocytes_1", "10^9/L", 33.3333333333, "maturing megakaryocytes, compartment 1 of 5 (in platelets they will release per litre of blood)"},
    [S_MK1 + 1] = {"megakaryocytes_2", "10^9/L", 33.3333333333, "maturing megakaryocytes, compartment 2 of 5"},
    [S_MK1 + 2] = {"megakaryocytes_3", "10^9/L", 33.3333333333, "maturing megakaryocytes, compartment 3 of 5"},
    [S_MK1 + 3] = {"megakaryocytes_4", "10^9/L", 33.3333333333, "maturing megakaryocytes, compartment 4 of 5"},
    [S_MK1 + 4] = {"megakaryocytes_5", "10^9/L", 33.3333333333, "mature megakaryocytes shedding platelets, compartment 5 of 5"},
};

static const struct mas_param_def params[] = {
    [P_FIB_HL] = {"fibrinogen_half_life_d", 4.14, "d", "fibrinogen half-life 4.14 +/- 0.56 d in 35 healthy subjects (Collen et al., Br J Haematol 1972;22:681); one compartment, so the plasma pool's faster fractional catabolic rate 0.24/d is not used", MAS_RANGE_POSITIVE, 4.14 - 2 * 0.56, 4.14 + 2 * 0.56},
    [P_FIB_BASE] = {"fibrinogen_baseline", 280.0, "mg/dL", "healthy plasma fibrinogen 284 +/- 71 mg/dL (Collen et al. 1972)", MAS_RANGE_POSITIVE, 284 - 2 * 71.0, 284 + 2 * 71.0},
    [P_IL6_GAIN] = {"fibrinogen_il6_gain", 3.0, "1", "calibrated: sJIA-flare fibrinogen ~600 mg/dL (source text: 600 mg/dL before the fall); acute-phase synthesis rises several-fold", MAS_RANGE_NONNEGATIVE},
    [P_IL6_EC50] = {"fibrinogen_il6_ec50", 30.0, "pg/mL", "calibrated: IL-6 (with glucocorticoid) raised plasma fibrinogen to acute-phase levels within 24 h in rats (Marinkovic et al., J Immunol 1989;142:808)", MAS_RANGE_POSITIVE},
    [P_TF_TNF_EC50] = {"tf_tnf_ec50", 20.0, "pg/mL", "calibrated: TNF-alpha induction of tissue factor half-maximal in the storm range", MAS_RANGE_POSITIVE},
    [P_TF_IL1_EC50] = {"tf_il1_ec50", 10.0, "pg/mL", "calibrated: IL-1 induction of tissue factor", MAS_RANGE_POSITIVE},
    [P_TF_ENDO] = {"tf_endothelial", 0.01, "1", "calibrated: endothelial share of tissue factor relative to the activated macrophage pool; keeps flare fibrinogen high", MAS_RANGE_NONNEGATIVE},
    [P_TF_CONSUMPTION] = {"tf_consumption_per_d", 1.8, "1/d", "calibrated: florid MAS fibrinogen ~100 mg/dL (source text) with production still raised", MAS_RANGE_NONNEGATIVE},
    [P_BASAL_COAG] = {"fibrinogen_basal_coagulation", 0.025, "1/d", "2-3% of plasma fibrinogen converted to cross-linked fibrin daily", MAS_RANGE_POSITIVE, 0.02, 0.03},
    [P_DD_HL] = {"d_dimer_half_life_h", 8.0, "h", "D-dimer plasma half-life ~8 h, renal and RES clearance", MAS_RANGE_POSITIVE},
    [P_DD_BASE] = {"d_dimer_baseline", 0.3, "ug/mL FEU", "healthy D-dimer below 0.5 ug/mL FEU", MAS_RANGE_NONNEGATIVE},
    [P_PLT_BASE] = {"platelets_baseline", 300.0, "10^9/L", "normal platelet count 150-450 x10^9/L", MAS_RANGE_POSITIVE, 150.0, 450.0},
    [P_PLT_LIFE] = {"platelet_lifespan_d", 9.0, "d", "platelet lifespan 8-10 d (Leeksma and Cohen, J Clin Invest 1956;35:964); 205 +/- 18 h by 111In labelling (Harker et al., Blood 2000;95:2514)", MAS_RANGE_POSITIVE, 8.0, 10.0},
    [P_TPO_BASE] = {"thrombopoietin_baseline", 50.0, "pg/mL", "plasma TPO of healthy subjects 52 +/- 12 pg/mL (Hou et al., Br J Haematol 1998;101:420); mean 39 (7-99) pg/mL in 118 healthy volunteers (Makar et al., Am J Hematol 2013;88:1041)", MAS_RANGE_POSITIVE, 7.0, 99.0},
    [P_TPO_HL] = {"thrombopoietin_half_life_h", 25.0, "h", "serum half-life of a single IV dose of rhTPO 20-30 h at normal platelet counts (Vadhan-Raj et al., Ann Intern Med 1997;126:673)", MAS_RANGE_POSITIVE, 20.0, 30.0},
    [P_TPO_NONSPECIFIC] = {"thrombopoietin_nonspecific_fraction", 0.05, "1", "calibrated: share of resting TPO clearance not by c-Mpl, so TPO rises at most 20-fold when platelets and megakaryocytes are absent; severe aplastic anaemia 1514 +/- 336 vs 52 pg/mL (Hou et al. 1998, only 3 patients; TPO assays differ several-fold), hypoproliferative thrombocytopenia median 706 vs 39 (Makar et al. 2013)", MAS_RANGE_FRACTION},
    [P_TPO_MK_SHARE] = {"thrombopoietin_megakaryocyte_share", 0.5, "1", "calibrated: share of resting c-Mpl clearance on megakaryocytes (the rest on platelets), so TPO stays near normal when platelets are destroyed but megakaryocytes are not: ITP 64 +/- 20 vs 52 pg/mL (Hou et al. 1998), consumptive median 63 vs 39 (Makar et al. 2013); Emmons et al., Blood 1996;87:4068", MAS_RANGE_FRACTION},
    [P_TPO_GAIN] = {"thrombopoietin_il6_gain", 4.0, "1", "calibrated: IL-6 raises hepatic TPO production and platelets (Kaser et al., Blood 2001;98:2720); sJIA-flare thrombocytosis above 450 x10^9/L", MAS_RANGE_NONNEGATIVE},
    [P_TPO_EC50] = {"thrombopoietin_il6_ec50", 30.0, "pg/mL", "calibrated: half-maximal hepatic TPO induction at flare IL-6 levels", MAS_RANGE_POSITIVE},
    [P_MK_TPO_EC50] = {"megakaryopoiesis_tpo_ec50", 500.0, "pg/mL", "calibrated: megakaryocyte production h1(TPO) nearly proportional to TPO near rest, at most (TPO0 + K)/TPO0 = 11-fold, within the 10-20-fold rise of platelet production under demand (Kaushansky, Blood 2008;111:981)", MAS_RANGE_POSITIVE},
    [P_MK_TRANSIT] = {"megakaryocyte_transit_d", 5.0, "d", "mean megakaryocyte maturation ~5 d: after one IV dose of rhTPO the platelet count rose from day 4 and peaked on day 12 (Vadhan-Raj et al. 1997); PEG-rHuMGDF in volunteers peaked on day 12 (Harker et al. 2000)", MAS_RANGE_POSITIVE},
    [P_PLT_IFNG_SUPP] = {"platelet_ifng_suppression", 0.85, "1", "calibrated: IFN-gamma suppresses megakaryopoiesis; platelets below 100 x10^9/L (HLH-2004) in florid FHL despite raised TPO", MAS_RANGE_FRACTION},
    [P_PLT_IFNG_EC50] = {"platelet_ifng_ec50", 100.0, "pg/mL", "calibrated: as mac_ifng_ec50", MAS_RANGE_POSITIVE},
    [P_PLT_PHAGO] = {"platelet_hemophagocytosis_per_d", 0.2, "1/d", "calibrated: MAS platelets ~100 x10^9/L (HLH-2004 threshold <100; 2016 criteria <=181)", MAS_RANGE_NONNEGATIVE},
    [P_PLT_CONSUMPTION] = {"platelet_consumption_per_d", 0.3, "1/d", "calibrated: platelets consumed with fibrinogen in the DIC-like coagulopathy (source text)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_IL6] = "il6_signal",
    [U_TNF] = "tnf",
    [U_IL1] = "il1_signal",
    [U_MAC] = "mac_activation",
    [U_IFNG] = "ifng_signal",
};
static const char *const uses_params[] = {
    [Q_IL60] = "il6_baseline",
    [Q_TNF0] = "tnf_baseline",
    [Q_IL10] = "il1_baseline",
    [Q_IFNG0] = "ifng_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_FIBRINOGEN_PRODUCTION] = {"fibrinogen_production", "mg/dL/d", "P: hepatic synthesis, stimulated by IL-6"},
    [O_FIBRINOGEN_CONSUMPTION] = {"fibrinogen_consumption", "mg/dL/d", "C: catabolism + tissue-factor-driven coagulation"},
    [O_TISSUE_FACTOR] = {"tissue_factor", "1", "tissue-factor activity relative to the fully activated macrophage pool"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Fibrinogen elimination rate at rest (1/d). */
static double fib_k(const double *p)
{
    return per_day_from_half_life_d(p[P_FIB_HL]);
}

/* Tissue factor = cytokine stimulus (TNF-alpha + IL-1, above rest) x
 * expressing cells (endothelium + activated macrophages). */
struct tf { double stim, cells, value, dstim_tnf, dstim_il1; };

static struct tf tissue_factor(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    const int u = N_STATES;
    double tnf = y[c->ix[u + U_TNF]], il1 = y[c->ix[u + U_IL1]];
    struct tf f;
    f.stim = excess1(tnf, *c->up[Q_TNF0], p[P_TF_TNF_EC50])
           + excess1(il1, *c->up[Q_IL10], p[P_TF_IL1_EC50]);
    f.cells = p[P_TF_ENDO] + y[c->ix[u + U_MAC]];
    f.value = f.stim * f.cells;
    f.dstim_tnf = dexcess1(tnf, *c->up[Q_TNF0], p[P_TF_TNF_EC50]);
    f.dstim_il1 = dexcess1(il1, *c->up[Q_IL10], p[P_TF_IL1_EC50]);
    return f;
}

static double production(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double il6 = y[c->ix[N_STATES + U_IL6]];
    return fib_k(p) * p[P_FIB_BASE]
         * (1.0 + p[P_IL6_GAIN] * (excess1(il6, *c->up[Q_IL60], p[P_IL6_EC50])));
}

/* The thrombopoiesis of §4.1.  Resting megakaryocyte content of the chain
 * (platelet equivalents, 10^9/L) and the chain's rate constant (1/d). */
static double mk_rest_total(const double *p)
{
    return p[P_PLT_BASE] * p[P_MK_TRANSIT] / p[P_PLT_LIFE];
}
static double mk_rate(const double *p)
{
    return N_MK / p[P_MK_TRANSIT];
}

/* Thrombopoietin and megakaryopoiesis: hepatic TPO production (IL-6 up),
 * c-Mpl receptor mass R (platelets and megakaryocytes relative to rest),
 * the drive D of TPO on megakaryocyte production and IFN-gamma suppression,
 * with the derivatives the Jacobian needs. */
struct plt {
    double prod, dprod_il6;          /* TPO production, pg/mL/d */
    double clear, dclear_plt, dclear_mk;   /* TPO clearance rate, 1/d */
    double drive, ddrive_tpo;        /* D = h1(TPO)/h1(TPO0) */
    double supp, dsupp_ifng;
    double inflow;                   /* megakaryocyte production, 10^9/L/d */
};

static struct plt thrombopoiesis(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double il6 = y[c->ix[N_STATES + U_IL6]], ifng = y[c->ix[N_STATES + U_IFNG]];
    double kt = per_day_from_half_life_h(p[P_TPO_HL]), f = p[P_TPO_NONSPECIFIC], w = p[P_TPO_MK_SHARE];
    double mk = 0.0, tpo = y[c->ix[S_TPO]], tpo0 = p[P_TPO_BASE], k = p[P_MK_TPO_EC50];
    for (int i = 0; i < N_MK; i++)
        mk += y[c->ix[S_MK1 + i]];
    double r = (1.0 - w) * y[c->ix[S_PLT]] / p[P_PLT_BASE] + w * mk / mk_rest_total(p);
    struct plt g;
    g.prod = kt * tpo0 * (1.0 + p[P_TPO_GAIN] * excess1(il6, *c->up[Q_IL60], p[P_TPO_EC50]));
    g.dprod_il6 = kt * tpo0 * p[P_TPO_GAIN] * dexcess1(il6, *c->up[Q_IL60], p[P_TPO_EC50]);
    g.clear = kt * (f + (1.0 - f) * r);
    g.dclear_plt = kt * (1.0 - f) * (1.0 - w) / p[P_PLT_BASE];
    g.dclear_mk = kt * (1.0 - f) * w / mk_rest_total(p);
    g.drive = hill1(tpo, k) / hill1(tpo0, k);
    g.ddrive_tpo = dhill1(tpo, k) / hill1(tpo0, k);
    g.supp = 1.0 - p[P_PLT_IFNG_SUPP] * excess1(ifng, *c->up[Q_IFNG0], p[P_PLT_IFNG_EC50]);
    g.dsupp_ifng = -p[P_PLT_IFNG_SUPP] * dexcess1(ifng, *c->up[Q_IFNG0], p[P_PLT_IFNG_EC50]);
    g.inflow = p[P_PLT_BASE] / p[P_PLT_LIFE] * g.drive * g.supp;
    return g;
}

static void platelet_rhs(const struct mas_ctx *c, const double *y, double *dy, double tf)
{
    const double *p = c->p;
    struct plt g = thrombopoiesis(c, y);
    double km = mk_rate(p), plt = y[c->ix[S_PLT]], tpo = y[c->ix[S_TPO]];
    dy[c->ix[S_TPO]] += g.prod - g.clear * tpo;
    dy[c->ix[S_MK1]] += g.inflow - km * y[c->ix[S_MK1]];
    for (int i = 1; i < N_MK; i++)
        dy[c->ix[S_MK1 + i]] += km * (y[c->ix[S_MK1 + i - 1]] - y[c->ix[S_MK1 + i]]);
    dy[c->ix[S_PLT]] += km * y[c->ix[S_MK_LAST]] - plt / p[P_PLT_LIFE]
                      - (p[P_PLT_PHAGO] * y[c->ix[N_STATES + U_MAC]] + p[P_PLT_CONSUMPTION] * tf) * plt;
}

static void platelet_jac(const struct mas_ctx *c, const double *y, double *J, const struct tf *f)
{
    const double *p = c->p;
    const int u = N_STATES;
    struct plt g = thrombopoiesis(c, y);
    int ip = c->ix[S_PLT], it = c->ix[S_TPO], im = c->ix[u + U_MAC];
    double km = mk_rate(p), plt = y[ip], tpo = y[it], kpc = p[P_PLT_CONSUMPTION];
    double base = p[P_PLT_BASE] / p[P_PLT_LIFE];

    MAS_J(c, J, it, it) += -g.clear;
    MAS_J(c, J, it, c->ix[u + U_IL6]) += g.dprod_il6;
    MAS_J(c, J, it, ip) += -g.dclear_plt * tpo;
    for (int i = 0; i < N_MK; i++) {
        int ik = c->ix[S_MK1 + i];
        MAS_J(c, J, it, ik) += -g.dclear_mk * tpo;
        MAS_J(c, J, ik, ik) += -km;
        if (i > 0)
            MAS_J(c, J, ik, c->ix[S_MK1 + i - 1]) += km;
    }
    int i1 = c->ix[S_MK1];
    MAS_J(c, J, i1, it) += base * g.ddrive_tpo * g.supp;
    MAS_J(c, J, i1, c->ix[u + U_IFNG]) += base * g.drive * g.dsupp_ifng;

    MAS_J(c, J, ip, c->ix[S_MK_LAST]) += km;
    MAS_J(c, J, ip, ip) += -1.0 / p[P_PLT_LIFE] - p[P_PLT_PHAGO] * y[im] - kpc * f->value;
    MAS_J(c, J, ip, im) += -p[P_PLT_PHAGO] * plt - kpc * f->stim * plt;
    MAS_J(c, J, ip, c->ix[u + U_TNF]) += -kpc * f->cells * f->dstim_tnf * plt;
    MAS_J(c, J, ip, c->ix[u + U_IL1]) += -kpc * f->cells * f->dstim_il1 * plt;
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

    dy[c->ix[S_FIB]] += production(c, y) - fib_k(p) * fib - coagulation;
    dy[c->ix[S_DDIMER]] += d_dimer_yield(p) * (p[P_BASAL_COAG] * fib + coagulation)
                         - per_day_from_half_life_h(p[P_DD_HL]) * y[c->ix[S_DDIMER]];

    platelet_rhs(c, y, dy, f.value);
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

    MAS_J(c, J, ifb, i6) += fib_k(p) * p[P_FIB_BASE] * p[P_IL6_GAIN] * dexcess1(y[i6], *c->up[Q_IL60], p[P_IL6_EC50]);
    MAS_J(c, J, ifb, ifb) += -fib_k(p) - dc_fib;
    MAS_J(c, J, ifb, it) += -dc_tnf;
    MAS_J(c, J, ifb, i1) += -dc_il1;
    MAS_J(c, J, ifb, im) += -dc_mac;

    MAS_J(c, J, idd, ifb) += yield * (p[P_BASAL_COAG] + dc_fib);
    MAS_J(c, J, idd, it) += yield * dc_tnf;
    MAS_J(c, J, idd, i1) += yield * dc_il1;
    MAS_J(c, J, idd, im) += yield * dc_mac;
    MAS_J(c, J, idd, idd) += -per_day_from_half_life_h(p[P_DD_HL]);

    platelet_jac(c, y, J, &f);
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const double *p = c->p;
    struct tf f = tissue_factor(c, y);
    double fib = y[c->ix[S_FIB]];
    obs[O_FIBRINOGEN_PRODUCTION] = production(c, y);
    obs[O_FIBRINOGEN_CONSUMPTION] = fib_k(p) * fib + p[P_TF_CONSUMPTION] * f.value * fib;
    obs[O_TISSUE_FACTOR] = f.value;
}

static void initial(const struct mas_ctx *c, double *y)
{
    y[c->ix[S_FIB]] = c->p[P_FIB_BASE];
    y[c->ix[S_DDIMER]] = c->p[P_DD_BASE];
    y[c->ix[S_PLT]] = c->p[P_PLT_BASE];
    y[c->ix[S_TPO]] = c->p[P_TPO_BASE];
    for (int i = 0; i < N_MK; i++)
        y[c->ix[S_MK1 + i]] = mk_rest_total(c->p) / N_MK;
}

const struct mas_module mas_module_coagulation = {
    .name = "coagulation",
    .doc = "fibrinogen mass balance dF/dt = P - C, tissue factor, D-dimer; platelets with thrombopoietin feedback and megakaryocyte maturation",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
