/*
 * iron.c — ferritin and the iron trap.  Red cells (hemoglobin) are removed
 * by senescence and by IFN-γ-driven erythrophagocytosis; their heme iron
 * enters the macrophage, heme oxygenase-1 frees it into the labile iron
 * pool, ferroportin exports it unless hepcidin (raised by IL-6) has
 * degraded ferroportin; labile iron derepresses ferritin translation
 * (IRP/IRE), TNF-α and IL-1 raise ferritin transcription, activated
 * macrophages make more; ferritin reaches serum by secretion and by leakage
 * from damaged activated macrophages and injured hepatocytes.  IFN-γ also
 * suppresses erythropoiesis.  Iron pools are per kg body weight.
 * docs/model.md §5.
 */
#include "kinetics.h"
#include "model.h"

enum { S_HB, S_HEME, S_LABILE, S_STORE, S_FPN, S_HEPCIDIN, S_FTMAC, S_FERRITIN, N_STATES };
enum { U_MAC, U_IL6, U_TNF, U_IL1, U_IFNG, U_LIVER, N_USES };
enum { Q_IL60, Q_TNF0, Q_IL10, Q_IFNG0, N_USES_PARAMS };
enum {
    P_HB_BASE, P_RBC_LIFE, P_EPH, P_FE_PER_HB, P_BLOOD_VOL,
    P_HO_VMAX, P_HO_KM, P_LABILE_BASE, P_STORE_BASE, P_STORE_RATE,
    P_FPN_TURNOVER, P_HEP_BASE, P_HEP_FPN_K, P_HEP_HL, P_HEP_IL6_GAIN, P_HEP_IL6_EC50,
    P_FTM_BASE, P_FT_HL, P_FT_IRE_K, P_FT_TX_GAIN, P_FT_TNF_EC50, P_FT_IL1_EC50,
    P_FT_MAC_GAIN, P_FT_LEAK, P_FER_BASE, P_FER_HL, P_PLASMA_VOL,
    P_EPO_IFNG_SUPP, P_EPO_IFNG_EC50, P_FT_HEPATOCYTE,
    N_PARAMS
};
enum { O_ERYTHROPHAGOCYTOSIS, O_HEME_IRON_FLUX, N_OBS };

static const struct mas_state_def states[] = {
    [S_HB] = {"hemoglobin", "g/dL", 12.0, "blood hemoglobin (red-cell mass)"},
    [S_HEME] = {"macrophage_heme", "mg/kg", 0.0043, "heme iron in macrophages awaiting heme oxygenase-1"},
    [S_LABILE] = {"labile_iron", "mg/kg", 0.02, "macrophage labile (chelatable, Fe2+) iron pool"},
    [S_STORE] = {"storage_iron", "mg/kg", 5.0, "ferritin-bound iron in macrophages"},
    [S_FPN] = {"ferroportin", "1", 1.0, "macrophage ferroportin relative to rest"},
    [S_HEPCIDIN] = {"hepcidin", "ng/mL", 50.0, "serum hepcidin-25"},
    [S_FTMAC] = {"macrophage_ferritin", "ug/kg", 25000.0, "ferritin protein in macrophages"},
    [S_FERRITIN] = {"ferritin", "ng/mL", 50.0, "serum ferritin"},
};

static const struct mas_param_def params[] = {
    [P_HB_BASE] = {"hemoglobin_baseline", 12.0, "g/dL", "normal hemoglobin of a school-age child (11.5-15.5 g/dL)", MAS_RANGE_POSITIVE},
    [P_RBC_LIFE] = {"rbc_lifespan_d", 120.0, "d", "red-cell lifespan 120 +/- 4 d (Pantaleo et al., Autoimmun Rev 2008;7:458)", MAS_RANGE_POSITIVE},
    [P_EPH] = {"erythrophagocytosis_per_d", 0.08, "1/d", "calibrated: hemoglobin falls ~3 g/dL over 2-3 weeks of untreated MAS", MAS_RANGE_NONNEGATIVE},
    [P_FE_PER_HB] = {"iron_per_hb", 3.4, "mg/g", "3.4 mg of iron per g of hemoglobin", MAS_RANGE_POSITIVE},
    [P_BLOOD_VOL] = {"blood_volume", 0.7, "dL/kg", "blood volume ~70 mL/kg", MAS_RANGE_POSITIVE},
    [P_HO_VMAX] = {"ho1_vmax", 3.0, "mg/kg/d", "calibrated: heme oxygenase-1 capacity above the MAS heme load (HO-1 induced on erythrophagocytosis: Kovtunovych et al., Blood 2010;116:6054)", MAS_RANGE_POSITIVE},
    [P_HO_KM] = {"ho1_km", 0.05, "mg/kg", "calibrated: heme does not accumulate at rest", MAS_RANGE_POSITIVE},
    [P_LABILE_BASE] = {"labile_iron_baseline", 0.02, "mg/kg", "calibrated: labile pool ~0.1% of body iron (~40-50 mg/kg)", MAS_RANGE_POSITIVE},
    [P_STORE_BASE] = {"storage_iron_baseline", 5.0, "mg/kg", "calibrated: macrophage storage iron a few mg/kg (stores 0-2,000 mg in adults)", MAS_RANGE_POSITIVE},
    [P_STORE_RATE] = {"iron_storage_per_d", 1.0, "1/d", "calibrated: labile iron is stored within a day", MAS_RANGE_NONNEGATIVE},
    [P_FPN_TURNOVER] = {"ferroportin_turnover_per_d", 1.0, "1/d", "calibrated: ferroportin resynthesised within ~1 d; hepcidin internalises and degrades it (Nemeth et al., Science 2004;306:2090)", MAS_RANGE_NONNEGATIVE},
    [P_HEP_BASE] = {"hepcidin_baseline", 50.0, "ng/mL", "healthy serum hepcidin-25 median 65-112 ng/mL by ELISA (Ganz et al., Blood 2008;112:4292)", MAS_RANGE_NONNEGATIVE},
    [P_HEP_FPN_K] = {"hepcidin_ferroportin_k", 50.0, "ng/mL", "calibrated: half of ferroportin loss rate at resting hepcidin", MAS_RANGE_POSITIVE},
    [P_HEP_HL] = {"hepcidin_half_life_h", 2.0, "h", "calibrated: hepcidin peaks within ~6 h of IL-6 (Kemna et al., Blood 2005;106:1864)", MAS_RANGE_POSITIVE},
    [P_HEP_IL6_GAIN] = {"hepcidin_il6_gain", 7.0, "1", "IL-6 infusion raises urinary hepcidin ~7.5-fold (Nemeth et al., J Clin Invest 2004;113:1271)", MAS_RANGE_NONNEGATIVE},
    [P_HEP_IL6_EC50] = {"hepcidin_il6_ec50", 50.0, "pg/mL", "calibrated: half-maximal hepcidin induction by IL-6", MAS_RANGE_POSITIVE},
    [P_FTM_BASE] = {"macrophage_ferritin_baseline", 25000.0, "ug/kg", "calibrated: ferritin protein holding the storage iron at ~20% loading (4,500 Fe atoms per 480 kDa shell at most)", MAS_RANGE_POSITIVE},
    [P_FT_HL] = {"macrophage_ferritin_half_life_d", 1.5, "d", "calibrated: intracellular ferritin turnover of ~1-2 days", MAS_RANGE_POSITIVE},
    [P_FT_IRE_K] = {"ferritin_ire_k", 0.1, "mg/kg", "calibrated: IRP/IRE derepression half-maximal at 5x resting labile iron", MAS_RANGE_POSITIVE},
    [P_FT_TX_GAIN] = {"ferritin_transcription_gain", 3.0, "1", "calibrated: TNF-alpha/IL-1 raise ferritin transcription several-fold (source text)", MAS_RANGE_NONNEGATIVE},
    [P_FT_TNF_EC50] = {"ferritin_tnf_ec50", 20.0, "pg/mL", "calibrated: as tf_tnf_ec50", MAS_RANGE_POSITIVE},
    [P_FT_IL1_EC50] = {"ferritin_il1_ec50", 10.0, "pg/mL", "calibrated: as tf_il1_ec50", MAS_RANGE_POSITIVE},
    [P_FT_MAC_GAIN] = {"ferritin_macrophage_gain", 4.0, "1", "calibrated: activated macrophages synthesise and secrete more ferritin; MAS serum ferritin >10,000 ng/mL (source text)", MAS_RANGE_NONNEGATIVE},
    [P_FT_LEAK] = {"ferritin_leak_per_d", 1e-4, "1/d", "calibrated: leakage from damaged activated macrophages doubles release in MAS", MAS_RANGE_NONNEGATIVE},
    [P_FER_BASE] = {"ferritin_baseline", 50.0, "ng/mL", "childhood serum ferritin 15-120 ng/mL", MAS_RANGE_NONNEGATIVE},
    [P_FER_HL] = {"ferritin_half_life_h", 30.0, "h", "calibrated: no primary half-life of serum (glycosylated) ferritin found; infused tissue ferritin clears in 2.5-34 min (neonates, Pediatr Res 1975;9:127) but serum ferritin falls over days after MAS is treated; 30 h, a commonly quoted 30-50 h (unverified)", MAS_RANGE_POSITIVE},
    [P_PLASMA_VOL] = {"plasma_volume", 0.045, "L/kg", "plasma volume 42 +/- 7 mL/kg (Collen et al., Br J Haematol 1972;22:681)", MAS_RANGE_POSITIVE},
    [P_EPO_IFNG_SUPP] = {"erythropoiesis_ifng_suppression", 0.5, "1", "calibrated: IFN-gamma suppresses erythropoiesis (anemia of inflammation); hemoglobin below 9 g/dL in untreated MAS within ~3 weeks", MAS_RANGE_FRACTION},
    [P_EPO_IFNG_EC50] = {"erythropoiesis_ifng_ec50", 100.0, "pg/mL", "calibrated: as mac_ifng_ec50", MAS_RANGE_POSITIVE},
    [P_FT_HEPATOCYTE] = {"ferritin_hepatocyte_release", 1000.0, "ng/mL/d", "calibrated: ferritin leaks from injured hepatocytes (source text); adds ~1,000 ng/mL at MAS-level hepatitis", MAS_RANGE_NONNEGATIVE},
};

static const char *const uses[] = {
    [U_MAC] = "mac_activation",
    [U_IL6] = "il6_signal",
    [U_TNF] = "tnf",
    [U_IL1] = "il1_signal",
    [U_IFNG] = "ifng_signal",
    [U_LIVER] = "liver_injury",
};
static const char *const uses_params[] = {
    [Q_IL60] = "il6_baseline",
    [Q_TNF0] = "tnf_baseline",
    [Q_IL10] = "il1_baseline",
    [Q_IFNG0] = "ifng_baseline",
};

static const struct mas_obs_def observables[] = {
    [O_ERYTHROPHAGOCYTOSIS] = {"erythrophagocytosis", "g/dL/d", "hemoglobin removed per day by activated macrophages"},
    [O_HEME_IRON_FLUX] = {"heme_iron_flux", "mg/kg/d", "heme iron entering macrophages (senescence + erythrophagocytosis)"},
};

_Static_assert(sizeof states / sizeof states[0] == N_STATES, "state table");
_Static_assert(sizeof params / sizeof params[0] == N_PARAMS, "parameter table");
_Static_assert(sizeof uses / sizeof uses[0] == N_USES, "uses table");
_Static_assert(sizeof uses_params / sizeof uses_params[0] == N_USES_PARAMS, "uses_params table");
_Static_assert(sizeof observables / sizeof observables[0] == N_OBS, "observable table");

/* Rate constants implied by the resting state (computed, not free). */
struct iron_rates {
    double krbc, heme_flux0, export, release, ksec, kdeg, kclr, conv, tl0, syn0;
};

static struct iron_rates rates(const double *p)
{
    struct iron_rates r;
    r.krbc = 1.0 / p[P_RBC_LIFE];
    r.heme_flux0 = p[P_FE_PER_HB] * p[P_BLOOD_VOL] * r.krbc * p[P_HB_BASE];
    r.export = r.heme_flux0 / p[P_LABILE_BASE];                 /* 1/d at full ferroportin */
    r.release = p[P_STORE_RATE] * p[P_LABILE_BASE] / p[P_STORE_BASE];
    r.kclr = per_day_from_half_life_h(p[P_FER_HL]);
    r.conv = 1.0 / p[P_PLASMA_VOL];                            /* ug/kg -> ng/mL */
    r.ksec = r.kclr * p[P_FER_BASE] / (p[P_FTM_BASE] * r.conv);
    r.kdeg = per_day_from_half_life_d(p[P_FT_HL]);
    r.tl0 = hill2(p[P_LABILE_BASE], p[P_FT_IRE_K]);
    r.syn0 = (r.kdeg + r.ksec) * p[P_FTM_BASE];
    return r;
}

/* Marrow red-cell production relative to rest: suppressed by IFN-gamma. */
static double erythropoiesis(const struct mas_ctx *c, const double *y, double *d_ifng)
{
    const double *p = c->p;
    double ifng = y[c->ix[N_STATES + U_IFNG]];
    *d_ifng = -p[P_EPO_IFNG_SUPP] * dexcess1(ifng, *c->up[Q_IFNG0], p[P_EPO_IFNG_EC50]);
    return 1.0 - p[P_EPO_IFNG_SUPP] * (excess1(ifng, *c->up[Q_IFNG0], p[P_EPO_IFNG_EC50]));
}

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

static void rhs(const struct mas_ctx *c, double t, const double *y, double *dy)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    double hb = y[ix[S_HB]], heme = y[ix[S_HEME]], labile = y[ix[S_LABILE]];
    double store = y[ix[S_STORE]], fpn = y[ix[S_FPN]], hep = y[ix[S_HEPCIDIN]];
    double ftm = y[ix[S_FTMAC]], mac = y[ix[N_STATES + U_MAC]], il6 = y[ix[N_STATES + U_IL6]];
    double d1, d2, de;
    double tx = transcription(c, y, &d1, &d2);
    double epo = erythropoiesis(c, y, &de);
    double liver = y[ix[N_STATES + U_LIVER]];

    double heme_flux = p[P_FE_PER_HB] * p[P_BLOOD_VOL] * (r.krbc + p[P_EPH] * mac) * hb;
    double ho1 = p[P_HO_VMAX] * hill1(heme, p[P_HO_KM]);
    double stored = p[P_STORE_RATE] * labile;
    double synthesis = r.syn0 * (hill2(labile, p[P_FT_IRE_K]) / r.tl0) * tx * (1.0 + p[P_FT_MAC_GAIN] * mac);
    double released = (r.ksec + p[P_FT_LEAK] * mac) * ftm;
    double hep_target = p[P_HEP_BASE] * (1.0 + p[P_HEP_IL6_GAIN]
        * (excess1(il6, *c->up[Q_IL60], p[P_HEP_IL6_EC50])));

    dy[ix[S_HB]] += r.krbc * (p[P_HB_BASE] * epo - hb) - p[P_EPH] * mac * hb;
    dy[ix[S_HEME]] += heme_flux - ho1;
    dy[ix[S_LABILE]] += ho1 - r.export * fpn * labile - stored + r.release * store;
    dy[ix[S_STORE]] += stored - r.release * store;
    dy[ix[S_FPN]] += p[P_FPN_TURNOVER] * ((1.0 + p[P_HEP_BASE] / p[P_HEP_FPN_K])
                                         - (1.0 + hep / p[P_HEP_FPN_K]) * fpn);
    dy[ix[S_HEPCIDIN]] += per_day_from_half_life_h(p[P_HEP_HL]) * (hep_target - hep);
    dy[ix[S_FTMAC]] += synthesis - r.kdeg * ftm - released;
    dy[ix[S_FERRITIN]] += released * r.conv + p[P_FT_HEPATOCYTE] * liver - r.kclr * y[ix[S_FERRITIN]];
}

static void jac_ferritin(const struct mas_ctx *c, const double *y, const struct iron_rates *r, double *J)
{
    const double *p = c->p;
    const int *ix = c->ix;
    double labile = y[ix[S_LABILE]], ftm = y[ix[S_FTMAC]], mac = y[ix[N_STATES + U_MAC]];
    int ift = ix[S_FTMAC], ifer = ix[S_FERRITIN], im = ix[N_STATES + U_MAC];
    double d_tnf, d_il1;
    double tx = transcription(c, y, &d_tnf, &d_il1);
    double tl = hill2(labile, p[P_FT_IRE_K]) / r->tl0;
    double macf = 1.0 + p[P_FT_MAC_GAIN] * mac;

    MAS_J(c, J, ift, ix[S_LABILE]) += r->syn0 * dhill2(labile, p[P_FT_IRE_K]) / r->tl0 * tx * macf;
    MAS_J(c, J, ift, ix[N_STATES + U_TNF]) += r->syn0 * tl * d_tnf * macf;
    MAS_J(c, J, ift, ix[N_STATES + U_IL1]) += r->syn0 * tl * d_il1 * macf;
    MAS_J(c, J, ift, im) += r->syn0 * tl * tx * p[P_FT_MAC_GAIN] - p[P_FT_LEAK] * ftm;
    MAS_J(c, J, ift, ift) += -r->kdeg - r->ksec - p[P_FT_LEAK] * mac;

    MAS_J(c, J, ifer, ift) += (r->ksec + p[P_FT_LEAK] * mac) * r->conv;
    MAS_J(c, J, ifer, im) += p[P_FT_LEAK] * ftm * r->conv;
    MAS_J(c, J, ifer, ifer) += -r->kclr;
    MAS_J(c, J, ifer, ix[N_STATES + U_LIVER]) += p[P_FT_HEPATOCYTE];
}

static void jac(const struct mas_ctx *c, double t, const double *y, double *J)
{
    (void)t;
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    double hb = y[ix[S_HB]], heme = y[ix[S_HEME]], labile = y[ix[S_LABILE]];
    double fpn = y[ix[S_FPN]], hep = y[ix[S_HEPCIDIN]], mac = y[ix[N_STATES + U_MAC]];
    int ihb = ix[S_HB], ihm = ix[S_HEME], il = ix[S_LABILE], ist = ix[S_STORE];
    int ifp = ix[S_FPN], ihp = ix[S_HEPCIDIN], im = ix[N_STATES + U_MAC];
    double fe = p[P_FE_PER_HB] * p[P_BLOOD_VOL];
    double dho1 = p[P_HO_VMAX] * dhill1(heme, p[P_HO_KM]);

    double de;
    erythropoiesis(c, y, &de);
    MAS_J(c, J, ihb, ihb) += -r.krbc - p[P_EPH] * mac;
    MAS_J(c, J, ihb, im) += -p[P_EPH] * hb;
    MAS_J(c, J, ihb, ix[N_STATES + U_IFNG]) += r.krbc * p[P_HB_BASE] * de;

    MAS_J(c, J, ihm, ihb) += fe * (r.krbc + p[P_EPH] * mac);
    MAS_J(c, J, ihm, im) += fe * p[P_EPH] * hb;
    MAS_J(c, J, ihm, ihm) += -dho1;

    MAS_J(c, J, il, ihm) += dho1;
    MAS_J(c, J, il, il) += -r.export * fpn - p[P_STORE_RATE];
    MAS_J(c, J, il, ifp) += -r.export * labile;
    MAS_J(c, J, il, ist) += r.release;

    MAS_J(c, J, ist, il) += p[P_STORE_RATE];
    MAS_J(c, J, ist, ist) += -r.release;

    MAS_J(c, J, ifp, ihp) += -p[P_FPN_TURNOVER] * fpn / p[P_HEP_FPN_K];
    MAS_J(c, J, ifp, ifp) += -p[P_FPN_TURNOVER] * (1.0 + hep / p[P_HEP_FPN_K]);

    double khep = per_day_from_half_life_h(p[P_HEP_HL]);
    MAS_J(c, J, ihp, ix[N_STATES + U_IL6]) += khep * p[P_HEP_BASE] * p[P_HEP_IL6_GAIN]
                                            * dexcess1(y[ix[N_STATES + U_IL6]], *c->up[Q_IL60], p[P_HEP_IL6_EC50]);
    MAS_J(c, J, ihp, ihp) += -khep;

    jac_ferritin(c, y, &r, J);
}

static void observe(const struct mas_ctx *c, double t, const double *y, double *obs)
{
    (void)t;
    const double *p = c->p;
    double hb = y[c->ix[S_HB]], mac = y[c->ix[N_STATES + U_MAC]];
    obs[O_ERYTHROPHAGOCYTOSIS] = p[P_EPH] * mac * hb;
    obs[O_HEME_IRON_FLUX] = p[P_FE_PER_HB] * p[P_BLOOD_VOL] * (1.0 / p[P_RBC_LIFE] + p[P_EPH] * mac) * hb;
}

/* Resting state implied by the parameters: every flux in balance. */
static void initial(const struct mas_ctx *c, double *y)
{
    const double *p = c->p;
    const int *ix = c->ix;
    struct iron_rates r = rates(p);
    y[ix[S_HB]] = p[P_HB_BASE];
    y[ix[S_HEME]] = p[P_HO_KM] * r.heme_flux0 / (p[P_HO_VMAX] - r.heme_flux0);
    y[ix[S_LABILE]] = p[P_LABILE_BASE];
    y[ix[S_STORE]] = p[P_STORE_BASE];
    y[ix[S_FPN]] = 1.0;
    y[ix[S_HEPCIDIN]] = p[P_HEP_BASE];
    y[ix[S_FTMAC]] = p[P_FTM_BASE];
    y[ix[S_FERRITIN]] = p[P_FER_BASE];
}

const struct mas_module mas_module_iron = {
    .name = "iron",
    .doc = "erythrophagocytosis, HO-1, labile iron, hepcidin/ferroportin, ferritin",
    .states = states, .n_states = N_STATES,
    .params = params, .n_params = N_PARAMS,
    .uses = uses, .n_uses = N_USES,
    .uses_params = uses_params, .n_uses_params = N_USES_PARAMS,
    .observables = observables, .n_obs = N_OBS,
    .initial = initial,
    .rhs = rhs, .jac = jac, .observe = observe,
};
