/*
 * iron.c — body iron as a closed balance, ferritin as cell protein, and the
 * iron trap.  Red cells (hemoglobin) are removed by senescence and by
 * IFN-γ-driven erythrophagocytosis; their heme iron enters the macrophage,
 * heme oxygenase-1 frees it into the labile iron pool, which is stored in
 * ferritin shells (at most 4,500 Fe atoms each) or exported through
 * ferroportin to transferrin.  Hepcidin (raised by IL-6) degrades
 * ferroportin on macrophages, hepatocytes and enterocytes alike.  Hepatocytes
 * take up and export transferrin iron; the duodenum absorbs what the basal
 * losses take.  Ferritin protein is made by macrophages (IRP/IRE, TNF-α,
 * IL-1, activation) and hepatocytes, up to a ceiling per cell, and reaches
 * serum by secretion and when cells die (activated macrophages, injured
 * hepatocytes).  The marrow (erythron.c) takes transferrin iron and returns
 * it as hemoglobin.  Iron pools are mg per kg body weight.  docs/model.md §5.
 */
#include "kinetics.h"
#include "model.h"

enum {
    S_HB, S_HEME, S_LABILE, S_STORE, S_FPN, S_HEPCIDIN, S_FTMAC, S_FERRITIN,
    S_TF, S_HEPFE, S_FTHEP, S_ABSORBED, S_LOST, N_STATES
};
enum { U_MAC, U_IL6, U_TNF, U_IL1, U_LIVER, N_USES };
enum { Q_IL60, Q_TNF0, Q_IL10, N_USES_PARAMS };
enum {
    P_HB_BASE, P_RBC_LIFE, P_EPH, P_FE_PER_HB, P_BLOOD_VOL,
    P_HO_VMAX, P_HO_KM, P_LABILE_BASE, P_STORE_BASE,
    P_FPN_TURNOVER, P_HEP_BASE, P_HEP_FPN_K, P_HEP_HL, P_HEP_IL6_GAIN, P_HEP_IL6_EC50,
    P_FTM_BASE, P_FTM_MAX, P_FT_HL, P_FT_IRE_K, P_FT_TX_GAIN, P_FT_TNF_EC50, P_FT_IL1_EC50,
    P_FT_MAC_GAIN, P_FT_SEC_GAIN, P_FT_LEAK, P_FER_BASE, P_FER_HL, P_FER_MAC_SHARE, P_PLASMA_VOL,
    P_FT_ATOMS, P_FT_KDA, P_SI_BASE, P_TIBC, P_HEPFE_BASE, P_HEP_SHARE,
    P_FTH_BASE, P_FTH_MAX, P_FTH_LEAK, P_FE_LOSS,
    N_PARAMS
};
enum {
    O_ERYTHROPHAGOCYTOSIS, O_HEME_IRON_FLUX, O_SERUM_IRON, O_TSAT,
    O_MAC_LOADING, O_HEP_LOADING, O_ABSORPTION, O_LOSS, N_OBS
};

static const struct mas_state_def states[] = {
    [S_HB] = {"hemoglobin", "g/dL", 12.0, "blood hemoglobin (red-cell mass); its iron is iron_per_hb x blood_volume x Hb mg/kg"},
    [S_HEME] = {"macrophage_heme", "mg/kg", 0.0043, "heme iron in macrophages awaiting heme oxygenase-1"},
    [S_LABILE] = {"labile_iron", "mg/kg", 0.02, "macrophage labile (chelatable, Fe2+) iron pool"},
    [S_STORE] = {"storage_iron", "mg/kg", 3.0, "ferritin-bound iron in macrophages"},
    [S_FPN] = {"ferroportin", "1", 1.0, "ferroportin (macrophage, hepatocyte, enterocyte) relative to rest"},
    [S_HEPCIDIN] = {"hepcidin", "ng/mL", 10.0, "serum hepcidin-25"},
    [S_FTMAC] = {"macrophage_ferritin", "ug/kg", 20000.0, "ferritin protein in macrophages"},
    [S_FERRITIN] = {"ferritin", "ng/mL", 50.0, "serum ferritin"},
    [S_TF] = {"plasma_iron", "mg/kg", 0.036, "transferrin-bound plasma iron"},
    [S_HEPFE] = {"hepatocyte_iron", "mg/kg", 3.0, "hepatocyte storage (ferritin) iron"},
    [S_FTHEP] = {"hepatocyte_ferritin", "ug/kg", 20000.0, "ferritin protein in hepatocytes"},
    [S_ABSORBED] = {"iron_absorbed", "mg/kg", 0.0, "cumulative duodenal iron absorption since the start (grows at rest)"},
    [S_LOST] = {"iron_lost", "mg/kg", 0.0, "cumulative basal iron loss since the start (grows at rest)"},
};

static const struct mas_param_def params[] = {
    [P_HB_BASE] = {"hemoglobin_baseline", 12.0, "g/dL", "normal hemoglobin of a school-age child (11.5-15.5 g/dL)", MAS_RANGE_POSITIVE, 11.5, 15.5},
    [P_RBC_LIFE] = {"rbc_lifespan_d", 120.0, "d", "red-cell lifespan ~120 d (the textbook value; Pantaleo et al., Autoimmun Rev 2008;7:457 reviews red-cell senescence but its abstract gives no figure)", MAS_RANGE_POSITIVE},
    [P_EPH] = {"erythrophagocytosis_per_d", 0.03, "1/d", "calibrated: hemoglobin falls ~3 g/dL over 2-3 weeks of untreated MAS against a marrow answering with erythropoietin", MAS_RANGE_NONNEGATIVE},
    [P_FE_PER_HB] = {"iron_per_hb", 3.4, "mg/g", "3.4 mg of iron per g of hemoglobin", MAS_RANGE_POSITIVE},
    [P_BLOOD_VOL] = {"blood_volume", 0.7, "dL/kg", "blood volume ~70 mL/kg", MAS_RANGE_POSITIVE},
    [P_HO_VMAX] = {"ho1_vmax", 3.0, "mg/kg/d", "calibrated: heme oxygenase-1 capacity above the MAS heme load (HO-1 induced on erythrophagocytosis: Kovtunovych et al., Blood 2010;116:6054)", MAS_RANGE_POSITIVE},
    [P_HO_KM] = {"ho1_km", 0.05, "mg/kg", "calibrated: heme does not accumulate at rest", MAS_RANGE_POSITIVE},
    [P_LABILE_BASE] = {"labile_iron_baseline", 0.02, "mg/kg", "calibrated: labile pool ~0.1% of body iron (~40-50 mg/kg)", MAS_RANGE_POSITIVE},
    [P_STORE_BASE] = {"storage_iron_baseline", 3.0, "mg/kg", "calibrated: half of the stores; 1 ng/mL serum ferritin ~ 8 mg storage iron in adults (Walters et al., J Clin Pathol 1973;26:770), ~6 mg/kg at 50 ng/mL", MAS_RANGE_POSITIVE},
    [P_FPN_TURNOVER] = {"ferroportin_turnover_per_d", 1.0, "1/d", "calibrated: ferroportin resynthesised within ~1 d; hepcidin internalises and degrades it (Nemeth et al., Science 2004;306:2090)", MAS_RANGE_NONNEGATIVE},
    [P_HEP_BASE] = {"hepcidin_baseline", 10.0, "ng/mL", "healthy children 0.5-3 y, serum hepcidin-25 by mass spectrometry median 3.6 nM (P2.5-97.5 0.6-13.9) (Uijterschout et al., Pediatr Res 2014;76:409), x 2.79 ng/mL per nM; adult men 7.8 nM by the same assay (Galesloot et al., Blood 2011;117:e218)", MAS_RANGE_NONNEGATIVE, 0.6 * 2.79, 13.9 * 2.79},
    [P_HEP_FPN_K] = {"hepcidin_ferroportin_k", 10.0, "ng/mL", "calibrated: half of ferroportin loss rate at resting hepcidin", MAS_RANGE_POSITIVE},
    [P_HEP_HL] = {"hepcidin_half_life_h", 2.0, "h", "calibrated: hepcidin peaks within ~6 h of IL-6 (Kemna et al., Blood 2005;106:1864)", MAS_RANGE_POSITIVE},
    [P_HEP_IL6_GAIN] = {"hepcidin_il6_gain", 7.0, "1", "IL-6 infusion raises urinary hepcidin ~7.5-fold (Nemeth et al., J Clin Invest 2004;113:1271)", MAS_RANGE_NONNEGATIVE},
    [P_HEP_IL6_EC50] = {"hepcidin_il6_ec50", 50.0, "pg/mL", "calibrated: half-maximal hepcidin induction by IL-6", MAS_RANGE_POSITIVE},
    [P_FTM_BASE] = {"macrophage_ferritin_baseline", 20000.0, "ug/kg", "calibrated: shells holding the macrophage storage iron ~29% loaded (~1,300 of at most 4,500 Fe atoms)", MAS_RANGE_POSITIVE},
    [P_FTM_MAX] = {"macrophage_ferritin_max", 100000.0, "ug/kg", "calibrated bound: ferritin stores up to ~1 mg Fe/g of liver and spleen before hemosiderin dominates (Morgan and Walters, J Clin Pathol 1963;16:101); ~30 g/kg of liver and spleen at ~30% loading ~ 190 mg/kg of ferritin protein, about half of it in macrophages", MAS_RANGE_POSITIVE},
    [P_FT_HL] = {"macrophage_ferritin_half_life_d", 1.5, "d", "calibrated: intracellular ferritin turnover of ~1-2 days (macrophages and hepatocytes)", MAS_RANGE_POSITIVE},
    [P_FT_IRE_K] = {"ferritin_ire_k", 0.1, "mg/kg", "calibrated: IRP/IRE derepression half-maximal at 5x resting labile iron", MAS_RANGE_POSITIVE},
    [P_FT_TX_GAIN] = {"ferritin_transcription_gain", 3.0, "1", "calibrated: TNF-alpha/IL-1 raise ferritin transcription several-fold (source text)", MAS_RANGE_NONNEGATIVE},
    [P_FT_TNF_EC50] = {"ferritin_tnf_ec50", 20.0, "pg/mL", "calibrated: as tf_tnf_ec50", MAS_RANGE_POSITIVE},
    [P_FT_IL1_EC50] = {"ferritin_il1_ec50", 10.0, "pg/mL", "calibrated: as tf_il1_ec50", MAS_RANGE_POSITIVE},
    [P_FT_MAC_GAIN] = {"ferritin_macrophage_gain", 4.0, "1", "calibrated: activated macrophages synthesise more ferritin", MAS_RANGE_NONNEGATIVE},
    [P_FT_SEC_GAIN] = {"ferritin_secretion_gain", 20.0, "1", "calibrated: activated macrophages secrete ferritin (serum ferritin comes mainly from macrophages by a non-classical secretory pathway: Cohen et al., Blood 2010;116:1574); MAS serum ferritin >10,000 ng/mL (source text)", MAS_RANGE_NONNEGATIVE},
    [P_FT_LEAK] = {"ferritin_leak_per_d", 0.005, "1/d", "calibrated: activated macrophages damaged or dying release their ferritin (source text), ~0.5% of the pool a day at full activation", MAS_RANGE_NONNEGATIVE},
    [P_FER_BASE] = {"ferritin_baseline", 50.0, "ng/mL", "childhood serum ferritin 15-120 ng/mL", MAS_RANGE_NONNEGATIVE, 15.0, 120.0},
    [P_FER_HL] = {"ferritin_half_life_h", 28.5, "h", "plasma ferritin purified from hemochromatosis plasma, 131I-labelled and injected into 2 normal men: 50% left in the plasma at 27-30 h, the glycosylated (concanavalin A-binding) part clearing more slowly (Worwood et al., Blood 1982;60:827); the midpoint. Tissue (spleen) ferritin clears with a half-life of 9 min (Cragg et al., Br J Haematol 1983;55:83): this is the secreted, glycosylated form's", MAS_RANGE_POSITIVE, 27.0, 30.0},
    [P_FER_MAC_SHARE] = {"serum_ferritin_macrophage_share", 0.8, "1", "calibrated: serum ferritin at rest comes mainly from macrophages (Cohen et al., Blood 2010;116:1574), the rest from hepatocytes", MAS_RANGE_FRACTION},
    [P_PLASMA_VOL] = {"plasma_volume", 0.045, "L/kg", "plasma volume 42 +/- 7 mL/kg (Collen et al., Br J Haematol 1972;22:681)", MAS_RANGE_POSITIVE, (42 - 2 * 7.0) / 1000, (42 + 2 * 7.0) / 1000},
    [P_FT_ATOMS] = {"ferritin_max_iron_atoms", 4500.0, "1", "a ferritin shell holds up to ~4,500 Fe atoms (Harrison and Arosio, Biochim Biophys Acta 1996;1275:161)", MAS_RANGE_POSITIVE},
    [P_FT_KDA] = {"ferritin_shell_kda", 480.0, "kDa", "apoferritin 24-mer, Mr ~480,000 (Covell and Cook, Clin Chim Acta 1987;168:261)", MAS_RANGE_POSITIVE},
    [P_SI_BASE] = {"serum_iron_baseline", 80.0, "ug/dL", "calibrated: inside the paediatric serum iron range ~50-120 ug/dL", MAS_RANGE_POSITIVE},
    [P_TIBC] = {"tibc", 320.0, "ug/dL", "calibrated: total iron-binding capacity of transferrin, paediatric ~250-400 ug/dL (transferrin saturation 25% at rest); held constant", MAS_RANGE_POSITIVE},
    [P_HEPFE_BASE] = {"hepatocyte_iron_baseline", 3.0, "mg/kg", "calibrated: the other half of the ~6 mg/kg stores (see storage_iron_baseline)", MAS_RANGE_POSITIVE},
    [P_HEP_SHARE] = {"hepatocyte_iron_share", 0.1, "1", "calibrated: hepatocyte uptake of transferrin iron at rest as a share of the erythroid uptake (non-erythroid plasma iron turnover ~10-20%)", MAS_RANGE_NONNEGATIVE},
    [P_FTH_BASE] = {"hepatocyte_ferritin_baseline", 20000.0, "ug/kg", "calibrated: shells holding the hepatocyte iron ~29% loaded, as in macrophages", MAS_RANGE_POSITIVE},
    [P_FTH_MAX] = {"hepatocyte_ferritin_max", 100000.0, "ug/kg", "calibrated bound: as macrophage_ferritin_max, the other half", MAS_RANGE_POSITIVE},
    [P_FTH_LEAK] = {"hepatocyte_ferritin_leak_per_d", 0.004, "1/d", "calibrated: injured hepatocytes release their ferritin (source text); ~1,000 ng/mL at MAS-level hepatitis", MAS_RANGE_NONNEGATIVE},
    [P_FE_LOSS] = {"basal_iron_loss", 0.021, "mg/kg/d", "basal loss 0.538 mg/m2/d, 0.47 mg/d at 6.5 y and 21.9 kg (Institute of Medicine, Dietary Reference Intakes 2001, ch. 9, table 9-6, after Green et al., Am J Med 1968;45:336)", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_MAC] = "mac_activation",
    [U_IL6] = "il6_signal",
    [U_TNF] = "tnf",
    [U_IL1] = "il1_signal",
    [U_LIVER] = "liver_injury",
};
static const char *const uses_params[] = {
    [Q_IL60] = "il6_baseline",
    [Q_TNF0] = "tnf_baseline",
    [Q_IL10] = "il1_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_ERYTHROPHAGOCYTOSIS] = {"erythrophagocytosis", "g/dL/d", "hemoglobin removed per day by activated macrophages"},
    [O_HEME_IRON_FLUX] = {"heme_iron_flux", "mg/kg/d", "heme iron entering macrophages (senescence + erythrophagocytosis)"},
    [O_SERUM_IRON] = {"serum_iron", "ug/dL", "transferrin-bound serum iron"},
    [O_TSAT] = {"transferrin_saturation", "%", "serum iron / total iron-binding capacity"},
    [O_MAC_LOADING] = {"macrophage_ferritin_loading", "1", "iron in macrophage ferritin / its capacity (4,500 Fe atoms per shell)"},
    [O_HEP_LOADING] = {"hepatocyte_ferritin_loading", "1", "iron in hepatocyte ferritin / its capacity"},
    [O_ABSORPTION] = {"iron_absorption", "mg/kg/d", "duodenal iron absorption"},
    [O_LOSS] = {"iron_loss", "mg/kg/d", "basal iron loss"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

#define FE_G_PER_MOL 55.845

/* Rate constants implied by the resting state (computed, not free). */
struct iron_rates {
    double krbc, fe, j0, tf0, cap, thm0, thh0, kclr, conv, kdeg, ksecm, ksech;
    double store, export, hup, hex, synm0, synh0, loss;
};

static struct iron_rates rates(const double *p)
{
    struct iron_rates r;
    r.krbc = 1.0 / p[P_RBC_LIFE];
    r.fe = p[P_FE_PER_HB] * p[P_BLOOD_VOL];                      /* mg/kg per g/dL */
    r.j0 = r.fe * r.krbc * p[P_HB_BASE];
    r.tf0 = p[P_SI_BASE] * p[P_PLASMA_VOL] / 100.0;             /* ug/dL -> mg/kg */
    r.cap = p[P_FT_ATOMS] * FE_G_PER_MOL / (p[P_FT_KDA] * 1e3) * 1e-3;  /* mg Fe per ug protein */
    r.thm0 = p[P_STORE_BASE] / (r.cap * p[P_FTM_BASE]);
    r.thh0 = p[P_HEPFE_BASE] / (r.cap * p[P_FTH_BASE]);
    r.kclr = per_day_from_half_life_h(p[P_FER_HL]);
    r.conv = 1.0 / p[P_PLASMA_VOL];                            /* ug/kg -> ng/mL */
    r.kdeg = per_day_from_half_life_d(p[P_FT_HL]);
    r.ksecm = p[P_FER_MAC_SHARE] * r.kclr * p[P_FER_BASE] / (p[P_FTM_BASE] * r.conv);
    r.ksech = (1.0 - p[P_FER_MAC_SHARE]) * r.kclr * p[P_FER_BASE] / (p[P_FTH_BASE] * r.conv);
    r.store = (r.kdeg + r.ksecm) * p[P_STORE_BASE] / (p[P_LABILE_BASE] * (1.0 - r.thm0));
    r.export = r.j0 / p[P_LABILE_BASE];
    r.hup = p[P_HEP_SHARE] * r.j0 / (r.tf0 * (1.0 - r.thh0));
    r.hex = p[P_HEP_SHARE] * r.j0 / p[P_HEPFE_BASE];
    r.synm0 = (r.kdeg + r.ksecm) * p[P_FTM_BASE] / (1.0 - p[P_FTM_BASE] / p[P_FTM_MAX]);
    r.synh0 = (r.kdeg + r.ksech) * p[P_FTH_BASE] / (1.0 - p[P_FTH_BASE] / p[P_FTH_MAX]);
    r.loss = p[P_FE_LOSS] / r.tf0;
    return r;
}

/* Ferritin transcription relative to rest (TNF-alpha, IL-1). */
static double transcription(const struct mas_ctx *c, const double *y, double *d_tnf, double *d_il1)
{
    const double *p = c->p;
    double tnf = y[c->ix[N_STATES + U_TNF]], il1 = y[c->ix[N_STATES + U_IL1]];
    double g = 0.5 * p[P_FT_TX_GAIN];
    *d_tnf = g * dexcess1(tnf, *c->up[Q_TNF0], p[P_FT_TNF_EC50]);
    *d_il1 = g * dexcess1(il1, *c->up[Q_IL10], p[P_FT_IL1_EC50]);
    return 1.0 + g * (excess1(tnf, *c->up[Q_TNF0], p[P_FT_TNF_EC50])
                      + excess1(il1, *c->up[Q_IL10], p[P_FT_IL1_EC50]));
}

/* Macrophage ferritin protein leaving the cells per day per ug/kg: turnover,
 * secretion (raised by activation), release by damaged cells. */
static double mac_secretion(const double *p, const struct iron_rates *r, double mac)
{
    return r->ksecm * (1.0 + p[P_FT_SEC_GAIN] * mac) + p[P_FT_LEAK] * mac;
}
static double hep_release(const double *p, const struct iron_rates *r, double liver)
{
    return r->ksech + p[P_FTH_LEAK] * liver;
}

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    double hb = y[ix[S_HB]], heme = y[ix[S_HEME]], labile = y[ix[S_LABILE]];
    double store = y[ix[S_STORE]], fpn = y[ix[S_FPN]], hep = y[ix[S_HEPCIDIN]];
    double ftm = y[ix[S_FTMAC]], tf = y[ix[S_TF]], hfe = y[ix[S_HEPFE]], fth = y[ix[S_FTHEP]];
    double mac = y[ix[N_STATES + U_MAC]], il6 = y[ix[N_STATES + U_IL6]];
    double liver = y[ix[N_STATES + U_LIVER]];
    double d1, d2;
    double tx = transcription(c, y, &d1, &d2);

    double heme_flux = r.fe * (r.krbc + p[P_EPH] * mac) * hb;
    double ho1 = p[P_HO_VMAX] * hill1(heme, p[P_HO_KM]);
    double thm = store / (r.cap * ftm), thh = hfe / (r.cap * fth);
    double stored = r.store * labile * (1.0 - thm);
    double secm = mac_secretion(p, &r, mac), outm = r.kdeg + secm;
    double outh = r.kdeg + hep_release(p, &r, liver);
    double synm = r.synm0 * (hill2(labile, p[P_FT_IRE_K]) / hill2(p[P_LABILE_BASE], p[P_FT_IRE_K]))
                  * tx * (1.0 + p[P_FT_MAC_GAIN] * mac) * (1.0 - ftm / p[P_FTM_MAX]);
    double synh = r.synh0 * (hfe / p[P_HEPFE_BASE]) * tx * (1.0 - fth / p[P_FTH_MAX]);
    double mexp = r.export * fpn * labile, hexp = r.hex * fpn * hfe;
    double hupt = r.hup * tf * (1.0 - thh), absorbed = p[P_FE_LOSS] * fpn, lost = r.loss * tf;
    double hep_target = p[P_HEP_BASE] * (1.0 + p[P_HEP_IL6_GAIN]
        * (excess1(il6, *c->up[Q_IL60], p[P_HEP_IL6_EC50])));

    dy[ix[S_HB]] += -(r.krbc + p[P_EPH] * mac) * hb;
    dy[ix[S_HEME]] += heme_flux - ho1;
    dy[ix[S_LABILE]] += ho1 - mexp - stored + (r.kdeg + secm) * store;
    dy[ix[S_STORE]] += stored - (r.kdeg + secm) * store;
    dy[ix[S_FPN]] += p[P_FPN_TURNOVER] * ((1.0 + p[P_HEP_BASE] / p[P_HEP_FPN_K])
                                         - (1.0 + hep / p[P_HEP_FPN_K]) * fpn);
    dy[ix[S_HEPCIDIN]] += per_day_from_half_life_h(p[P_HEP_HL]) * (hep_target - hep);
    dy[ix[S_FTMAC]] += synm - outm * ftm;
    dy[ix[S_FTHEP]] += synh - outh * fth;
    dy[ix[S_FERRITIN]] += (secm * ftm + (outh - r.kdeg) * fth) * r.conv - r.kclr * y[ix[S_FERRITIN]];
    dy[ix[S_TF]] += mexp + hexp + absorbed - hupt - lost;
    dy[ix[S_HEPFE]] += hupt - hexp;
    dy[ix[S_ABSORBED]] += absorbed;
    dy[ix[S_LOST]] += lost;
}

/* d/dy of the macrophage ferritin protein and iron, and of serum ferritin. */
static void jac_macrophage(const struct mas_ctx *c, const double *y, const struct iron_rates *r, double *J)
{
    const double *p = c->p;
    const int *ix = c->ix;
    double labile = y[ix[S_LABILE]], store = y[ix[S_STORE]], ftm = y[ix[S_FTMAC]];
    double mac = y[ix[N_STATES + U_MAC]];
    int il = ix[S_LABILE], ist = ix[S_STORE], ift = ix[S_FTMAC], ifer = ix[S_FERRITIN];
    int im = ix[N_STATES + U_MAC];
    double d_tnf, d_il1;
    double tx = transcription(c, y, &d_tnf, &d_il1);
    double tl = hill2(labile, p[P_FT_IRE_K]) / hill2(p[P_LABILE_BASE], p[P_FT_IRE_K]);
    double dtl = dhill2(labile, p[P_FT_IRE_K]) / hill2(p[P_LABILE_BASE], p[P_FT_IRE_K]);
    double macf = 1.0 + p[P_FT_MAC_GAIN] * mac, ceil = 1.0 - ftm / p[P_FTM_MAX];
    double outm = r->kdeg + mac_secretion(p, r, mac);
    double douts = r->ksecm * p[P_FT_SEC_GAIN] + p[P_FT_LEAK];      /* d outm / d mac */
    double thm = store / (r->cap * ftm);

    /* synthesis - outm * ftm */
    MAS_J(c, J, ift, il) += r->synm0 * dtl * tx * macf * ceil;
    MAS_J(c, J, ift, ix[N_STATES + U_TNF]) += r->synm0 * tl * d_tnf * macf * ceil;
    MAS_J(c, J, ift, ix[N_STATES + U_IL1]) += r->synm0 * tl * d_il1 * macf * ceil;
    MAS_J(c, J, ift, im) += r->synm0 * tl * tx * p[P_FT_MAC_GAIN] * ceil - douts * ftm;
    MAS_J(c, J, ift, ift) += -r->synm0 * tl * tx * macf / p[P_FTM_MAX] - outm;

    /* stored = k_s L (1 - St / (cap Ft)); returned = outm * St */
    double ds_dl = r->store * (1.0 - thm);
    double ds_dst = -r->store * labile / (r->cap * ftm);
    double ds_dft = r->store * labile * thm / ftm;
    MAS_J(c, J, ist, il) += ds_dl;
    MAS_J(c, J, ist, ist) += ds_dst - outm;
    MAS_J(c, J, ist, ift) += ds_dft;
    MAS_J(c, J, ist, im) += -douts * store;
    MAS_J(c, J, il, il) += -ds_dl;
    MAS_J(c, J, il, ist) += -ds_dst + outm;
    MAS_J(c, J, il, ift) += -ds_dft;
    MAS_J(c, J, il, im) += douts * store;

    /* serum: (outm - kdeg) * Ft * conv */
    MAS_J(c, J, ifer, ift) += (outm - r->kdeg) * r->conv;
    MAS_J(c, J, ifer, im) += douts * ftm * r->conv;
    MAS_J(c, J, ifer, ifer) += -r->kclr;
}

/* d/dy of hepatocyte iron and ferritin, transferrin iron and the accumulators. */
static void jac_hepatocyte(const struct mas_ctx *c, const double *y, const struct iron_rates *r, double *J)
{
    const double *p = c->p;
    const int *ix = c->ix;
    double fpn = y[ix[S_FPN]], tf = y[ix[S_TF]], hfe = y[ix[S_HEPFE]], fth = y[ix[S_FTHEP]];
    double liver = y[ix[N_STATES + U_LIVER]];
    int itf = ix[S_TF], ihf = ix[S_HEPFE], ifh = ix[S_FTHEP], ifp = ix[S_FPN], ifer = ix[S_FERRITIN];
    int ilv = ix[N_STATES + U_LIVER];
    double d_tnf, d_il1;
    double tx = transcription(c, y, &d_tnf, &d_il1);
    double thh = hfe / (r->cap * fth);
    double outh = r->kdeg + hep_release(p, r, liver);
    double fe = hfe / p[P_HEPFE_BASE], ceil = 1.0 - fth / p[P_FTH_MAX];

    MAS_J(c, J, ifh, ihf) += r->synh0 / p[P_HEPFE_BASE] * tx * ceil;
    MAS_J(c, J, ifh, ix[N_STATES + U_TNF]) += r->synh0 * fe * d_tnf * ceil;
    MAS_J(c, J, ifh, ix[N_STATES + U_IL1]) += r->synh0 * fe * d_il1 * ceil;
    MAS_J(c, J, ifh, ifh) += -r->synh0 * fe * tx / p[P_FTH_MAX] - outh;
    MAS_J(c, J, ifh, ilv) += -p[P_FTH_LEAK] * fth;
    MAS_J(c, J, ifer, ifh) += (outh - r->kdeg) * r->conv;
    MAS_J(c, J, ifer, ilv) += p[P_FTH_LEAK] * fth * r->conv;

    /* uptake k_hu Tf (1 - Hs / (cap Fh)), export k_hx Fpn Hs */
    double du_tf = r->hup * (1.0 - thh), du_hs = -r->hup * tf / (r->cap * fth);
    double du_fh = r->hup * tf * thh / fth;
    MAS_J(c, J, ihf, itf) += du_tf;
    MAS_J(c, J, ihf, ihf) += du_hs - r->hex * fpn;
    MAS_J(c, J, ihf, ifh) += du_fh;
    MAS_J(c, J, ihf, ifp) += -r->hex * hfe;
    MAS_J(c, J, itf, itf) += -du_tf - r->loss;
    MAS_J(c, J, itf, ihf) += -du_hs + r->hex * fpn;
    MAS_J(c, J, itf, ifh) += -du_fh;
    MAS_J(c, J, itf, ifp) += r->hex * hfe + p[P_FE_LOSS];
    MAS_J(c, J, ix[S_ABSORBED], ifp) += p[P_FE_LOSS];
    MAS_J(c, J, ix[S_LOST], itf) += r->loss;
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    double hb = y[ix[S_HB]], heme = y[ix[S_HEME]], labile = y[ix[S_LABILE]];
    double fpn = y[ix[S_FPN]], hep = y[ix[S_HEPCIDIN]], mac = y[ix[N_STATES + U_MAC]];
    int ihb = ix[S_HB], ihm = ix[S_HEME], il = ix[S_LABILE], itf = ix[S_TF];
    int ifp = ix[S_FPN], ihp = ix[S_HEPCIDIN], im = ix[N_STATES + U_MAC];
    double dho1 = p[P_HO_VMAX] * dhill1(heme, p[P_HO_KM]);

    MAS_J(c, J, ihb, ihb) += -r.krbc - p[P_EPH] * mac;
    MAS_J(c, J, ihb, im) += -p[P_EPH] * hb;

    MAS_J(c, J, ihm, ihb) += r.fe * (r.krbc + p[P_EPH] * mac);
    MAS_J(c, J, ihm, im) += r.fe * p[P_EPH] * hb;
    MAS_J(c, J, ihm, ihm) += -dho1;

    MAS_J(c, J, il, ihm) += dho1;
    MAS_J(c, J, il, il) += -r.export * fpn;
    MAS_J(c, J, il, ifp) += -r.export * labile;
    MAS_J(c, J, itf, il) += r.export * fpn;
    MAS_J(c, J, itf, ifp) += r.export * labile;

    MAS_J(c, J, ifp, ihp) += -p[P_FPN_TURNOVER] * fpn / p[P_HEP_FPN_K];
    MAS_J(c, J, ifp, ifp) += -p[P_FPN_TURNOVER] * (1.0 + hep / p[P_HEP_FPN_K]);

    double khep = per_day_from_half_life_h(p[P_HEP_HL]);
    MAS_J(c, J, ihp, ix[N_STATES + U_IL6]) += khep * p[P_HEP_BASE] * p[P_HEP_IL6_GAIN]
                                            * dexcess1(y[ix[N_STATES + U_IL6]], *c->up[Q_IL60], p[P_HEP_IL6_EC50]);
    MAS_J(c, J, ihp, ihp) += -khep;

    jac_macrophage(c, y, &r, J);
    jac_hepatocyte(c, y, &r, J);
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    double hb = y[ix[S_HB]], mac = y[ix[N_STATES + U_MAC]];
    double si = 100.0 * y[ix[S_TF]] / p[P_PLASMA_VOL];
    obs[O_ERYTHROPHAGOCYTOSIS] = p[P_EPH] * mac * hb;
    obs[O_HEME_IRON_FLUX] = r.fe * (r.krbc + p[P_EPH] * mac) * hb;
    obs[O_SERUM_IRON] = si;
    obs[O_TSAT] = 100.0 * si / p[P_TIBC];
    obs[O_MAC_LOADING] = y[ix[S_STORE]] / (r.cap * y[ix[S_FTMAC]]);
    obs[O_HEP_LOADING] = y[ix[S_HEPFE]] / (r.cap * y[ix[S_FTHEP]]);
    obs[O_ABSORPTION] = p[P_FE_LOSS] * y[ix[S_FPN]];
    obs[O_LOSS] = r.loss * y[ix[S_TF]];
}

/* Resting state implied by the parameters: every flux in balance. */
static void initial(const struct mas_ctx *c, double *y)
{
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    y[ix[S_HB]] = p[P_HB_BASE];
    y[ix[S_HEME]] = p[P_HO_KM] * r.j0 / (p[P_HO_VMAX] - r.j0);
    y[ix[S_LABILE]] = p[P_LABILE_BASE];
    y[ix[S_STORE]] = p[P_STORE_BASE];
    y[ix[S_FPN]] = 1.0;
    y[ix[S_HEPCIDIN]] = p[P_HEP_BASE];
    y[ix[S_FTMAC]] = p[P_FTM_BASE];
    y[ix[S_FERRITIN]] = p[P_FER_BASE];
    y[ix[S_TF]] = r.tf0;
    y[ix[S_HEPFE]] = p[P_HEPFE_BASE];
    y[ix[S_FTHEP]] = p[P_FTH_BASE];
    y[ix[S_ABSORBED]] = 0.0;
    y[ix[S_LOST]] = 0.0;
}

const struct mas_module mas_module_iron = {
    .name = "iron",
    .doc = "closed iron balance: red cells, macrophage heme/labile/ferritin iron, transferrin, hepatocytes, hepcidin/ferroportin, ferritin protein",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
