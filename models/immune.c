/*
 * immune.c — the cytotoxic-defect / IFN-γ feedback loop: the cells.
 *
 * Owns the trigger states (pathogen load, sJIA innate flare drive), the
 * activated antigen-presenting cells (APCs), the IFN-γ (JAK-STAT1) activation
 * of the macrophage pool, the activated CD8 T cells and NK cells and the acquired,
 * reversible suppression of their cytotoxicity by IL-6.  The loop:
 * APC -> (antigen + IL-12/IL-18) -> CD8 T cells (and NK) -> IFN-γ -> APC and macrophage
 * activation -> more IL-12/IL-18; cytotoxic killing of APCs is the brake.
 * Cytokine states live in cytokines.c.  Equations: docs/model.md §2.
 */
#include "kinetics.h"
#include "model.h"

enum { S_PATHOGEN, S_FLARE_TRIGGER, S_FLARE, S_APC, S_MAC, S_CTL, S_MEM, S_EXH1, S_EXH, S_NK, S_SUPP, N_STATES };
enum { U_IL12, U_IL18, U_IFNG, U_CXCL9, U_CXCL10, U_IL6, U_IL1S, U_GC, U_CHIM, U_CALC, U_ETOP, N_USES };
enum { Q_IFNG0, Q_IL60, Q_IL10, Q_IL180, Q_BP0, Q_KD, Q_MW18, Q_MWBP, N_USES_PARAMS };
enum {
    P_CYTOTOXIC, P_SUPP_MAX, P_SUPP_EC50, P_SUPP_HALF_LIFE,
    P_PATH_GROWTH, P_PATH_ALLEE, P_PATH_CAPACITY, P_PATH_KILL, P_PATH_INNATE,
    P_APC_PATH, P_APC_PATH_EC50, P_APC_FLARE, P_APC_IFNG, P_APC_IFNG_EC50,
    P_APC_DEATH, P_APC_KILL,
    P_MAC_ACT, P_MAC_IFNG_EC50, P_MAC_DEACT,
    P_CTL_EXPANSION, P_CTL_APC_EC50, P_CTL_IL12_GAIN, P_CTL_IL12_EC50,
    P_CTL_IL18_GAIN, P_CTL_IL18_EC50, P_CTL_CXCL9_GAIN, P_CTL_CXCL9_EC50,
    P_CTL_PRECURSOR, P_CTL_CONTRACTION,
    P_FLARE_HL, P_FLARE_IL1_SHARE, P_FLARE_IL1_EC50,
    P_NK_HL, P_NK_IL18_EC50, P_NK_IL12_EC50,
    P_MEM_SHARE, P_MEM_HL, P_EXH_MAX, P_EXH_APC_EC50, P_EXH_HL,
    N_PARAMS
};
enum { O_CYTOTOXIC_FUNCTION_EFFECTIVE, O_NK_ACTIVITY, N_OBS };

static const struct mas_state_def states[] = {
    [S_PATHOGEN] = {"pathogen", "AU", 0.0, "pathogen (e.g. viral) load; the infection trigger adds to it"},
    [S_FLARE_TRIGGER] = {"flare_trigger", "1", 0.0, "what starts an sJIA flare and keeps it possible (set by the flare trigger for its duration)"},
    [S_FLARE] = {"flare_drive", "1", 0.0, "sJIA innate (IL-1/IL-18) flare drive: follows the trigger, sustained by the IL-1 signal"},
    [S_APC] = {"apc", "1", 0.0, "activated antigen-presenting cells, fraction of capacity"},
    [S_MAC] = {"mac_activation", "1", 0.0, "IFN-gamma (JAK-STAT1) activated fraction of the macrophage pool"},
    [S_CTL] = {"ctl", "1", 0.0, "activated antigen-specific cytotoxic CD8 T cells, fraction of maximal expansion"},
    [S_MEM] = {"ctl_memory", "1", 0.0, "resting antigen-specific memory CD8 T cells, fraction of maximal effector expansion"},
    [S_EXH1] = {"ctl_exhaustion_onset", "1", 0.0, "first stage of CD8 T-cell exhaustion under persistent antigen (inhibitory receptors expressed)"},
    [S_EXH] = {"ctl_exhaustion", "1", 0.0, "CD8 T-cell exhaustion under persistent antigen: lost proliferation, then lost IFN-gamma"},
    [S_NK] = {"nk", "1", 0.0, "activated NK cells (innate, IL-12/IL-18 driven), fraction of the pool"},
    [S_SUPP] = {"cytotoxic_suppression", "1", 0.0, "acquired, reversible loss of cytotoxicity (IL-6 driven)"},
};

static const struct mas_param_def params[] = {
    [P_CYTOTOXIC] = {"cytotoxic_function", 1.0, "1", "patient: genetic cytotoxic capacity (1 normal, ~0 biallelic PRF1/UNC13D/STX11)", MAS_RANGE_FRACTION},
    [P_SUPP_MAX] = {"suppression_max", 0.0, "1", "patient: maximal acquired suppression by IL-6 (0 none); IL-6 lowers perforin and granzyme B in NK cells: Cifaldi et al., Arthritis Rheumatol 2015;67:3037", MAS_RANGE_FRACTION},
    [P_SUPP_EC50] = {"suppression_il6_ec50", 100.0, "pg/mL", "calibrated: half-maximal suppression at sJIA-flare IL-6 levels (~100 pg/mL)", MAS_RANGE_POSITIVE},
    [P_SUPP_HALF_LIFE] = {"suppression_half_life_d", 3.0, "d", "calibrated: suppression builds over days of flare (NK perforin recovers over days)", MAS_RANGE_POSITIVE},
    [P_PATH_GROWTH] = {"pathogen_growth_per_d", 1.5, "1/d", "calibrated: viral load doubles in ~0.5 d before the adaptive response", MAS_RANGE_NONNEGATIVE},
    [P_PATH_ALLEE] = {"pathogen_allee", 1e-3, "AU", "calibrated: below this load innate clearance outpaces growth (clearance is final)", MAS_RANGE_POSITIVE},
    [P_PATH_CAPACITY] = {"pathogen_capacity", 10.0, "AU", "calibrated: uncontrolled load plateau (1000x a typical inoculum of 0.01)", MAS_RANGE_POSITIVE},
    [P_PATH_KILL] = {"pathogen_kill_per_d", 60.0, "1/d", "calibrated: healthy child clears a 0.01 AU infection within ~1 week", MAS_RANGE_NONNEGATIVE},
    [P_PATH_INNATE] = {"pathogen_innate_clearance_per_d", 0.2, "1/d", "calibrated: innate clearance slower than growth", MAS_RANGE_NONNEGATIVE},
    [P_APC_PATH] = {"apc_activation_pathogen_per_d", 3.0, "1/d", "calibrated: APC activation within 1-2 d of infection", MAS_RANGE_NONNEGATIVE},
    [P_APC_PATH_EC50] = {"apc_pathogen_ec50", 0.3, "AU", "calibrated: half-maximal APC activation", MAS_RANGE_POSITIVE},
    [P_APC_FLARE] = {"apc_activation_flare_per_d", 0.0225, "1/d", "calibrated: a flare alone tips into MAS only below cytotoxic_function ~0.7 (with suppression_max 0.5); the two-week flare of sjia-flare runs away at cytotoxic_function 0.30, not 0.35 (re-fitted 0.02 -> 0.0225 when its IL-18 fell to the sourced 16,500 pg/mL)", MAS_RANGE_NONNEGATIVE},
    [P_APC_IFNG] = {"apc_activation_ifng_per_d", 0.5, "1/d", "calibrated: IFN-gamma feeds back on antigen-presenting-cell activation; in perforin-deficient mice antigen presentation drives CD8 T cells and IFN-gamma, and IFN-gamma blockade rescues them (Jordan et al., Blood 2004;104:735)", MAS_RANGE_NONNEGATIVE},
    [P_APC_IFNG_EC50] = {"apc_ifng_ec50", 100.0, "pg/mL", "calibrated: half-maximal at storm IFN-gamma of hundreds of pg/mL (307 +/- 282 and 562 +/- 400 pg/mL in primary HLH and MAS, in the order of the abstract; Gao et al., Mediterr J Hematol Infect Dis 2019;11:e2019008)", MAS_RANGE_POSITIVE},
    [P_APC_DEATH] = {"apc_death_per_d", 0.1, "1/d", "calibrated: activated APCs persist ~1 week when not killed (source text: they persist)", MAS_RANGE_NONNEGATIVE},
    [P_APC_KILL] = {"apc_kill_per_d", 20.0, "1/d", "calibrated: places the switch of a two-week sJIA flare between cytotoxic_function 0.30 and 0.35; an infection's follows, between 0.19 and 0.20 (0.20-0.21 without T-cell exhaustion) (tests/t_threshold.sh, docs/model.md §13)", MAS_RANGE_NONNEGATIVE},
    [P_MAC_ACT] = {"mac_activation_per_d", 2.0, "1/d", "calibrated: macrophage activation within ~1 d of IFN-gamma rise", MAS_RANGE_NONNEGATIVE},
    [P_MAC_IFNG_EC50] = {"mac_ifng_ec50", 100.0, "pg/mL", "calibrated: CXCL9 of active sJIA without MAS history median 519 pg/mL (Bracaglia et al., ACR 2016 abstract 3006) vs MAS cut-off 2,677 pg/mL (Bracaglia et al., ACR 2017 abstract 2332); IFN-gamma and CXCL9 far higher in MAS than in active sJIA (Bracaglia et al., Ann Rheum Dis 2017;76:166)", MAS_RANGE_POSITIVE},
    [P_MAC_DEACT] = {"mac_deactivation_per_d", 1.0, "1/d", "calibrated: activation fades within ~1 d once IFN-gamma falls", MAS_RANGE_NONNEGATIVE},
    [P_CTL_EXPANSION] = {"ctl_expansion_per_d", 2.0, "1/d", "calibrated: effector expansion over 3-5 days", MAS_RANGE_NONNEGATIVE},
    [P_CTL_APC_EC50] = {"ctl_apc_ec50", 0.2, "1", "calibrated: antigen presentation threshold of CTL expansion", MAS_RANGE_POSITIVE},
    [P_CTL_IL12_GAIN] = {"ctl_il12_gain", 1.0, "1", "calibrated: IL-12 co-stimulation doubles expansion at saturation", MAS_RANGE_NONNEGATIVE},
    [P_CTL_IL12_EC50] = {"ctl_il12_ec50", 20.0, "pg/mL", "calibrated: half-maximal IL-12 help", MAS_RANGE_POSITIVE},
    [P_CTL_IL18_GAIN] = {"ctl_il18_gain", 1.0, "1", "calibrated: IL-18 synergises with IL-12 on T/NK IFN-gamma and proliferation (Micallef et al., Eur J Immunol 1996;26:1647); IL-18 itself: Okamura et al., Nature 1995;378:88", MAS_RANGE_NONNEGATIVE},
    [P_CTL_IL18_EC50] = {"ctl_il18_ec50", 4000.0, "pg/mL", "calibrated, free IL-18: 5,000 pg/mL of total IL-18 (between inactive, median 1,164 pg/mL, and active sJIA, 16,499 pg/mL: Yasin et al., Rheumatology 2020;59:361; the AOSD diagnostic cut-off 5,000 pg/mL: Kudela et al., BMC Rheumatol 2019;3:4) times the ~80 % of it left free at infection levels of IL-18BP; kept the switch of an infection between cytotoxic_function 0.20 and 0.21 (before T-cell exhaustion was modelled)", MAS_RANGE_POSITIVE},
    [P_CTL_CXCL9_GAIN] = {"ctl_cxcl9_gain", 0.5, "1", "calibrated: CXCL9/CXCL10 (CXCR3 ligands) recruit T cells to tissue", MAS_RANGE_NONNEGATIVE},
    [P_CTL_CXCL9_EC50] = {"ctl_cxcl9_ec50", 5000.0, "pg/mL", "calibrated: half-maximal recruitment at CXCL9 + CXCL10 ~5,000 pg/mL; MAS CXCL9 above 2,677 pg/mL (Bracaglia, ACR 2017 abstract 2332)", MAS_RANGE_POSITIVE},
    [P_CTL_PRECURSOR] = {"ctl_precursor", 0.01, "1", "calibrated: naive precursor seed relative to maximal expansion", MAS_RANGE_NONNEGATIVE},
    [P_FLARE_HL] = {"flare_half_life_d", 0.25, "d", "calibrated: once the IL-1 loop is blocked the flare subsides within days; first-line anakinra ended the fever within 3 days in 18 of 20 new-onset sJIA (Vastert et al., Arthritis Rheumatol 2014;66:1034), median 4 days (2-10) in another series (Hedrich et al., Rheumatol Int 2012;32:3525)", MAS_RANGE_POSITIVE},
    [P_FLARE_IL1_SHARE] = {"flare_il1_share", 0.9, "1", "calibrated: share of the flare drive that the IL-1 signal sustains (IL-1 induces IL-1: Dinarello et al., J Immunol 1987;139:1902); anakinra leaves the rest; sJIA is IL-1 driven and answers IL-1 blockade (Pascual et al., J Exp Med 2005;201:1479: 7 of 9 complete responses)", MAS_RANGE_FRACTION},
    [P_FLARE_IL1_EC50] = {"flare_il1_ec50", 1.0, "pg/mL", "calibrated: IL-1 signal above rest that half-sustains the loop; the flare's own IL-1 (~20 pg/mL above rest) sustains it near fully", MAS_RANGE_POSITIVE},
    [P_NK_HL] = {"nk_half_life_h", 6.0, "h", "calibrated: NK cells respond within hours, days before the CD8 T cells expand; early NK IFN-gamma in LCMV peaks near 30 h with the type I IFN that drives it (Mack et al., mBio 2011)", MAS_RANGE_POSITIVE},
    [P_NK_IL18_EC50] = {"nk_il18_ec50", 4000.0, "pg/mL", "calibrated, free IL-18: as ctl_il18_ec50", MAS_RANGE_POSITIVE},
    [P_NK_IL12_EC50] = {"nk_il12_ec50", 20.0, "pg/mL", "calibrated: IL-12 + IL-18 together drive NK proliferation and IFN-gamma, neither alone (mouse; A critical role for IL-18 in the proliferation and activation of NK1.1+CD3- cells, J Immunol 1998;160:4738)", MAS_RANGE_POSITIVE},
    [P_MEM_SHARE] = {"ctl_memory_share", 0.06, "1", "calibrated: of the effectors that contract once antigen is gone, the share that becomes memory; leaves 7 % of the peak as memory after a healthy child's infection (after contraction 90-95 % of effector CD8 T cells have died and the survivors are kept long term as memory: review, PMID 21995573)", MAS_RANGE_FRACTION},
    [P_MEM_HL] = {"ctl_memory_half_life_d", 3650.0, "d", "virus-specific memory CD8 T cells after smallpox vaccination decline with a half-life of 8-15 years (Hammarlund et al., Nat Med 2003;9:1131); 10 years", MAS_RANGE_POSITIVE, 8 * 365.0, 15 * 365.0},
    [P_EXH_MAX] = {"ctl_exhaustion_max", 0.9, "1", "calibrated: exhaustion under persistent antigen ends in loss of effector function and deletion of antigen-specific T cells, and limits HLH in syntaxin-11-deficient mice; blocking inhibitory receptors made the disease fatal (Kogl et al., Blood 2013;121:604)", MAS_RANGE_FRACTION},
    [P_EXH_APC_EC50] = {"ctl_exhaustion_apc_ec50", 0.3, "1", "calibrated: exhaustion needs high, persistent antigen presentation (above the expansion threshold ctl_apc_ec50)", MAS_RANGE_POSITIVE},
    [P_EXH_HL] = {"ctl_exhaustion_half_life_d", 10.0, "d", "calibrated: half-life of each of two exhaustion stages (a mean delay of 4 weeks): weeks of persistent antigen exhaust, an acute infection's days do not; untreated FHL2 is still a storm on day 40 and relapses when HLH-94 stops after two weeks, while exhaustion limits the storm over months (exhaustion limits HLH in Stx11-deficient mice: Kogl et al., Blood 2013;121:604)", MAS_RANGE_POSITIVE},
    [P_CTL_CONTRACTION] = {"ctl_contraction_per_d", 1.0, "1/d", "calibrated: contraction of effectors within days after antigen clearance", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_IL12] = "il12",
    [U_IL18] = "il18_free",
    [U_IFNG] = "ifng_signal",
    [U_CXCL9] = "cxcl9",
    [U_CXCL10] = "cxcl10",
    [U_IL6] = "il6_signal",
    [U_IL1S] = "il1_signal",
    [U_GC] = "glucocorticoid_effect",
    [U_CHIM] = "donor_chimerism",
    [U_CALC] = "calcineurin_blockade",
    [U_ETOP] = "etoposide_kill",
};
static const char *const uses_params[] = {
    [Q_IFNG0] = "ifng_baseline",
    [Q_IL60] = "il6_baseline",
    [Q_IL10] = "il1_baseline",
    [Q_IL180] = "il18_baseline",
    [Q_BP0] = "il18bp_baseline",
    [Q_KD] = "il18bp_kd_pm",
    [Q_MW18] = "il18_molar_mass_kda",
    [Q_MWBP] = "il18bp_molar_mass_kda",
};

static const struct mas_obs_def observables[] = {
    [O_CYTOTOXIC_FUNCTION_EFFECTIVE] = {"cytotoxic_function_effective", "1", "genetic capacity (restored by donor chimerism) x (1 - acquired suppression)"},
    [O_NK_ACTIVITY] = {"nk_activity", "%", "NK-cell cytotoxic activity relative to normal (the HLH-2004 NK criterion)"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Terms shared by rhs and jac. */
struct loop {
    double cap, kappa, act, help12_18, help9, help, g_apc, keep;
};

static struct loop loop_terms(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    const int *ix = c->ix;
    const int n = N_STATES;
    double ifng0 = *c->up[Q_IFNG0];
    struct loop l;
    /* genetic capacity, restored by donor cells after HSCT */
    l.cap = p[P_CYTOTOXIC] + (1.0 - p[P_CYTOTOXIC]) * y[ix[n + U_CHIM]];
    l.kappa = l.cap * (1.0 - y[ix[S_SUPP]]);
    l.act = p[P_APC_PATH] * hill1(y[ix[S_PATHOGEN]], p[P_APC_PATH_EC50])
          + p[P_APC_FLARE] * y[ix[S_FLARE]]
          + p[P_APC_IFNG] * excess2(y[ix[n + U_IFNG]], ifng0, p[P_APC_IFNG_EC50]);
    l.help12_18 = 1.0 + p[P_CTL_IL12_GAIN] * hill1(y[ix[n + U_IL12]], p[P_CTL_IL12_EC50])
                + p[P_CTL_IL18_GAIN] * hill1(y[ix[n + U_IL18]], p[P_CTL_IL18_EC50]);
    l.help9 = 1.0 + p[P_CTL_CXCL9_GAIN] * hill1(y[ix[n + U_CXCL9]] + y[ix[n + U_CXCL10]], p[P_CTL_CXCL9_EC50]);
    l.help = l.help12_18 * l.help9;
    l.g_apc = hill2(y[ix[S_APC]], p[P_CTL_APC_EC50]);
    /* glucocorticoids and cyclosporine suppress T-cell expansion, and
     * exhausted cells stop proliferating */
    l.keep = (1.0 - y[ix[n + U_GC]]) * (1.0 - y[ix[n + U_CALC]]) * (1.0 - y[ix[S_EXH]]);
    return l;
}

/* The sJIA flare: the trigger u starts it; the IL-1 signal above rest
 * sustains a share of it (dD/dt = k (u (1 - s + s phi) - D), phi a Hill
 * function of the IL-1 excess), so IL-1 blockade switches it off. */
struct flare {
    double k, sustain, dsustain;   /* 1 - s + s phi, and its derivative in the IL-1 signal */
};

static struct flare flare_terms(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double il1 = y[c->ix[N_STATES + U_IL1S]], il10 = *c->up[Q_IL10], k1 = p[P_FLARE_IL1_EC50];
    double x = il1 > il10 ? il1 - il10 : 0.0, share = p[P_FLARE_IL1_SHARE];
    struct flare f;
    f.k = per_day_from_half_life_d(p[P_FLARE_HL]);
    f.sustain = 1.0 - share + share * hill1(x, k1);
    f.dsustain = il1 > il10 ? share * dhill1(x, k1) : 0.0;
    return f;
}

/* NK cells: innate, activated by IL-18 together with IL-12, within hours;
 * they follow target = Delta-h1(IL18) (1 + h1(IL12)) / 2 in [0, 1). */
struct nk {
    double k, target, dtarget_il18, dtarget_il12;
};

static struct nk nk_terms(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    double il18 = y[c->ix[N_STATES + U_IL18]], il12 = y[c->ix[N_STATES + U_IL12]];
    /* free IL-18 at rest */
    double il180 = mas_il18_free(*c->up[Q_IL180], *c->up[Q_BP0], *c->up[Q_KD], *c->up[Q_MW18], *c->up[Q_MWBP]).free;
    double x18 = excess1(il18, il180, p[P_NK_IL18_EC50]), h12 = hill1(il12, p[P_NK_IL12_EC50]);
    struct nk k;
    k.k = per_day_from_half_life_h(p[P_NK_HL]);
    k.target = 0.5 * x18 * (1.0 + h12);
    k.dtarget_il18 = 0.5 * dexcess1(il18, il180, p[P_NK_IL18_EC50]) * (1.0 + h12);
    k.dtarget_il12 = 0.5 * x18 * dhill1(il12, p[P_NK_IL12_EC50]);
    return k;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    const int n = N_STATES;
    struct loop l = loop_terms(c, y);
    double v = y[ix[S_PATHOGEN]], a = y[ix[S_APC]], m = y[ix[S_MAC]];
    double e = y[ix[S_CTL]], s = y[ix[S_SUPP]], ifng = y[ix[n + U_IFNG]];
    double ifng0 = *c->up[Q_IFNG0], il60 = *c->up[Q_IL60];

    dy[ix[S_PATHOGEN]] += p[P_PATH_GROWTH] * v * hill1(v, p[P_PATH_ALLEE]) * (1.0 - v / p[P_PATH_CAPACITY])
                        - p[P_PATH_KILL] * l.kappa * e * v - p[P_PATH_INNATE] * v;
    dy[ix[S_APC]] += l.act * (1.0 - a) - (p[P_APC_DEATH] + p[P_APC_KILL] * l.kappa * e) * a;
    dy[ix[S_MAC]] += p[P_MAC_ACT] * excess2(ifng, ifng0, p[P_MAC_IFNG_EC50]) * (1.0 - m)
                   - p[P_MAC_DEACT] * m;
    /* effectors expand from naive precursors and memory cells; of those
     * that contract once antigen is gone a share becomes memory */
    double w = y[ix[S_MEM]], rate = l.keep * p[P_CTL_EXPANSION] * l.g_apc * l.help * (1.0 - e);
    dy[ix[S_CTL]] += rate * (e + p[P_CTL_PRECURSOR] + w) - (p[P_CTL_CONTRACTION] + y[ix[n + U_ETOP]]) * e;
    dy[ix[S_MEM]] += p[P_MEM_SHARE] * p[P_CTL_CONTRACTION] * e * (1.0 - l.g_apc) - rate * w
                   - per_day_from_half_life_d(p[P_MEM_HL]) * w;
    /* exhaustion: two stages behind persistent antigen presentation */
    double kx = per_day_from_half_life_d(p[P_EXH_HL]);
    dy[ix[S_EXH1]] += kx * (p[P_EXH_MAX] * hill2(a, p[P_EXH_APC_EC50]) - y[ix[S_EXH1]]);
    dy[ix[S_EXH]] += kx * (y[ix[S_EXH1]] - y[ix[S_EXH]]);
    dy[ix[S_SUPP]] += per_day_from_half_life_d(p[P_SUPP_HALF_LIFE])
                    * (p[P_SUPP_MAX] * excess1(y[ix[n + U_IL6]], il60, p[P_SUPP_EC50]) - s);
    struct flare f = flare_terms(c, y);
    dy[ix[S_FLARE]] += f.k * (y[ix[S_FLARE_TRIGGER]] * f.sustain - y[ix[S_FLARE]]);
    struct nk k = nk_terms(c, y);
    dy[ix[S_NK]] += k.k * (k.target - y[ix[S_NK]]);
}

static void jac_pathogen_apc(const struct mas_ctx *c, const double *y, const struct loop *l, double *J)
{
    const double *p = c->p;
    const int *ix = c->ix;
    const int n = N_STATES;
    double v = y[ix[S_PATHOGEN]], a = y[ix[S_APC]], e = y[ix[S_CTL]];
    int iv = ix[S_PATHOGEN], ia = ix[S_APC];
    double growth = p[P_PATH_GROWTH], cap = p[P_PATH_CAPACITY], allee = p[P_PATH_ALLEE];
    double dk_dchim = (1.0 - p[P_CYTOTOXIC]) * (1.0 - y[ix[S_SUPP]]);
    int ichim = ix[n + U_CHIM];

    MAS_J(c, J, iv, iv) += growth * (hill1(v, allee) + v * dhill1(v, allee)) * (1.0 - v / cap)
                         - growth * v * hill1(v, allee) / cap
                         - p[P_PATH_KILL] * l->kappa * e - p[P_PATH_INNATE];
    MAS_J(c, J, iv, ix[S_CTL]) += -p[P_PATH_KILL] * l->kappa * v;
    MAS_J(c, J, iv, ix[S_SUPP]) += p[P_PATH_KILL] * l->cap * e * v;
    MAS_J(c, J, iv, ichim) += -p[P_PATH_KILL] * dk_dchim * e * v;

    MAS_J(c, J, ia, iv) += p[P_APC_PATH] * dhill1(v, p[P_APC_PATH_EC50]) * (1.0 - a);
    MAS_J(c, J, ia, ix[S_FLARE]) += p[P_APC_FLARE] * (1.0 - a);
    double ifng = y[ix[n + U_IFNG]], ifng0 = *c->up[Q_IFNG0];
    MAS_J(c, J, ia, ix[n + U_IFNG]) += p[P_APC_IFNG] * dexcess2(ifng, ifng0, p[P_APC_IFNG_EC50]) * (1.0 - a);
    MAS_J(c, J, ia, ia) += -l->act - (p[P_APC_DEATH] + p[P_APC_KILL] * l->kappa * e);
    MAS_J(c, J, ia, ix[S_CTL]) += -p[P_APC_KILL] * l->kappa * a;
    MAS_J(c, J, ia, ix[S_SUPP]) += p[P_APC_KILL] * l->cap * e * a;
    MAS_J(c, J, ia, ichim) += -p[P_APC_KILL] * dk_dchim * e * a;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    const int n = N_STATES;
    struct loop l = loop_terms(c, y);
    double a = y[ix[S_APC]], m = y[ix[S_MAC]], e = y[ix[S_CTL]];
    double ifng = y[ix[n + U_IFNG]], ifng0 = *c->up[Q_IFNG0];
    int im = ix[S_MAC], ie = ix[S_CTL], is = ix[S_SUPP];

    jac_pathogen_apc(c, y, &l, J);

    MAS_J(c, J, im, ix[n + U_IFNG]) += p[P_MAC_ACT] * dexcess2(ifng, ifng0, p[P_MAC_IFNG_EC50]) * (1.0 - m);
    MAS_J(c, J, im, im) += -p[P_MAC_ACT] * excess2(ifng, ifng0, p[P_MAC_IFNG_EC50])
                         - p[P_MAC_DEACT];

    /* expansion X = keep r_E g help (1 - e) (e + e0 + w) into E, and its
     * memory part X_w = keep r_E g help (1 - e) w out of W: the same
     * derivatives with seed (e + e0 + w) or w */
    double w = y[ix[S_MEM]], gc = y[ix[n + U_GC]], cal = y[ix[n + U_CALC]];
    int iw = ix[S_MEM];
    double xh = y[ix[S_EXH]];
    double seed[2] = {e + p[P_CTL_PRECURSOR] + w, w};
    int row[2] = {ie, iw};
    double sign[2] = {1.0, -1.0};
    double r = l.keep * p[P_CTL_EXPANSION];
    for (int q = 0; q < 2; q++) {
        double growth = seed[q] * (1.0 - e) * sign[q];
        double expansion = p[P_CTL_EXPANSION] * l.g_apc * l.help * growth;
        int i = row[q];
        MAS_J(c, J, i, ix[n + U_GC]) += -(1.0 - cal) * (1.0 - xh) * expansion;
        MAS_J(c, J, i, ix[n + U_CALC]) += -(1.0 - gc) * (1.0 - xh) * expansion;
        MAS_J(c, J, i, ix[S_EXH]) += -(1.0 - gc) * (1.0 - cal) * expansion;
        MAS_J(c, J, i, ix[S_APC]) += r * dhill2(a, p[P_CTL_APC_EC50]) * l.help * growth;
        MAS_J(c, J, i, ix[n + U_IL12]) += r * l.g_apc * l.help9 * p[P_CTL_IL12_GAIN]
                                        * dhill1(y[ix[n + U_IL12]], p[P_CTL_IL12_EC50]) * growth;
        MAS_J(c, J, i, ix[n + U_IL18]) += r * l.g_apc * l.help9 * p[P_CTL_IL18_GAIN]
                                        * dhill1(y[ix[n + U_IL18]], p[P_CTL_IL18_EC50]) * growth;
        double d9 = r * l.g_apc * l.help12_18 * p[P_CTL_CXCL9_GAIN]
                  * dhill1(y[ix[n + U_CXCL9]] + y[ix[n + U_CXCL10]], p[P_CTL_CXCL9_EC50]) * growth;
        MAS_J(c, J, i, ix[n + U_CXCL9]) += d9;
        MAS_J(c, J, i, ix[n + U_CXCL10]) += d9;
        double rg = r * l.g_apc * l.help * sign[q];
        MAS_J(c, J, i, ie) += -rg * seed[q] + (q == 0 ? rg * (1.0 - e) : 0.0);
        MAS_J(c, J, i, iw) += rg * (1.0 - e);
    }
    MAS_J(c, J, ie, ix[n + U_ETOP]) += -e;
    MAS_J(c, J, ie, ie) += -p[P_CTL_CONTRACTION] - y[ix[n + U_ETOP]];
    /* memory formation and decay */
    double form = p[P_MEM_SHARE] * p[P_CTL_CONTRACTION];
    MAS_J(c, J, iw, ie) += form * (1.0 - l.g_apc);
    MAS_J(c, J, iw, ix[S_APC]) += -form * e * dhill2(a, p[P_CTL_APC_EC50]);
    MAS_J(c, J, iw, iw) += -per_day_from_half_life_d(p[P_MEM_HL]);
    /* exhaustion stages */
    double kx = per_day_from_half_life_d(p[P_EXH_HL]);
    int ix1 = ix[S_EXH1], ix2 = ix[S_EXH];
    MAS_J(c, J, ix1, ix[S_APC]) += kx * p[P_EXH_MAX] * dhill2(a, p[P_EXH_APC_EC50]);
    MAS_J(c, J, ix1, ix1) += -kx;
    MAS_J(c, J, ix2, ix1) += kx;
    MAS_J(c, J, ix2, ix2) += -kx;

    double ks = per_day_from_half_life_d(p[P_SUPP_HALF_LIFE]);
    double il6 = y[ix[n + U_IL6]], il60 = *c->up[Q_IL60];
    MAS_J(c, J, is, ix[n + U_IL6]) += ks * p[P_SUPP_MAX] * dexcess1(il6, il60, p[P_SUPP_EC50]);
    MAS_J(c, J, is, is) += -ks;

    struct flare f = flare_terms(c, y);
    int id = ix[S_FLARE];
    MAS_J(c, J, id, ix[S_FLARE_TRIGGER]) += f.k * f.sustain;
    MAS_J(c, J, id, ix[n + U_IL1S]) += f.k * y[ix[S_FLARE_TRIGGER]] * f.dsustain;
    MAS_J(c, J, id, id) += -f.k;

    struct nk k = nk_terms(c, y);
    int in = ix[S_NK];
    MAS_J(c, J, in, ix[n + U_IL18]) += k.k * k.dtarget_il18;
    MAS_J(c, J, in, ix[n + U_IL12]) += k.k * k.dtarget_il12;
    MAS_J(c, J, in, in) += -k.k;
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    obs[O_CYTOTOXIC_FUNCTION_EFFECTIVE] = (c->p[P_CYTOTOXIC] + (1.0 - c->p[P_CYTOTOXIC]) * y[c->ix[N_STATES + U_CHIM]]) * (1.0 - y[c->ix[S_SUPP]]);
    obs[O_NK_ACTIVITY] = 100.0 * obs[O_CYTOTOXIC_FUNCTION_EFFECTIVE];
}

const struct mas_module mas_module_immune = {
    .name = "immune",
    .doc = "cytotoxic defect / IFN-gamma loop: pathogen, flare, APCs, CD8 T cells, NK cells, macrophage activation",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .rhs = rhs, .jac = jac, .observe = observe,
};
