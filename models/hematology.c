/*
 * hematology.c — neutrophils and the white count: G-CSF feedback, the
 * marrow transit of maturing neutrophils, and hemophagocytosis.
 *
 * G-CSF is made at a constant rate, more with IL-1/IL-6 (the neutrophilia
 * of an sJIA flare), and cleared by the kidney and by receptor binding on
 * neutrophils, so it rises when they fall.  It drives the production of
 * neutrophil precursors (suppressed by IFN-γ) and speeds their passage
 * through a chain of postmitotic marrow compartments (mean transit 5.8 d at
 * rest); IFN-γ-activated macrophages engulf blood neutrophils
 * (hemophagocytosis), so in MAS the counts fall.  Red cells are in iron.c,
 * platelets in coagulation.c.  docs/model.md §7.
 */
#include "kinetics.h"
#include "model.h"

/* The postmitotic marrow pool: N_NP compartments of equal mean residence. */
#define N_NP 5
enum { S_ANC, S_GCSF, S_NP1, S_NP_LAST = S_NP1 + N_NP - 1, N_STATES };
enum { U_IL1, U_IL6, U_IFNG, U_MAC, N_USES };
enum { Q_IL10, Q_IL60, Q_IFNG0, N_USES_PARAMS };
enum {
    P_ANC_BASE, P_ANC_HL, P_GCSF_BASE, P_GCSF_HL, P_GCSF_NEUT_SHARE,
    P_GCSF_GAIN, P_GCSF_IL1_EC50, P_GCSF_IL6_EC50, P_GRAN_GCSF_EC50,
    P_NP_TRANSIT, P_NP_SPEEDUP,
    P_ANC_IFNG_SUPP, P_ANC_IFNG_EC50, P_ANC_PHAGO, P_OTHER_WBC,
    N_PARAMS
};
enum { O_WBC, N_OBS };

static const struct mas_state_def states[] = {
    [S_ANC] = {"neutrophils", "10^9/L", 4.0, "absolute neutrophil count (ANC)"},
    [S_GCSF] = {"gcsf", "pg/mL", 30.0, "serum granulocyte colony-stimulating factor (G-CSF)"},
    [S_NP1 + 0] = {"neutrophil_precursors_1", "10^9/L", 4.0626, "postmitotic marrow neutrophils, compartment 1 of 5 (in blood neutrophils they will become per litre of blood)"},
    [S_NP1 + 1] = {"neutrophil_precursors_2", "10^9/L", 4.0626, "postmitotic marrow neutrophils, compartment 2 of 5"},
    [S_NP1 + 2] = {"neutrophil_precursors_3", "10^9/L", 4.0626, "postmitotic marrow neutrophils, compartment 3 of 5"},
    [S_NP1 + 3] = {"neutrophil_precursors_4", "10^9/L", 4.0626, "postmitotic marrow neutrophils, compartment 4 of 5"},
    [S_NP1 + 4] = {"neutrophil_precursors_5", "10^9/L", 4.0626, "band and segmented marrow neutrophils ready for release, compartment 5 of 5"},
};

static const struct mas_param_def params[] = {
    [P_ANC_BASE] = {"neutrophils_baseline", 4.0, "10^9/L", "normal ANC of a school-age child 1.5-8.5 x10^9/L", MAS_RANGE_POSITIVE, 1.5, 8.5},
    [P_ANC_HL] = {"neutrophil_half_life_h", 19.0, "h", "blood neutrophil half-life 0.79 +/- 0.25 d (19 h) by deuterium labelling (Lahoz-Beneytez et al., Blood 2016;127:3431)", MAS_RANGE_POSITIVE, 24 * (0.79 - 2 * 0.25), 24 * (0.79 + 2 * 0.25)},
    [P_GCSF_BASE] = {"gcsf_baseline", 30.0, "pg/mL", "serum G-CSF of healthy persons below 30 pg/mL in 49 of 56 (Watari et al., Blood 1989;73:117); median 45.6 pg/mL (<39-141) in healthy controls (Corbacioglu et al., J Pediatr 2000;137:96)", MAS_RANGE_POSITIVE},
    [P_GCSF_HL] = {"gcsf_half_life_h", 3.5, "h", "G-CSF elimination half-life 1.3-4.2 h at normal neutrophil counts (Layton et al., Blood 1989;74:1303); 3.5 h for filgrastim", MAS_RANGE_POSITIVE, 1.3, 4.2},
    [P_GCSF_NEUT_SHARE] = {"gcsf_neutrophil_clearance_share", 0.26, "1", "share of resting G-CSF clearance by neutrophils (the rest renal): half-life 4.7 h at ANC 0 and < 2 h at ANC > 17 x10^9/L (Kearns et al., J Pediatr 1993;123:471) against 3.5 h at rest (filgrastim label; Layton et al., Blood 1989;74:1303), 1 - 3.5/4.7", MAS_RANGE_FRACTION},
    [P_GCSF_GAIN] = {"gcsf_gain", 20.0, "1", "calibrated: sJIA-flare neutrophilia ~15 x10^9/L (WBC ~20 x10^9/L); G-CSF is induced by IL-1 and IL-6 (serum G-CSF correlates with IL-6 in infection)", MAS_RANGE_NONNEGATIVE},
    [P_GCSF_IL1_EC50] = {"gcsf_il1_ec50", 10.0, "pg/mL", "calibrated: IL-1 induces G-CSF", MAS_RANGE_POSITIVE},
    [P_GCSF_IL6_EC50] = {"gcsf_il6_ec50", 50.0, "pg/mL", "calibrated: IL-6 induces G-CSF", MAS_RANGE_POSITIVE},
    [P_GRAN_GCSF_EC50] = {"granulopoiesis_gcsf_ec50", 300.0, "pg/mL", "calibrated: neutrophil production h1(G-CSF) nearly proportional to G-CSF near rest, at most (G0 + K)/G0 = 11-fold", MAS_RANGE_POSITIVE},
    [P_NP_TRANSIT] = {"neutrophil_marrow_transit_d", 5.8, "d", "marrow transit time 5.80 +/- 0.42 d by deuterium-glucose labelling (Lahoz-Beneytez et al., Blood 2016;127:3431)", MAS_RANGE_POSITIVE, 5.80 - 2 * 0.42, 5.80 + 2 * 0.42},
    [P_NP_SPEEDUP] = {"neutrophil_transit_gcsf_speedup", 1.36, "1", "G-CSF shortens the postmitotic transit from 6.4 to 2.9 d at 300 ug/d (Price, Chatta and Dale, Blood 1996;88:335): speed 1 + a * dh1(G-CSF), 2.2-fold at the near-saturating serum levels of that dose", MAS_RANGE_NONNEGATIVE},
    [P_ANC_IFNG_SUPP] = {"neutrophil_ifng_suppression", 0.95, "1", "calibrated: IFN-gamma suppresses myelopoiesis; with hemophagocytosis, ANC below 1.0 x10^9/L (HLH-2004 cytopenia) in florid FHL despite raised G-CSF", MAS_RANGE_FRACTION},
    [P_ANC_IFNG_EC50] = {"neutrophil_ifng_ec50", 50.0, "pg/mL", "calibrated: half-maximal suppression between flare (<20 pg/mL) and storm (>100 pg/mL) IFN-gamma", MAS_RANGE_POSITIVE},
    [P_ANC_PHAGO] = {"neutrophil_hemophagocytosis_per_d", 8.0, "1/d", "calibrated: leukopenia in MAS (source text: falling counts toward pancytopenia)", MAS_RANGE_NONNEGATIVE},
    [P_OTHER_WBC] = {"other_leukocytes", 3.5, "10^9/L", "lymphocytes + monocytes + others of a school-age child (held constant)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_IL1] = "il1_signal",
    [U_IL6] = "il6_signal",
    [U_IFNG] = "ifng_signal",
    [U_MAC] = "mac_activation",
};
static const char *const uses_params[] = {
    [Q_IL10] = "il1_baseline",
    [Q_IL60] = "il6_baseline",
    [Q_IFNG0] = "ifng_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_WBC] = {"wbc", "10^9/L", "white blood cell count: neutrophils + other leukocytes"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Blood neutrophil removal (1/d) and the resting transit rate of each
 * marrow compartment (1/d). */
static double anc_k(const double *p) { return per_day_from_half_life_h(p[P_ANC_HL]); }
static double np_rate(const double *p) { return N_NP / p[P_NP_TRANSIT]; }

/* G-CSF production and clearance, its drive on precursor production, the
 * transit speed-up, IFN-gamma suppression; with their derivatives. */
struct granulo {
    double prod, dprod_il1, dprod_il6;   /* pg/mL/d */
    double clear, dclear_anc;            /* 1/d */
    double drive, ddrive;                /* h1(G)/h1(G0), d/dG */
    double speed, dspeed;                /* 1 + a * dh1(G; G0, K), d/dG */
    double supp, dsupp_ifng;
};

static struct granulo granulopoiesis(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    const int u = N_STATES;
    double il1 = y[c->ix[u + U_IL1]], il6 = y[c->ix[u + U_IL6]], ifng = y[c->ix[u + U_IFNG]];
    double g0 = p[P_GCSF_BASE], g = y[c->ix[S_GCSF]], k = p[P_GRAN_GCSF_EC50];
    double kg = per_day_from_half_life_h(p[P_GCSF_HL]), s = p[P_GCSF_NEUT_SHARE];
    double a = 0.5 * p[P_GCSF_GAIN] * kg * g0;
    struct granulo r;
    r.prod = kg * g0 + a * (excess1(il1, *c->up[Q_IL10], p[P_GCSF_IL1_EC50])
                            + excess1(il6, *c->up[Q_IL60], p[P_GCSF_IL6_EC50]));
    r.dprod_il1 = a * dexcess1(il1, *c->up[Q_IL10], p[P_GCSF_IL1_EC50]);
    r.dprod_il6 = a * dexcess1(il6, *c->up[Q_IL60], p[P_GCSF_IL6_EC50]);
    r.clear = kg * ((1.0 - s) + s * y[c->ix[S_ANC]] / p[P_ANC_BASE]);
    r.dclear_anc = kg * s / p[P_ANC_BASE];
    r.drive = hill1(g, k) / hill1(g0, k);
    r.ddrive = dhill1(g, k) / hill1(g0, k);
    r.speed = 1.0 + p[P_NP_SPEEDUP] * excess1(g, g0, k);
    r.dspeed = p[P_NP_SPEEDUP] * dexcess1(g, g0, k);
    r.supp = 1.0 - p[P_ANC_IFNG_SUPP] * excess1(ifng, *c->up[Q_IFNG0], p[P_ANC_IFNG_EC50]);
    r.dsupp_ifng = -p[P_ANC_IFNG_SUPP] * dexcess1(ifng, *c->up[Q_IFNG0], p[P_ANC_IFNG_EC50]);
    return r;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    struct granulo r = granulopoiesis(c, y);
    double anc = y[c->ix[S_ANC]], kt = np_rate(p) * r.speed;
    dy[c->ix[S_GCSF]] += r.prod - r.clear * y[c->ix[S_GCSF]];
    dy[c->ix[S_NP1]] += anc_k(p) * p[P_ANC_BASE] * r.drive * r.supp - kt * y[c->ix[S_NP1]];
    for (int i = 1; i < N_NP; i++)
        dy[c->ix[S_NP1 + i]] += kt * (y[c->ix[S_NP1 + i - 1]] - y[c->ix[S_NP1 + i]]);
    dy[c->ix[S_ANC]] += kt * y[c->ix[S_NP_LAST]] - anc_k(p) * anc
                      - p[P_ANC_PHAGO] * y[c->ix[N_STATES + U_MAC]] * anc;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int u = N_STATES;
    struct granulo r = granulopoiesis(c, y);
    int ia = c->ix[S_ANC], ig = c->ix[S_GCSF], im = c->ix[u + U_MAC];
    double k0 = np_rate(p), kt = k0 * r.speed, dkt = k0 * r.dspeed, base = anc_k(p) * p[P_ANC_BASE];

    MAS_J(c, J, ig, ig) += -r.clear;
    MAS_J(c, J, ig, ia) += -r.dclear_anc * y[ig];
    MAS_J(c, J, ig, c->ix[u + U_IL1]) += r.dprod_il1;
    MAS_J(c, J, ig, c->ix[u + U_IL6]) += r.dprod_il6;

    int i1 = c->ix[S_NP1];
    MAS_J(c, J, i1, ig) += base * r.ddrive * r.supp - dkt * y[i1];
    MAS_J(c, J, i1, c->ix[u + U_IFNG]) += base * r.drive * r.dsupp_ifng;
    MAS_J(c, J, i1, i1) += -kt;
    for (int i = 1; i < N_NP; i++) {
        int ik = c->ix[S_NP1 + i], ip = c->ix[S_NP1 + i - 1];
        MAS_J(c, J, ik, ip) += kt;
        MAS_J(c, J, ik, ik) += -kt;
        MAS_J(c, J, ik, ig) += dkt * (y[ip] - y[ik]);
    }
    int il = c->ix[S_NP_LAST];
    MAS_J(c, J, ia, il) += kt;
    MAS_J(c, J, ia, ig) += dkt * y[il];
    MAS_J(c, J, ia, ia) += -anc_k(p) - p[P_ANC_PHAGO] * y[im];
    MAS_J(c, J, ia, im) += -p[P_ANC_PHAGO] * y[ia];
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    obs[O_WBC] = y[c->ix[S_ANC]] + c->p[P_OTHER_WBC];
}

static void initial(const struct mas_ctx *c, double *y)
{
    const double *p = c->p;
    y[c->ix[S_ANC]] = p[P_ANC_BASE];
    y[c->ix[S_GCSF]] = p[P_GCSF_BASE];
    for (int i = 0; i < N_NP; i++)
        y[c->ix[S_NP1 + i]] = anc_k(p) * p[P_ANC_BASE] / np_rate(p);
}

const struct mas_module mas_module_hematology = {
    .name = "hematology",
    .doc = "neutrophils and white count: G-CSF feedback (IL-1/IL-6 up), marrow transit, IFN-gamma suppression, hemophagocytosis",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
