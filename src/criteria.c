/*
 * criteria.c — MAS/HLH diagnostic and classification criteria (criteria.h).
 *
 * Each set is one function of a `struct mas_panel`; thresholds are written
 * next to the rule with their source, and its item names (`static const`)
 * beside it.  At the end, mas_criteria_sets[] holds one descriptor per set
 * (name, title, count or score, unit, items, evaluator, metric names):
 * everything else in massim that lists the sets reads it.
 * Boundary conventions (strict or not), unit conversions and what a missing
 * value does are listed in docs/criteria.md; a test in
 * tests/test_criteria.c pins every boundary.
 */
#include "criteria.h"

#include <math.h>
#include <stddef.h>

/* ---- helpers ----------------------------------------------------------- */

static void result_clear(struct mas_criteria_result *r)
{
    r->met = 0;
    r->items = 0;
    r->item_mask = 0;
    r->missing_mask = 0;
    r->score = NAN;
}

/* Record item `bit`: met when `cond`; unknown when `missing`. */
static void mark(struct mas_criteria_result *r, int bit, int cond, int missing)
{
    if (missing)
        r->missing_mask |= 1u << bit;
    else if (cond)
        r->item_mask |= 1u << bit;
}

static int popcount(unsigned m)
{
    int n = 0;
    for (; m; m &= m - 1)
        n++;
    return n;
}

static int febrile(const struct mas_panel *p)
{
    return p->temperature_c >= MAS_FEBRILE_C;      /* NAN: not febrile */
}

/* ---- panel ------------------------------------------------------------- */

void mas_panel_init(struct mas_panel *p)
{
    *p = (struct mas_panel){0};
    p->temperature_c = p->ferritin = p->platelets = p->ast = NAN;
    p->triglycerides = p->fibrinogen = p->hemoglobin = p->neutrophils = NAN;
    p->wbc = p->scd25 = p->ldh = p->esr = NAN;
}

int mas_panel_check(const struct mas_panel *p, char err[MAS_ERR_LEN])
{
    const struct { const char *name; double v; } nums[] = {
        {"ferritin", p->ferritin}, {"platelets", p->platelets}, {"ast", p->ast},
        {"triglycerides", p->triglycerides}, {"fibrinogen", p->fibrinogen},
        {"hemoglobin", p->hemoglobin}, {"neutrophils", p->neutrophils},
        {"wbc", p->wbc}, {"scd25", p->scd25}, {"ldh", p->ldh}, {"esr", p->esr},
    };
    const struct { const char *name; int v; } flags[] = {
        {"spleen_enlarged", p->spleen_enlarged}, {"liver_enlarged", p->liver_enlarged},
        {"hemophagocytosis", p->hemophagocytosis}, {"nk_low", p->nk_low},
        {"cns_involvement", p->cns_involvement}, {"hemorrhage", p->hemorrhage},
        {"active_arthritis", p->active_arthritis},
        {"known_immunosuppression", p->known_immunosuppression},
        {"molecular_diagnosis", p->molecular_diagnosis}, {"fasting", p->fasting},
        {"sjia", p->sjia},
    };
    double t = p->temperature_c;
    if (!isnan(t) && !(t >= 25.0 && t <= 45.0))
        return mas_fail(err, MAS_EINPUT, "panel: temperature_c is %g, expected 25-45 C or NAN", t);
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        if (!isnan(nums[i].v) && !(isfinite(nums[i].v) && nums[i].v >= 0))
            return mas_fail(err, MAS_EINPUT, "panel: %s is %g, expected a number >= 0 or NAN",
                            nums[i].name, nums[i].v);
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        int may_be_unknown = i < 4;       /* the four findings of a test or an examination */
        if (flags[i].v != 0 && flags[i].v != 1 && !(may_be_unknown && flags[i].v == MAS_UNKNOWN))
            return mas_fail(err, MAS_EINPUT, "panel: %s is %d, expected 0 or 1%s",
                            flags[i].name, flags[i].v, may_be_unknown ? " or -1 (unknown)" : "");
    }
    return MAS_OK;
}

/* ---- 2016 EULAR/ACR/PRINTO (Ravelli et al., Ann Rheum Dis 2016;75:481) --
 * A febrile patient with known or suspected sJIA is classified as MAS if
 * ferritin > 684 ng/mL and any two of: platelets <= 181 x10^9/L, AST > 48
 * U/L, triglycerides > 156 mg/dL, fibrinogen <= 360 mg/dL.  `items` counts
 * every bit of item_mask (fever and ferritin included). */
static const char *const eular2016_items[MAS_EU16_NITEMS] = {
    "febrile (temperature >= 38.0 C)", "ferritin > 684 ng/mL",
    "platelets <= 181 x10^9/L", "AST > 48 U/L",
    "triglycerides > 156 mg/dL", "fibrinogen <= 360 mg/dL",
};

void mas_criteria_eular2016(const struct mas_panel *p, struct mas_criteria_result *r)
{
    result_clear(r);
    mark(r, MAS_EU16_FEVER, febrile(p), isnan(p->temperature_c));
    mark(r, MAS_EU16_FERRITIN, p->ferritin > 684.0, isnan(p->ferritin));
    mark(r, MAS_EU16_PLATELETS, p->platelets <= 181.0, isnan(p->platelets));
    mark(r, MAS_EU16_AST, p->ast > 48.0, isnan(p->ast));
    mark(r, MAS_EU16_TRIGLYCERIDES, p->triglycerides > 156.0, isnan(p->triglycerides));
    mark(r, MAS_EU16_FIBRINOGEN, p->fibrinogen <= 360.0, isnan(p->fibrinogen));
    r->items = popcount(r->item_mask);
    unsigned need = (1u << MAS_EU16_FEVER) | (1u << MAS_EU16_FERRITIN);
    int others = popcount(r->item_mask & ~need);
    r->met = p->sjia && (r->item_mask & need) == need && others >= 2;
}

/* ---- HLH-2004 (Henter et al., Pediatr Blood Cancer 2007;48:124) ---------
 * Molecular diagnosis, or >= 5 of the 8 clinical items.  Cytopenias: >= 2
 * of Hb < 9 g/dL, platelets < 100, ANC < 1.0 (a missing lineage does not
 * count; the item is "missing" only if it cannot be decided either way).
 * Triglycerides count only when drawn fasting; a non-fasting value is
 * ignored and the item rests on fibrinogen alone. */
static const char *const hlh2004_items[MAS_HLH_NITEMS] = {
    "fever >= 38.5 C", "splenomegaly",
    "cytopenias >= 2 of 3 (Hb < 9 g/dL, platelets < 100, ANC < 1.0)",
    "triglycerides >= 265 mg/dL (fasting) and/or fibrinogen <= 150 mg/dL",
    "hemophagocytosis", "low or absent NK-cell activity",
    "ferritin >= 500 ng/mL", "sCD25 >= 2400 U/mL", "molecular diagnosis",
};

static void hlh2004_cytopenias(const struct mas_panel *p, struct mas_criteria_result *r)
{
    int low = (p->hemoglobin < 9.0) + (p->platelets < 100.0) + (p->neutrophils < 1.0);
    int unknown = isnan(p->hemoglobin) + isnan(p->platelets) + isnan(p->neutrophils);
    mark(r, MAS_HLH_CYTOPENIAS, low >= 2, low < 2 && low + unknown >= 2);
}

static void hlh2004_tg_fibrinogen(const struct mas_panel *p, struct mas_criteria_result *r)
{
    double tg = p->fasting ? p->triglycerides : NAN;
    int met = tg >= 265.0 || p->fibrinogen <= 150.0;
    mark(r, MAS_HLH_TG_FIBRINOGEN, met, !met && (isnan(tg) || isnan(p->fibrinogen)));
}

void mas_criteria_hlh2004(const struct mas_panel *p, struct mas_criteria_result *r)
{
    result_clear(r);
    mark(r, MAS_HLH_FEVER, p->temperature_c >= 38.5, isnan(p->temperature_c));
    mark(r, MAS_HLH_SPLENOMEGALY, p->spleen_enlarged == 1, p->spleen_enlarged == MAS_UNKNOWN);
    hlh2004_cytopenias(p, r);
    hlh2004_tg_fibrinogen(p, r);
    mark(r, MAS_HLH_HEMOPHAGOCYTOSIS, p->hemophagocytosis == 1,
         p->hemophagocytosis == MAS_UNKNOWN);
    mark(r, MAS_HLH_NK_LOW, p->nk_low == 1, p->nk_low == MAS_UNKNOWN);
    mark(r, MAS_HLH_FERRITIN, p->ferritin >= 500.0, isnan(p->ferritin));
    mark(r, MAS_HLH_SCD25, p->scd25 >= 2400.0, isnan(p->scd25));
    r->items = popcount(r->item_mask);                /* the 8 items only */
    mark(r, MAS_HLH_MOLECULAR, p->molecular_diagnosis, 0);
    r->met = p->molecular_diagnosis || r->items >= 5;
}

/* ---- HScore (Fardet et al., Arthritis Rheumatol 2014;66:2613) ----------
 * Bands as published: temperature < 38.4 / 38.4-39.4 / > 39.4; ferritin
 * < 2000 / 2000-6000 / > 6000; triglycerides < 1.5 / 1.5-4 / > 4 mmol/L;
 * fibrinogen > 2.5 / <= 2.5 g/L; AST < 30 / >= 30.  Middle bands include
 * both ends.  Compared in the panel's units (mg/dL) with the thresholds
 * converted, so a value given as k * 88.57 mg/dL sits exactly on k mmol/L. */
static const char *const hscore_items[MAS_HS_NITEMS] = {
    "known immunosuppression (18)", "temperature (38.4-39.4 C: 33, > 39.4: 49)",
    "organomegaly (liver or spleen: 23, both: 38)",
    "cytopenias (Hb <= 9.2, WBC <= 5, platelets <= 110; 2: 24, 3: 34)",
    "ferritin (2000-6000 ng/mL: 35, > 6000: 50)",
    "triglycerides (1.5-4 mmol/L: 44, > 4: 64)", "fibrinogen <= 2.5 g/L (30)",
    "AST >= 30 U/L (19)", "hemophagocytosis on marrow aspirate (35)",
};

static int band3(double x, double lo, double hi, int mid_pts, int hi_pts)
{
    if (x > hi)
        return hi_pts;
    return x >= lo ? mid_pts : 0;                     /* NAN: 0 */
}

static int hscore_cytopenia_points(const struct mas_panel *p)
{
    int n = (p->hemoglobin <= 9.2) + (p->wbc <= 5.0) + (p->platelets <= 110.0);
    return n == 3 ? 34 : n == 2 ? 24 : 0;
}

/* Unlike mark(), an item may both score and be incomplete (e.g. two low
 * lineages and a missing third could still reach 34 points). */
static void hscore_add(struct mas_criteria_result *r, int bit, int pts, int missing)
{
    r->score += pts;
    if (pts > 0)
        r->item_mask |= 1u << bit;
    if (missing)
        r->missing_mask |= 1u << bit;
}

void mas_criteria_hscore(const struct mas_panel *p, struct mas_criteria_result *r)
{
    const double tg_unit = MAS_TG_MG_DL_PER_MMOL_L;
    int organs = (p->liver_enlarged == 1) + (p->spleen_enlarged == 1);
    int organs_unknown = p->liver_enlarged == MAS_UNKNOWN || p->spleen_enlarged == MAS_UNKNOWN;
    result_clear(r);
    r->score = 0;
    hscore_add(r, MAS_HS_IMMUNOSUPPRESSION, p->known_immunosuppression ? 18 : 0, 0);
    hscore_add(r, MAS_HS_TEMPERATURE, band3(p->temperature_c, 38.4, 39.4, 33, 49),
               isnan(p->temperature_c));
    hscore_add(r, MAS_HS_ORGANOMEGALY, organs == 2 ? 38 : organs == 1 ? 23 : 0, organs_unknown);
    hscore_add(r, MAS_HS_CYTOPENIAS, hscore_cytopenia_points(p),
               isnan(p->hemoglobin) || isnan(p->wbc) || isnan(p->platelets));
    hscore_add(r, MAS_HS_FERRITIN, band3(p->ferritin, 2000.0, 6000.0, 35, 50),
               isnan(p->ferritin));
    hscore_add(r, MAS_HS_TRIGLYCERIDES,
               band3(p->triglycerides, 1.5 * tg_unit, 4.0 * tg_unit, 44, 64),
               isnan(p->triglycerides));
    hscore_add(r, MAS_HS_FIBRINOGEN, p->fibrinogen <= 2.5 * 100.0 ? 30 : 0,
               isnan(p->fibrinogen));
    hscore_add(r, MAS_HS_AST, p->ast >= 30.0 ? 19 : 0, isnan(p->ast));
    hscore_add(r, MAS_HS_HEMOPHAGOCYTOSIS, p->hemophagocytosis == 1 ? 35 : 0,
               p->hemophagocytosis == MAS_UNKNOWN);
    r->items = popcount(r->item_mask);
    r->met = r->score >= MAS_HSCORE_CUTOFF;
}

/* ---- MS score (Minoia et al., Ann Rheum Dis 2019;78:1357) --------------
 * 2.44 CNS + 1.54 hemorrhage - 1.30 active arthritis - 0.003 platelets
 * + 0.001 LDH - 0.004 fibrinogen + 0.0001 ferritin; MAS if >= -2.1 in a
 * febrile patient with known or suspected sJIA.  Any missing lab: score
 * NAN, not met.  The cut-off is tested with a 1e-9 allowance so that a
 * score equal to -2.1 up to rounding of the decimal coefficients counts. */
static const char *const ms_items[MAS_MS_NITEMS] = {
    "2.44 x CNS involvement", "1.54 x hemorrhage", "-1.30 x active arthritis",
    "-0.003 x platelets", "0.001 x LDH", "-0.004 x fibrinogen",
    "0.0001 x ferritin",
};

void mas_criteria_ms_score(const struct mas_panel *p, struct mas_criteria_result *r)
{
    result_clear(r);
    mark(r, MAS_MS_CNS, p->cns_involvement, 0);
    mark(r, MAS_MS_HEMORRHAGE, p->hemorrhage, 0);
    mark(r, MAS_MS_ARTHRITIS, p->active_arthritis, 0);
    mark(r, MAS_MS_PLATELETS, 1, isnan(p->platelets));
    mark(r, MAS_MS_LDH, 1, isnan(p->ldh));
    mark(r, MAS_MS_FIBRINOGEN, 1, isnan(p->fibrinogen));
    mark(r, MAS_MS_FERRITIN, 1, isnan(p->ferritin));
    r->items = popcount(r->item_mask);
    r->score = 2.44 * p->cns_involvement + 1.54 * p->hemorrhage
               - 1.30 * p->active_arthritis - 0.003 * p->platelets + 0.001 * p->ldh
               - 0.004 * p->fibrinogen + 0.0001 * p->ferritin;    /* NAN if any missing */
    r->met = p->sjia && febrile(p) && r->score >= MAS_MS_SCORE_CUTOFF - 1e-9;
}

/* ---- ferritin:ESR (Eloseily et al., ACR Open Rheumatol 2019;1:345) ------
 * ratio = ferritin (ng/mL) / ESR (mm/h); > 21.5 suggests MAS over an active
 * sJIA flare: met only in the population it was derived in (a febrile
 * patient with known or suspected sJIA, as the 2016 criteria: the same
 * database).  ESR 0 or missing, or ferritin missing: ratio NAN, not met. */
static const char *const ferritin_esr_items[MAS_FE_NITEMS] = {
    "ferritin:ESR > 21.5",
};

void mas_criteria_ferritin_esr(const struct mas_panel *p, struct mas_criteria_result *r)
{
    result_clear(r);
    if (p->esr > 0 && !isnan(p->ferritin))
        r->score = p->ferritin / p->esr;
    mark(r, MAS_FE_RATIO, r->score > MAS_FERRITIN_ESR_CUTOFF, isnan(r->score));
    r->items = popcount(r->item_mask);
    r->met = p->sjia && febrile(p) && r->items == 1;
}

/* ---- the descriptors (criteria.h) ------------------------------------ */

const struct mas_criteria_def mas_criteria_sets[MAS_CRIT_NSETS] = {
    [MAS_CRIT_EULAR2016] = {
        MAS_CRITERIA_NAME("eular2016"),
        .title = "2016 EULAR/ACR/PRINTO MAS classification (Ravelli 2016)",
        .kind = MAS_CRIT_COUNT, .unit = "items",
        .cutoff = 4,                  /* fever, ferritin and 2 of the other 4 */
        .items = eular2016_items, .n_items = MAS_EU16_NITEMS, .eval = mas_criteria_eular2016,
    },
    [MAS_CRIT_HLH2004] = {
        MAS_CRITERIA_NAME("hlh2004"),
        .title = "HLH-2004 diagnostic criteria (Henter 2007)",
        .kind = MAS_CRIT_COUNT, .unit = "items",
        .cutoff = 5,                  /* 5 of 8, or a molecular diagnosis */
        .items = hlh2004_items, .n_items = MAS_HLH_NITEMS, .eval = mas_criteria_hlh2004,
    },
    [MAS_CRIT_HSCORE] = {
        MAS_CRITERIA_NAME("hscore"),
        .title = "HScore (Fardet 2014)",
        .kind = MAS_CRIT_SCORE, .unit = "points", .cutoff = MAS_HSCORE_CUTOFF,
        .items = hscore_items, .n_items = MAS_HS_NITEMS, .eval = mas_criteria_hscore,
    },
    [MAS_CRIT_MS_SCORE] = {
        MAS_CRITERIA_NAME("ms_score"),
        .title = "MS score (Minoia 2019)",
        .kind = MAS_CRIT_SCORE, .unit = "points", .cutoff = MAS_MS_SCORE_CUTOFF,
        .items = ms_items, .n_items = MAS_MS_NITEMS, .eval = mas_criteria_ms_score,
    },
    [MAS_CRIT_FERRITIN_ESR] = {
        MAS_CRITERIA_NAME("ferritin_esr"),
        .title = "ferritin:ESR ratio (Eloseily 2019)",
        .kind = MAS_CRIT_SCORE, .unit = "(ng/mL)/(mm/h)",
        .cutoff = MAS_FERRITIN_ESR_CUTOFF,   /* met above it, strictly */
        .items = ferritin_esr_items, .n_items = MAS_FE_NITEMS, .eval = mas_criteria_ferritin_esr,
    },
};

_Static_assert(sizeof mas_criteria_sets / sizeof mas_criteria_sets[0] == MAS_CRIT_NSETS,
               "one descriptor per criteria set");

/* ---- dispatch and names ------------------------------------------------ */

const struct mas_criteria_def *mas_criteria_def(enum mas_criteria_set set)
{
    return (int)set >= 0 && set < MAS_CRIT_NSETS ? &mas_criteria_sets[set] : NULL;
}

void mas_criteria_eval(enum mas_criteria_set set, const struct mas_panel *p,
                       struct mas_criteria_result *r)
{
    const struct mas_criteria_def *d = mas_criteria_def(set);
    if (!d) {
        result_clear(r);
        return;
    }
    d->eval(p, r);
}

const char *mas_criteria_name(enum mas_criteria_set set)
{
    const struct mas_criteria_def *d = mas_criteria_def(set);
    return d ? d->name : NULL;
}

const char *mas_criteria_title(enum mas_criteria_set set)
{
    const struct mas_criteria_def *d = mas_criteria_def(set);
    return d ? d->title : NULL;
}

int mas_criteria_n_items(enum mas_criteria_set set)
{
    const struct mas_criteria_def *d = mas_criteria_def(set);
    return d ? d->n_items : 0;
}

const char *mas_criteria_item_name(enum mas_criteria_set set, int item)
{
    if (item < 0 || item >= mas_criteria_n_items(set))
        return NULL;
    return mas_criteria_sets[set].items[item];
}
