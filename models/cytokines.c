/*
 * cytokines.c — the cytokines of the loop and of the storm: IL-12, IL-18,
 * IFN-γ, CXCL9, CXCL10, IL-1β, IL-6, TNF-α, and soluble CD25 (the shed IL-2
 * receptor alpha chain, a read-out of T-cell activation), each produced by
 * the cells of immune.c (and the sJIA innate flare drive) and cleared
 * first-order with its plasma half-life.  Each rests at its baseline:
 * production terms vanish at rest.  Glucocorticoids (glucocorticoid.c)
 * scale the production of IL-12, IL-18, IFN-γ, IL-1, IL-6 and TNF-α by
 * (1 - effect).
 * Equations: docs/model.md §3.
 */
#include "kinetics.h"
#include "model.h"

enum { S_IL12, S_IL18, S_IL18BP, S_IFNG, S_IFNG_T, S_CXCL9, S_CXCL10, S_IL1, S_IL6, S_TNF, S_SCD25, N_STATES };
enum { U_FLARE, U_APC, U_MAC, U_CTL, U_NK, U_GC, U_IL1S, U_CALC, U_IFNGS, U_IL18F, U_EXH, N_USES };
enum {
    P_IL12_HL, P_IL12_BASE, P_IL12_PROD,
    P_IL18_HL, P_IL18_BASE, P_IL18_PROD, P_IL18_PRIMING, P_IL18_FLARE,
    P_IL18BP_HL, P_IL18BP_BASE, P_IL18BP_IFNG, P_IL18BP_IFNG_EC50, P_IL18BP_KD,
    P_IL18BP_MW, P_IL18_MW,
    P_IFNG_HL, P_IFNG_BASE, P_IFNG_PROD, P_IFNG_IL18_GAIN, P_IFNG_IL18_EC50,
    P_IFNG_T_RATIO, P_IFNG_T_HL,
    P_NK_IFNG,
    P_CXCL9_HL, P_CXCL9_BASE, P_CXCL9_PROD,
    P_CXCL10_HL, P_CXCL10_BASE, P_CXCL10_PROD,
    P_IL1_HL, P_IL1_BASE, P_IL1_PROD, P_IL1_FLARE,
    P_IL6_HL, P_IL6_BASE, P_IL6_MAC, P_IL6_IL1, P_IL6_IL1_EC50,
    P_TNF_HL, P_TNF_BASE, P_TNF_MAC, P_TNF_CTL,
    P_SCD25_HL, P_SCD25_BASE, P_SCD25_PROD,
    N_PARAMS
};

static const struct mas_state_def states[] = {
    [S_IL12] = {"il12", "pg/mL", 2.0, "interleukin-12 (serum)"},
    [S_IL18] = {"il18", "pg/mL", 300.0, "interleukin-18, total: free and bound to IL-18BP (serum; what IL-18 immunoassays report)"},
    [S_IL18BP] = {"il18bp", "ng/mL", 2.15, "IL-18 binding protein (isoform a), total (serum); IFN-gamma induces it"},
    [S_IFNG] = {"ifng", "pg/mL", 1.0, "interferon-gamma, free (serum)"},
    [S_IFNG_T] = {"ifng_tissue", "pg/mL", 1.0, "interferon-gamma, free, in the tissues where effectors meet macrophages (interstitial fluid; serum-equivalent x ifng_tissue_ratio)"},
    [S_CXCL9] = {"cxcl9", "pg/mL", 150.0, "CXCL9 (MIG), IFN-gamma-induced chemokine (serum)"},
    [S_CXCL10] = {"cxcl10", "pg/mL", 100.0, "CXCL10 (IP-10), IFN-gamma-induced chemokine (serum)"},
    [S_IL1] = {"il1", "pg/mL", 1.0, "interleukin-1 beta (serum)"},
    [S_IL6] = {"il6", "pg/mL", 3.0, "interleukin-6 (serum)"},
    [S_TNF] = {"tnf", "pg/mL", 3.0, "tumour necrosis factor alpha (serum)"},
    [S_SCD25] = {"scd25", "U/mL", 500.0, "soluble CD25 (sIL-2R alpha), shed by activated T cells (serum)"},
};

static const struct mas_param_def params[] = {
    [P_IL12_HL] = {"il12_half_life_h", 6.0, "h", "IL-12 i.v. in rhesus monkeys: initial 0.2-5 h, terminal 13-19 h (Nadeau et al., J Pharmacol Exp Ther 1995;274:78)", MAS_RANGE_POSITIVE},
    [P_IL12_BASE] = {"il12_baseline", 2.0, "pg/mL", "IL-12p70 near the detection limit in health (a few pg/mL)", MAS_RANGE_NONNEGATIVE},
    [P_IL12_PROD] = {"il12_production", 60.0, "pg/mL", "calibrated: IL-12 ~50 pg/mL in florid MAS (steady-state increment per unit APC+macrophage activation)", MAS_RANGE_NONNEGATIVE},
    [P_IL18_HL] = {"il18_half_life_h", 12.0, "h", "calibrated: total IL-18 (bound to IL-18BP) stays high for days in sJIA; no human half-life found", MAS_RANGE_POSITIVE},
    [P_IL18_BASE] = {"il18_baseline", 300.0, "pg/mL", "healthy children 349 +/- 123 pg/mL, total IL-18 by ELISA (n = 10; Jang et al., Pediatr Allergy Respir Dis 2001;11:130); upper reference limit 477 pg/mL (Cincinnati Children's Diagnostic Immunology Laboratory, Ella)", MAS_RANGE_NONNEGATIVE, 349 - 2 * 123.0, 349 + 2 * 123.0},
    [P_IL18_PROD] = {"il18_production", 3000.0, "pg/mL", "calibrated: FHL2 (fhl2-infection) peaks at ~4,800 pg/mL, inside the 814-10,900 pg/mL of 9 children with active HLH (healthy controls 153-331 pg/mL; HLH above infectious mononucleosis: Takada et al., Med Pediatr Oncol 1999;32(3), meeting abstract; Br J Haematol 1999;106:182); a healthy child's infection peaks at ~1,000 pg/mL", MAS_RANGE_NONNEGATIVE},
    [P_IL18_PRIMING] = {"il18_priming", 0.0, "1", "patient: extra IL-18 per activated APC or macrophage, in folds of il18_production (0 none; the sjia background sets 8: MAS risk goes with chronic, inflammasome-driven IL-18 excess, Weiss et al., Blood 2018;131:1442)", MAS_RANGE_NONNEGATIVE},
    [P_IL18_FLARE] = {"il18_flare", 13500.0, "pg/mL", "calibrated: sjia-flare IL-18 ~16,000 pg/mL (16,500 before the flare drive became an IL-1 loop), near the active-sJIA median 16,499 (IQR 4,816-61,839) pg/mL of total IL-18 (Yasin et al., Rheumatology 2020;59:361); Kudela et al., BMC Rheumatol 2019;3:4: 21,512 pg/mL", MAS_RANGE_NONNEGATIVE},
    [P_IL18BP_HL] = {"il18bp_half_life_h", 24.0, "h", "assumed: no endogenous half-life found; a secreted glycoprotein cleared over about a day (s.c. recombinant IL-18BP peaks 6-48 h after injection and reaches steady state in 1-2 weeks on three doses a week: Tak et al., Eur J Drug Metab Pharmacokinet 2006;31:109)", MAS_RANGE_POSITIVE},
    [P_IL18BP_BASE] = {"il18bp_baseline", 2.15, "ng/mL", "healthy serum IL-18BPa 2.15 +/- 0.15 ng/mL (range 0.5-7; Novick et al., Cytokine 2001;14:334)", MAS_RANGE_NONNEGATIVE, 0.5, 7.0},
    [P_IL18BP_IFNG] = {"il18bp_from_ifng", 25.0, "ng/mL", "calibrated: IFN-gamma induces IL-18BP (Muhl et al., Biochem Biophys Res Commun 2000;267:960; a negative feedback on IL-18); a storm raises it to ~20 ng/mL, near the septic 21.9 +/- 1.44 ng/mL (Novick et al., Cytokine 2001;14:334), 'only moderately elevated' against IL-18 in secondary HLH (Mazodier et al., Blood 2005;106:3483)", MAS_RANGE_NONNEGATIVE},
    [P_IL18BP_IFNG_EC50] = {"il18bp_ifng_ec50", 100.0, "pg/mL", "calibrated: as mac_ifng_ec50 (IFN-gamma signal of a storm)", MAS_RANGE_POSITIVE},
    [P_IL18BP_KD] = {"il18bp_kd_pm", 400.0, "pM", "IL-18/IL-18BPa 1:1 complex, K_D 400 pM (Novick et al., Cytokine 2001;14:334); 399 pM with rapid on- and slow off-rate (Kim et al., PNAS 2000;97:1190)", MAS_RANGE_POSITIVE},
    [P_IL18BP_MW] = {"il18bp_molar_mass_kda", 30.0, "kDa", "calibrated: with K_D 400 pM, healthy IL-18BPa 2.15 ng/mL leaves ~85 % of IL-18 free, as computed by mass action in Novick et al., Cytokine 2001;14:334 (the polypeptide is ~20 kDa, the glycoprotein ~40 kDa)", MAS_RANGE_POSITIVE},
    [P_IL18_MW] = {"il18_molar_mass_kda", 18.2, "kDa", "mature IL-18 (157 amino acids), ~18 kDa (Okamura et al., Nature 1995;378:88)", MAS_RANGE_POSITIVE},
    [P_IFNG_HL] = {"ifng_half_life_h", 0.5, "h", "rIFN-gamma i.v. half-life 25-35 min (Kurzrock et al., Cancer Res 1985;45:2866)", MAS_RANGE_POSITIVE, 25.0 / 60, 35.0 / 60},
    [P_IFNG_BASE] = {"ifng_baseline", 1.0, "pg/mL", "healthy serum IFN-gamma near the detection limit; 8.5 pg/mL is the cut-off that best separates MAS from active sJIA (AUC 0.77; Bracaglia et al., ACR 2017 abstract 2332)", MAS_RANGE_NONNEGATIVE},
    [P_IFNG_PROD] = {"ifng_production", 150.0, "pg/mL", "calibrated: storm IFN-gamma in the hundreds of pg/mL: 307 +/- 282 and 562 +/- 400 pg/mL in primary HLH and MAS, in the order of the abstract (Luminex; haematology patients; Gao et al., Mediterr J Hematol Infect Dis 2019;11:e2019008)", MAS_RANGE_NONNEGATIVE},
    [P_IFNG_IL18_GAIN] = {"ifng_il18_gain", 1.0, "1", "calibrated: IL-18 (IFN-gamma-inducing factor) boosts IFN-gamma per effector (Okamura et al., Nature 1995;378:88)", MAS_RANGE_NONNEGATIVE},
    [P_IFNG_IL18_EC50] = {"ifng_il18_ec50", 600.0, "pg/mL", "calibrated, free IL-18: the two-week flare of sjia-flare runs away at cytotoxic_function 0.30 and not 0.35, and FHL2 reaches storm IFN-gamma (~225 pg/mL), with IL-18 at primary-HLH levels outside sJIA; 1,500 pg/mL of total IL-18 before IL-18BP was modelled (between the lowest of 9 children with active HLH, 814 pg/mL, and their median range: Takada et al., Br J Haematol 1999;106:182), of which FHL2's IL-18BP leaves ~45 % free", MAS_RANGE_POSITIVE},
    [P_IFNG_T_RATIO] = {"ifng_tissue_ratio", 20.0, "1", "calibrated: tissue:serum ratio of free IFN-gamma; the FHL2 storm of a 10 kg child on emapalumab 1 mg/kg every 3 days carries total IFN-gamma ~2e5 pg/mL (primary HLH spans 1e3-1e6 pg/mL: Brossard and Laveille, Rheumatol Ther 2024) and an emapalumab half-life ~6 d (label: 2.5-18.9 d in HLH); tissue IFN-gamma 500-2,000x blood in mouse CpG-induced HLH (Buatois et al., Transl Res 2017, PMID 27559680): 500 would saturate 1 mg/kg (mean total ~1.3e6 pg/mL)", MAS_RANGE_POSITIVE},
    [P_IFNG_T_HL] = {"ifng_tissue_half_life_h", 0.5, "h", "assumed: local consumption (receptor binding and uptake) as fast as serum clearance, ifng_half_life_h", MAS_RANGE_POSITIVE},
    [P_NK_IFNG] = {"nk_ifng_production", 12.0, "pg/mL", "calibrated: IFN-gamma of fully activated NK cells (nk = 1); innate NK IFN-gamma keeps an sJIA flare near the MAS vs active-sJIA cut-off 8.5 pg/mL (Bracaglia et al., ACR 2017 abstract 2332)", MAS_RANGE_NONNEGATIVE},
    [P_CXCL9_HL] = {"cxcl9_half_life_h", 6.0, "h", "calibrated: no human half-life found; CXCL9 assumed to outlast IFN-gamma (hours, not minutes)", MAS_RANGE_POSITIVE},
    [P_CXCL9_BASE] = {"cxcl9_baseline", 150.0, "pg/mL", "healthy serum CXCL9 ~100-300 pg/mL by ELISA", MAS_RANGE_NONNEGATIVE, 100.0, 300.0},
    [P_CXCL9_PROD] = {"cxcl9_production", 25000.0, "pg/mL", "calibrated: MAS CXCL9 ~15,000 pg/mL; >= 16,100 pg/mL predicted early death in adult HLH (CXCL9 as a novel prognostic marker..., Blood 2025, doi:10.1182/blood.2025030976)", MAS_RANGE_NONNEGATIVE},
    [P_CXCL10_HL] = {"cxcl10_half_life_h", 6.0, "h", "calibrated: as cxcl9_half_life_h (no human half-life found)", MAS_RANGE_POSITIVE},
    [P_CXCL10_BASE] = {"cxcl10_baseline", 100.0, "pg/mL", "healthy serum CXCL10 ~100 pg/mL", MAS_RANGE_NONNEGATIVE},
    [P_CXCL10_PROD] = {"cxcl10_production", 3000.0, "pg/mL", "calibrated: MAS vs active sJIA cut-off CXCL10 725.5 pg/mL (Bracaglia, ACR 2017 abstract 2332); thousands in MAS", MAS_RANGE_NONNEGATIVE},
    [P_IL1_HL] = {"il1_half_life_h", 0.5, "h", "calibrated between the rat i.v. terminal half-lives of rIL-1beta: 19.0 min by bioactivity (Cancer Res 1990;50:5751) and 41.1 min by 125I label (Reimers et al., Scand J Immunol 1991, PMID 1947795)", MAS_RANGE_POSITIVE},
    [P_IL1_BASE] = {"il1_baseline", 1.0, "pg/mL", "healthy adults: 37.6 % below detection, median of the detectable 1.17 (IQR 0.48-3.90) pg/mL (Marques-Vidal et al., PLoS One 2011;6:e21002)", MAS_RANGE_NONNEGATIVE, 0.48, 3.90},
    [P_IL1_PROD] = {"il1_production", 20.0, "pg/mL", "calibrated: serum IL-1beta tens of pg/mL in the storm", MAS_RANGE_NONNEGATIVE},
    [P_IL1_FLARE] = {"il1_flare", 20.0, "pg/mL", "calibrated: sJIA flare is IL-1 driven; IL-6 ~100 pg/mL follows", MAS_RANGE_NONNEGATIVE},
    [P_IL6_HL] = {"il6_half_life_h", 1.0, "h", "calibrated: clearance faster than the s.c. kinetics, where rhIL-6 peaked at 5 h with T1/2beta 4.2 h (absorption-limited; Weber et al., J Clin Oncol 1993;11:499); no i.v. half-life in that paper", MAS_RANGE_POSITIVE},
    [P_IL6_BASE] = {"il6_baseline", 3.0, "pg/mL", "healthy adults pooled mean 5.19 pg/mL, +0.05 pg/mL per year of age (meta-analysis; Said et al., J Med Virol 2021;93:3915)", MAS_RANGE_NONNEGATIVE},
    [P_IL6_MAC] = {"il6_from_macrophages", 150.0, "pg/mL", "calibrated: MAS IL-6 ~100-250 pg/mL", MAS_RANGE_NONNEGATIVE},
    [P_IL6_IL1] = {"il6_from_il1", 150.0, "pg/mL", "calibrated: sJIA flare IL-6 ~100 pg/mL (IL-1 -> IL-6)", MAS_RANGE_NONNEGATIVE},
    [P_IL6_IL1_EC50] = {"il6_il1_ec50", 10.0, "pg/mL", "calibrated: IL-1beta half-maximal IL-6 induction", MAS_RANGE_POSITIVE},
    [P_TNF_HL] = {"tnf_half_life_h", 0.33, "h", "rTNF i.v. blood half-life 20 min in 26 cancer patients (Chapman et al., J Clin Oncol 1987;5:1942)", MAS_RANGE_POSITIVE},
    [P_TNF_BASE] = {"tnf_baseline", 3.0, "pg/mL", "healthy children aged 0-5 y 2.2-3.5 pg/mL by ELISA (Berdat et al., Clin Chem Lab Med 2003;41:1335)", MAS_RANGE_NONNEGATIVE, 2.2, 3.5},
    [P_TNF_MAC] = {"tnf_from_macrophages", 60.0, "pg/mL", "calibrated: storm TNF-alpha tens of pg/mL: 61.5 +/- 84.7 and 106 +/- 77 pg/mL in primary HLH and MAS, in the order of the abstract (Gao et al., Mediterr J Hematol Infect Dis 2019;11:e2019008)", MAS_RANGE_NONNEGATIVE},
    [P_TNF_CTL] = {"tnf_from_ctl", 20.0, "pg/mL", "calibrated: effector T-cell TNF share", MAS_RANGE_NONNEGATIVE},
    [P_SCD25_HL] = {"scd25_half_life_h", 12.0, "h", "calibrated: no human serum half-life found in a primary source; sCD25 falls within days once T-cell activation stops (falls with treatment of HLH); 12 h assumed", MAS_RANGE_POSITIVE},
    [P_SCD25_BASE] = {"scd25_baseline", 500.0, "U/mL", "adult reference range 241-846 U/mL (Hayden et al., Blood Adv 2017;1:2529); children's normal sIL-2R is higher (Dinand et al., Indian J Med Res 2021;154:843, ng/mL), so a child's baseline may sit above 500", MAS_RANGE_NONNEGATIVE, 241.0, 846.0},
    [P_SCD25_PROD] = {"scd25_production", 15000.0, "U/mL", "calibrated: untreated pediatric HLH 23,600-75,200 U/mL (Komp et al., Blood 1989;73:2128); MAS mean ~5,000 U/mL (Hayden 2017)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_FLARE] = "flare_drive",
    [U_APC] = "apc",
    [U_MAC] = "mac_activation",
    [U_CTL] = "ctl",
    [U_NK] = "nk",
    [U_GC] = "glucocorticoid_effect",
    [U_IL1S] = "il1_signal",
    [U_CALC] = "calcineurin_blockade",
    [U_IFNGS] = "ifng_signal",
    [U_IL18F] = "il18_free",
    [U_EXH] = "ctl_exhaustion",
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");

/* Production above rest of the cytokines glucocorticoids suppress. */
struct production { double il12, il18, ifng, il1, il6, tnf; };

static struct production production(const struct mas_ctx *c, const double *y)
{
    const double *p = c->p;
    const int *ix = c->ix;
    const int u = N_STATES;
    double flare = y[ix[u + U_FLARE]], apcs = y[ix[u + U_APC]] + y[ix[u + U_MAC]];
    double mac = y[ix[u + U_MAC]], ctl = y[ix[u + U_CTL]];
    double il18 = y[ix[u + U_IL18F]], il1 = y[ix[u + U_IL1S]];      /* free IL-18 acts */
    /* share of effector IFN-gamma left by cyclosporine and by exhaustion
     * (exhausted effectors lose IFN-gamma last: 1 - X^2) */
    double xh = y[ix[u + U_EXH]];
    double open = (1.0 - y[ix[u + U_CALC]]) * (1.0 - xh * xh);
    struct production q;
    q.il12 = p[P_IL12_PROD] * apcs;
    q.il18 = p[P_IL18_PROD] * (1.0 + p[P_IL18_PRIMING]) * apcs + p[P_IL18_FLARE] * flare;
    q.ifng = open * p[P_IFNG_PROD] * ctl * (1.0 + p[P_IFNG_IL18_GAIN] * hill1(il18, p[P_IFNG_IL18_EC50]))
           + p[P_NK_IFNG] * y[ix[u + U_NK]];
    q.il1 = p[P_IL1_PROD] * apcs + p[P_IL1_FLARE] * flare;
    q.il6 = p[P_IL6_MAC] * mac
          + p[P_IL6_IL1] * (excess1(il1, p[P_IL1_BASE], p[P_IL6_IL1_EC50]));
    q.tnf = p[P_TNF_MAC] * mac + p[P_TNF_CTL] * ctl;
    return q;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    const int u = N_STATES;
    double mac = y[ix[u + U_MAC]], ctl = y[ix[u + U_CTL]];
    double keep = 1.0 - y[ix[u + U_GC]];          /* glucocorticoid suppression */
    struct production q = production(c, y);

    dy[ix[S_IL12]] += per_day_from_half_life_h(p[P_IL12_HL]) * (p[P_IL12_BASE] + keep * q.il12 - y[ix[S_IL12]]);
    dy[ix[S_IL18]] += per_day_from_half_life_h(p[P_IL18_HL]) * (p[P_IL18_BASE] + keep * q.il18 - y[ix[S_IL18]]);
    /* IL-18BP: induced by the IFN-gamma signal (a negative feedback on IL-18) */
    dy[ix[S_IL18BP]] += per_day_from_half_life_h(p[P_IL18BP_HL])
                      * (p[P_IL18BP_BASE] + p[P_IL18BP_IFNG] * excess1(y[ix[u + U_IFNGS]], p[P_IFNG_BASE], p[P_IL18BP_IFNG_EC50])
                         - y[ix[S_IL18BP]]);
    /* IFN-gamma is made in the tissues; serum sees 1/ratio of the tissue level */
    double ratio = p[P_IFNG_T_RATIO];
    dy[ix[S_IFNG_T]] += per_day_from_half_life_h(p[P_IFNG_T_HL]) * (ratio * (p[P_IFNG_BASE] + keep * q.ifng) - y[ix[S_IFNG_T]]);
    dy[ix[S_IFNG]] += per_day_from_half_life_h(p[P_IFNG_HL]) * (y[ix[S_IFNG_T]] / ratio - y[ix[S_IFNG]]);
    dy[ix[S_CXCL9]] += per_day_from_half_life_h(p[P_CXCL9_HL])
                     * (p[P_CXCL9_BASE] + p[P_CXCL9_PROD] * mac - y[ix[S_CXCL9]]);
    dy[ix[S_CXCL10]] += per_day_from_half_life_h(p[P_CXCL10_HL])
                      * (p[P_CXCL10_BASE] + p[P_CXCL10_PROD] * mac - y[ix[S_CXCL10]]);
    dy[ix[S_IL1]] += per_day_from_half_life_h(p[P_IL1_HL]) * (p[P_IL1_BASE] + keep * q.il1 - y[ix[S_IL1]]);
    dy[ix[S_IL6]] += per_day_from_half_life_h(p[P_IL6_HL]) * (p[P_IL6_BASE] + keep * q.il6 - y[ix[S_IL6]]);
    dy[ix[S_TNF]] += per_day_from_half_life_h(p[P_TNF_HL]) * (p[P_TNF_BASE] + keep * q.tnf - y[ix[S_TNF]]);
    dy[ix[S_SCD25]] += per_day_from_half_life_h(p[P_SCD25_HL])
                     * (p[P_SCD25_BASE] + p[P_SCD25_PROD] * ctl - y[ix[S_SCD25]]);
}

/* Each cytokine's own clearance, and its production from the cells. */
/* Each cytokine's own clearance, its production from the cells (scaled by
 * the glucocorticoid factor), and the glucocorticoid effect itself. */
static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    const int u = N_STATES;
    int flare = ix[u + U_FLARE], apc = ix[u + U_APC], mac = ix[u + U_MAC], ctl = ix[u + U_CTL];
    int gc = ix[u + U_GC], il1s = ix[u + U_IL1S], calc = ix[u + U_CALC];
    double il18 = y[ix[u + U_IL18F]], il1 = y[il1s], xh = y[ix[u + U_EXH]];
    double ex = 1.0 - xh * xh, open_c = (1.0 - y[calc]) * ex;
    double effector_ifng = p[P_IFNG_PROD] * y[ctl] * (1.0 + p[P_IFNG_IL18_GAIN] * hill1(il18, p[P_IFNG_IL18_EC50]));
    double keep = 1.0 - y[gc];
    struct production q = production(c, y);
    double k12 = per_day_from_half_life_h(p[P_IL12_HL]), k18 = per_day_from_half_life_h(p[P_IL18_HL]);
    double kg = per_day_from_half_life_h(p[P_IFNG_HL]), k9 = per_day_from_half_life_h(p[P_CXCL9_HL]);
    double k1 = per_day_from_half_life_h(p[P_IL1_HL]), k6 = per_day_from_half_life_h(p[P_IL6_HL]);
    double kt = per_day_from_half_life_h(p[P_TNF_HL]);
    double k10 = per_day_from_half_life_h(p[P_CXCL10_HL]), k25 = per_day_from_half_life_h(p[P_SCD25_HL]);
    int i12 = ix[S_IL12], i18 = ix[S_IL18], ig = ix[S_IFNG], i9 = ix[S_CXCL9];
    int i1 = ix[S_IL1], i6 = ix[S_IL6], it = ix[S_TNF], i10 = ix[S_CXCL10], i25 = ix[S_SCD25];

    MAS_J(c, J, i12, i12) += -k12;
    MAS_J(c, J, i12, apc) += k12 * keep * p[P_IL12_PROD];
    MAS_J(c, J, i12, mac) += k12 * keep * p[P_IL12_PROD];
    MAS_J(c, J, i12, gc) += -k12 * q.il12;

    MAS_J(c, J, i18, i18) += -k18;
    double primed = p[P_IL18_PROD] * (1.0 + p[P_IL18_PRIMING]);
    MAS_J(c, J, i18, apc) += k18 * keep * primed;
    MAS_J(c, J, i18, mac) += k18 * keep * primed;
    MAS_J(c, J, i18, flare) += k18 * keep * p[P_IL18_FLARE];
    MAS_J(c, J, i18, gc) += -k18 * q.il18;

    int ibp = ix[S_IL18BP], ifs = ix[u + U_IFNGS];
    double kbp = per_day_from_half_life_h(p[P_IL18BP_HL]);
    MAS_J(c, J, ibp, ibp) += -kbp;
    MAS_J(c, J, ibp, ifs) += kbp * p[P_IL18BP_IFNG] * dexcess1(y[ifs], p[P_IFNG_BASE], p[P_IL18BP_IFNG_EC50]);

    double ratio = p[P_IFNG_T_RATIO], kgt = per_day_from_half_life_h(p[P_IFNG_T_HL]) * ratio;
    int igt = ix[S_IFNG_T];
    MAS_J(c, J, ig, ig) += -kg;
    MAS_J(c, J, ig, igt) += kg / ratio;
    MAS_J(c, J, igt, igt) += -kgt / ratio;
    MAS_J(c, J, igt, ctl) += kgt * keep * open_c * p[P_IFNG_PROD] * (1.0 + p[P_IFNG_IL18_GAIN] * hill1(il18, p[P_IFNG_IL18_EC50]));
    MAS_J(c, J, igt, calc) += -kgt * keep * ex * effector_ifng;
    MAS_J(c, J, igt, ix[u + U_EXH]) += -kgt * keep * (1.0 - y[calc]) * 2.0 * xh * effector_ifng;
    MAS_J(c, J, igt, ix[u + U_IL18F]) += kgt * keep * open_c * p[P_IFNG_PROD] * y[ctl] * p[P_IFNG_IL18_GAIN] * dhill1(il18, p[P_IFNG_IL18_EC50]);
    MAS_J(c, J, igt, ix[u + U_NK]) += kgt * keep * p[P_NK_IFNG];
    MAS_J(c, J, igt, gc) += -kgt * q.ifng;

    MAS_J(c, J, i9, i9) += -k9;
    MAS_J(c, J, i9, mac) += k9 * p[P_CXCL9_PROD];
    MAS_J(c, J, i10, i10) += -k10;
    MAS_J(c, J, i10, mac) += k10 * p[P_CXCL10_PROD];
    MAS_J(c, J, i25, i25) += -k25;
    MAS_J(c, J, i25, ctl) += k25 * p[P_SCD25_PROD];

    MAS_J(c, J, i1, i1) += -k1;
    MAS_J(c, J, i1, apc) += k1 * keep * p[P_IL1_PROD];
    MAS_J(c, J, i1, mac) += k1 * keep * p[P_IL1_PROD];
    MAS_J(c, J, i1, flare) += k1 * keep * p[P_IL1_FLARE];
    MAS_J(c, J, i1, gc) += -k1 * q.il1;

    MAS_J(c, J, i6, i6) += -k6;
    MAS_J(c, J, i6, mac) += k6 * keep * p[P_IL6_MAC];
    MAS_J(c, J, i6, il1s) += k6 * keep * p[P_IL6_IL1] * dexcess1(il1, p[P_IL1_BASE], p[P_IL6_IL1_EC50]);
    MAS_J(c, J, i6, gc) += -k6 * q.il6;

    MAS_J(c, J, it, it) += -kt;
    MAS_J(c, J, it, mac) += kt * keep * p[P_TNF_MAC];
    MAS_J(c, J, it, ctl) += kt * keep * p[P_TNF_CTL];
    MAS_J(c, J, it, gc) += -kt * q.tnf;
}

/* Resting state: every cytokine at its baseline. */
static void initial(const struct mas_ctx *c, double *y)
{
    static const int base[N_STATES] = {
        [S_IL12] = P_IL12_BASE, [S_IL18] = P_IL18_BASE, [S_IFNG] = P_IFNG_BASE,
        [S_CXCL9] = P_CXCL9_BASE, [S_CXCL10] = P_CXCL10_BASE, [S_IL1] = P_IL1_BASE,
        [S_IL6] = P_IL6_BASE, [S_TNF] = P_TNF_BASE, [S_SCD25] = P_SCD25_BASE,
        [S_IFNG_T] = P_IFNG_BASE, [S_IL18BP] = P_IL18BP_BASE,
    };
    for (int k = 0; k < N_STATES; k++)
        y[c->ix[k]] = c->p[base[k]];
    y[c->ix[S_IFNG_T]] *= c->p[P_IFNG_T_RATIO];
}

const struct mas_module mas_module_cytokines = {
    .name = "cytokines",
    .doc = "IL-12, IL-18 and its binding protein, IFN-gamma, CXCL9, CXCL10, IL-1beta, IL-6, TNF-alpha, sCD25: production and clearance",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .initial = initial,
    .rhs = rhs, .jac = jac,
};
