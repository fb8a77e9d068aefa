/*
 * test_criteria.c — the MAS/HLH criteria library (src/criteria.c).
 *
 * Hand-written panels, the expected verdict worked out next to each one.
 * Every published threshold is tested on both sides of its boundary, so a
 * strict/non-strict slip (< for <=) or a wrong unit fails a test.  Scores
 * with decimal coefficients (MS score, ferritin:ESR) are compared within
 * 1e-9: the inputs are a few thousand at most and each coefficient carries
 * one rounding (~1e-16 relative), so 1e-9 is far above any real error and
 * far below the smallest step tested (0.001).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "criteria.h"
#include "criteria_model.h"
#include "massim.h"
#include "model.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)
#define BIT(i) (1u << (i))

/* ---- panels ------------------------------------------------------------ */

/* A febrile sJIA patient whose labs meet no 2016 item except fever. */
static struct mas_panel eular_base(void)
{
    struct mas_panel p;
    mas_panel_init(&p);
    p.sjia = 1;
    p.temperature_c = 39.0;
    p.ferritin = 1000.0;      /* > 684: met in most tests below */
    p.platelets = 300.0;
    p.ast = 30.0;
    p.triglycerides = 100.0;
    p.fibrinogen = 500.0;
    return p;
}

/* A well patient: every HLH-2004 item and every HScore item is normal. */
static struct mas_panel well(void)
{
    return (struct mas_panel){
        .temperature_c = 37.0, .ferritin = 100.0, .platelets = 300.0, .ast = 20.0,
        .triglycerides = 100.0, .fibrinogen = 300.0, .hemoglobin = 12.0,
        .neutrophils = 4.0, .wbc = 8.0, .scd25 = 500.0, .ldh = 250.0, .esr = 20.0,
        .fasting = 1,
    };
}

/* One number of a panel, named by its offset (for the boundary tables). */
#define FIELD(f) offsetof(struct mas_panel, f)

static struct mas_panel well_with(size_t field, double value)
{
    struct mas_panel p = well();
    memcpy((char *)&p + field, &value, sizeof value);
    return p;
}

static struct mas_criteria_result eval(enum mas_criteria_set set, struct mas_panel p)
{
    struct mas_criteria_result r;
    mas_criteria_eval(set, &p, &r);
    return r;
}

static int met(enum mas_criteria_set set, struct mas_panel p)
{
    return eval(set, p).met;
}

/* ---- 2016 EULAR/ACR/PRINTO --------------------------------------------- */

static void test_eular2016_ferritin_684(void **state)
{
    (void)state;
    struct mas_panel p = eular_base();
    p.platelets = 150.0;        /* two others met: platelets, AST */
    p.ast = 60.0;
    p.ferritin = 684.0;         /* "> 684": not met */
    assert_false(met(MAS_CRIT_EULAR2016, p));
    p.ferritin = 685.0;
    struct mas_criteria_result r = eval(MAS_CRIT_EULAR2016, p);
    assert_true(r.met);
    assert_int_equal(r.items, 4);   /* fever, ferritin, platelets, AST */
    assert_int_equal(r.item_mask, BIT(MAS_EU16_FEVER) | BIT(MAS_EU16_FERRITIN)
                                      | BIT(MAS_EU16_PLATELETS) | BIT(MAS_EU16_AST));
    assert_true(isnan(r.score));
}

/* One other item (AST 60) is met; the item under test decides "any two". */
static void test_eular2016_each_lab_boundary(void **state)
{
    (void)state;
    struct mas_panel p = eular_base();
    p.ast = 60.0;
    assert_false(met(MAS_CRIT_EULAR2016, p));        /* only one other item */
    p.platelets = 181.0;                              /* "<= 181": met */
    assert_true(met(MAS_CRIT_EULAR2016, p));
    p.platelets = 182.0;
    assert_false(met(MAS_CRIT_EULAR2016, p));
    p.triglycerides = 156.0;                          /* "> 156": not met */
    assert_false(met(MAS_CRIT_EULAR2016, p));
    p.triglycerides = 157.0;
    assert_true(met(MAS_CRIT_EULAR2016, p));
    p.triglycerides = 100.0;
    p.fibrinogen = 360.0;                             /* "<= 360": met */
    assert_true(met(MAS_CRIT_EULAR2016, p));
    p.fibrinogen = 361.0;
    assert_false(met(MAS_CRIT_EULAR2016, p));
    /* AST itself, with platelets as the other item */
    p = eular_base();
    p.platelets = 150.0;
    p.ast = 48.0;                                     /* "> 48": not met */
    assert_false(met(MAS_CRIT_EULAR2016, p));
    p.ast = 49.0;
    assert_true(met(MAS_CRIT_EULAR2016, p));
}

static void test_eular2016_context_and_missing(void **state)
{
    (void)state;
    struct mas_panel p = eular_base();
    p.platelets = 150.0;
    p.ast = 60.0;
    assert_true(met(MAS_CRIT_EULAR2016, p));
    p.temperature_c = MAS_FEBRILE_C;                  /* 38.0: febrile */
    assert_true(met(MAS_CRIT_EULAR2016, p));
    p.temperature_c = 37.9;
    assert_false(met(MAS_CRIT_EULAR2016, p));
    p.temperature_c = NAN;
    struct mas_criteria_result r = eval(MAS_CRIT_EULAR2016, p);
    assert_false(r.met);
    assert_int_equal(r.missing_mask, BIT(MAS_EU16_FEVER));
    p.temperature_c = 39.0;
    p.sjia = 0;                                       /* not an sJIA patient */
    assert_false(met(MAS_CRIT_EULAR2016, p));
    p.sjia = 1;
    p.ast = NAN;                                      /* missing: not met */
    r = eval(MAS_CRIT_EULAR2016, p);
    assert_false(r.met);
    assert_int_equal(r.missing_mask, BIT(MAS_EU16_AST));
    p.ferritin = NAN;
    p.ast = 60.0;
    assert_false(met(MAS_CRIT_EULAR2016, p));
}

/* ---- HLH-2004 ---------------------------------------------------------- */

static void test_hlh2004_four_vs_five(void **state)
{
    (void)state;
    struct mas_panel p = well();
    struct mas_criteria_result r = eval(MAS_CRIT_HLH2004, p);
    assert_int_equal(r.items, 0);
    assert_int_equal(r.missing_mask, 0);
    assert_false(r.met);
    p.temperature_c = 39.0;
    p.spleen_enlarged = 1;
    p.hemophagocytosis = 1;
    p.nk_low = 1;
    r = eval(MAS_CRIT_HLH2004, p);
    assert_int_equal(r.items, 4);
    assert_false(r.met);
    p.ferritin = 600.0;
    r = eval(MAS_CRIT_HLH2004, p);
    assert_int_equal(r.items, 5);
    assert_true(r.met);
    assert_int_equal(r.item_mask, BIT(MAS_HLH_FEVER) | BIT(MAS_HLH_SPLENOMEGALY)
                                      | BIT(MAS_HLH_HEMOPHAGOCYTOSIS) | BIT(MAS_HLH_NK_LOW)
                                      | BIT(MAS_HLH_FERRITIN));
}

static int hlh_item(struct mas_panel p, int item)
{
    return (eval(MAS_CRIT_HLH2004, p).item_mask & BIT(item)) != 0;
}

static void test_hlh2004_cytopenia_lineages(void **state)
{
    (void)state;
    struct mas_panel p = well();
    p.platelets = 99.0;                 /* one lineage low */
    p.hemoglobin = 9.0;                 /* "< 9": not low */
    assert_false(hlh_item(p, MAS_HLH_CYTOPENIAS));
    p.hemoglobin = 8.9;
    assert_true(hlh_item(p, MAS_HLH_CYTOPENIAS));
    p.platelets = 100.0;                /* "< 100": not low */
    assert_false(hlh_item(p, MAS_HLH_CYTOPENIAS));
    p.neutrophils = 1.0;                /* "< 1.0": not low */
    assert_false(hlh_item(p, MAS_HLH_CYTOPENIAS));
    p.neutrophils = 0.99;
    assert_true(hlh_item(p, MAS_HLH_CYTOPENIAS));
    /* one low lineage and two unknown: undecided, flagged missing */
    p = well();
    p.hemoglobin = 8.0;
    p.platelets = p.neutrophils = NAN;
    struct mas_criteria_result r = eval(MAS_CRIT_HLH2004, p);
    assert_false(r.item_mask & BIT(MAS_HLH_CYTOPENIAS));
    assert_true(r.missing_mask & BIT(MAS_HLH_CYTOPENIAS));
    p.platelets = 50.0;                 /* two low: met although ANC unknown */
    r = eval(MAS_CRIT_HLH2004, p);
    assert_true(r.item_mask & BIT(MAS_HLH_CYTOPENIAS));
    assert_false(r.missing_mask & BIT(MAS_HLH_CYTOPENIAS));
}

/* Triglycerides count only fasting; fibrinogen alone still decides. */
static void test_hlh2004_tg_fasting(void **state)
{
    (void)state;
    struct mas_panel p = well_with(FIELD(triglycerides), 265.0);
    assert_true(hlh_item(p, MAS_HLH_TG_FIBRINOGEN));
    p.fasting = 0;                      /* same value, not fasting: ignored */
    assert_false(hlh_item(p, MAS_HLH_TG_FIBRINOGEN));
    assert_true(eval(MAS_CRIT_HLH2004, p).missing_mask & BIT(MAS_HLH_TG_FIBRINOGEN));
    p.fibrinogen = 150.0;
    assert_true(hlh_item(p, MAS_HLH_TG_FIBRINOGEN));
}

/* Single-value items: {case, field, value, item, met?}. */
static const struct hlh_edge {
    const char *what;
    size_t field;
    double value;
    int item, met;
} hlh_edges[] = {
    {"ferritin 500 (>= 500)", FIELD(ferritin), 500.0, MAS_HLH_FERRITIN, 1},
    {"ferritin 499", FIELD(ferritin), 499.0, MAS_HLH_FERRITIN, 0},
    {"sCD25 2400 (>= 2400)", FIELD(scd25), 2400.0, MAS_HLH_SCD25, 1},
    {"sCD25 2399", FIELD(scd25), 2399.0, MAS_HLH_SCD25, 0},
    {"fever 38.5 (>= 38.5)", FIELD(temperature_c), 38.5, MAS_HLH_FEVER, 1},
    {"fever 38.4", FIELD(temperature_c), 38.4, MAS_HLH_FEVER, 0},
    {"triglycerides 265 fasting (>= 265)", FIELD(triglycerides), 265.0, MAS_HLH_TG_FIBRINOGEN, 1},
    {"triglycerides 264 fasting", FIELD(triglycerides), 264.0, MAS_HLH_TG_FIBRINOGEN, 0},
    {"fibrinogen 150 (<= 150)", FIELD(fibrinogen), 150.0, MAS_HLH_TG_FIBRINOGEN, 1},
    {"fibrinogen 151", FIELD(fibrinogen), 151.0, MAS_HLH_TG_FIBRINOGEN, 0},
};

static void test_hlh2004_single_thresholds(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof hlh_edges / sizeof hlh_edges[0]; i++) {
        const struct hlh_edge *e = &hlh_edges[i];
        if (hlh_item(well_with(e->field, e->value), e->item) != e->met)
            fail_msg("HLH-2004 %s: expected the item %s", e->what, e->met ? "met" : "not met");
    }
}

static void test_hlh2004_molecular_and_missing(void **state)
{
    (void)state;
    struct mas_panel p = well();
    p.molecular_diagnosis = 1;
    struct mas_criteria_result r = eval(MAS_CRIT_HLH2004, p);
    assert_true(r.met);
    assert_int_equal(r.items, 0);                    /* not one of the 8 */
    assert_int_equal(r.item_mask, BIT(MAS_HLH_MOLECULAR));
    mas_panel_init(&p);                               /* nothing measured */
    r = eval(MAS_CRIT_HLH2004, p);
    assert_false(r.met);
    assert_int_equal(r.items, 0);
    assert_int_equal(r.missing_mask, BIT(MAS_HLH_FEVER) | BIT(MAS_HLH_CYTOPENIAS)
                                         | BIT(MAS_HLH_TG_FIBRINOGEN)
                                         | BIT(MAS_HLH_FERRITIN) | BIT(MAS_HLH_SCD25));
}

/* ---- HScore ------------------------------------------------------------ */

static double hscore(struct mas_panel p)
{
    return eval(MAS_CRIT_HSCORE, p).score;
}

/* Single-value bands: {case, field, value, points}, every other item
 * normal.  Wording of Fardet 2014: "< 38.4, 38.4-39.4, > 39.4" (likewise
 * ferritin and triglycerides): the middle band includes both ends.
 * Triglycerides are given in mg/dL: 1.5 mmol/L = 132.855 mg/dL and
 * 4 mmol/L = 354.28 mg/dL (x 88.57). */
static const struct hscore_edge {
    const char *what;
    size_t field;
    double value, points;
} hscore_edges[] = {
    {"temperature 38.39", FIELD(temperature_c), 38.39, 0},
    {"temperature 38.4", FIELD(temperature_c), 38.4, 33},
    {"temperature 39.4", FIELD(temperature_c), 39.4, 33},
    {"temperature 39.41", FIELD(temperature_c), 39.41, 49},
    {"ferritin 1999", FIELD(ferritin), 1999.0, 0},
    {"ferritin 2000", FIELD(ferritin), 2000.0, 35},
    {"ferritin 6000", FIELD(ferritin), 6000.0, 35},
    {"ferritin 6001", FIELD(ferritin), 6001.0, 50},
    {"triglycerides 1.5 mmol/L", FIELD(triglycerides), 1.5 * MAS_TG_MG_DL_PER_MMOL_L, 44},
    {"triglycerides 4 mmol/L", FIELD(triglycerides), 4.0 * MAS_TG_MG_DL_PER_MMOL_L, 44},
    {"triglycerides 132.8 mg/dL = 1.4994 mmol/L", FIELD(triglycerides), 132.8, 0},
    {"triglycerides 132.9 mg/dL = 1.5005 mmol/L", FIELD(triglycerides), 132.9, 44},
    {"triglycerides 354.2 mg/dL = 3.9991 mmol/L", FIELD(triglycerides), 354.2, 44},
    {"triglycerides 354.3 mg/dL = 4.0002 mmol/L", FIELD(triglycerides), 354.3, 64},
    {"fibrinogen 250 mg/dL = 2.5 g/L (<= 2.5)", FIELD(fibrinogen), 250.0, 30},
    {"fibrinogen 251 mg/dL", FIELD(fibrinogen), 251.0, 0},
    {"AST 29", FIELD(ast), 29.0, 0},
    {"AST 30 (>= 30)", FIELD(ast), 30.0, 19},
};

static void test_hscore_bands(void **state)
{
    (void)state;
    assert_true(hscore(well()) == 0.0);
    for (size_t i = 0; i < sizeof hscore_edges / sizeof hscore_edges[0]; i++) {
        const struct hscore_edge *e = &hscore_edges[i];
        double got = hscore(well_with(e->field, e->value));
        if (got != e->points)
            fail_msg("HScore %s: %g points, expected %g", e->what, got, e->points);
    }
}

static void test_hscore_flags(void **state)
{
    (void)state;
    struct mas_panel p = well_with(FIELD(ast), 30.0);
    struct mas_criteria_result r = eval(MAS_CRIT_HSCORE, p);
    assert_int_equal(r.item_mask, BIT(MAS_HS_AST));   /* 0-point items not set */
    assert_int_equal(r.items, 1);
    p = well();
    p.known_immunosuppression = 1;
    assert_true(hscore(p) == 18.0);
    p.known_immunosuppression = 0;
    p.hemophagocytosis = 1;
    assert_true(hscore(p) == 35.0);
    p.hemophagocytosis = 0;
    p.liver_enlarged = 1;
    assert_true(hscore(p) == 23.0);
    p.liver_enlarged = 0;
    p.spleen_enlarged = 1;
    assert_true(hscore(p) == 23.0);
    p.liver_enlarged = 1;
    assert_true(hscore(p) == 38.0);
}

/* Cytopenias: Hb <= 9.2 g/dL, WBC <= 5 x10^9/L, platelets <= 110 x10^9/L;
 * one lineage 0, two 24, three 34. */
static void test_hscore_cytopenias(void **state)
{
    (void)state;
    struct mas_panel p = well();
    p.hemoglobin = 9.2;                 /* one lineage */
    assert_true(hscore(p) == 0.0);
    p.wbc = 5.0;                        /* two */
    assert_true(hscore(p) == 24.0);
    p.platelets = 110.0;                /* three */
    assert_true(hscore(p) == 34.0);
    p.platelets = 111.0;
    assert_true(hscore(p) == 24.0);
    p.wbc = 5.1;
    assert_true(hscore(p) == 0.0);
    p.wbc = 5.0;
    p.hemoglobin = 9.3;
    assert_true(hscore(p) == 0.0);
}

static void test_hscore_full_and_cutoff(void **state)
{
    (void)state;
    struct mas_panel p = {
        .known_immunosuppression = 1,                   /* 18 */
        .temperature_c = 40.0,                          /* 49 */
        .liver_enlarged = 1, .spleen_enlarged = 1,      /* 38 */
        .hemoglobin = 7.0, .wbc = 2.0, .platelets = 40.0,   /* 34 */
        .ferritin = 20000.0,                            /* 50 */
        .triglycerides = 500.0,                         /* 64 */
        .fibrinogen = 100.0,                            /* 30 */
        .ast = 200.0,                                   /* 19 */
        .hemophagocytosis = 1,                          /* 35 */
    };
    struct mas_criteria_result r = eval(MAS_CRIT_HSCORE, p);
    assert_true(r.score == 337.0);
    assert_int_equal(r.items, MAS_HS_NITEMS);
    assert_int_equal(r.item_mask, BIT(MAS_HS_NITEMS) - 1);
    assert_int_equal(r.missing_mask, 0);
    assert_true(r.met);
    /* 168 = ferritin > 6000 (50) + TG > 4 (64) + AST (19) + marrow (35) */
    p = well();
    p.ferritin = 7000.0;
    p.triglycerides = 400.0;
    p.ast = 40.0;
    p.hemophagocytosis = 1;
    r = eval(MAS_CRIT_HSCORE, p);
    assert_true(r.score == 168.0);
    assert_false(r.met);
    /* 169 = temperature 33 + one organ 23 + TG 64 + fibrinogen 30 + AST 19 */
    p = well();
    p.temperature_c = 39.0;
    p.spleen_enlarged = 1;
    p.triglycerides = 400.0;
    p.fibrinogen = 200.0;
    p.ast = 40.0;
    r = eval(MAS_CRIT_HSCORE, p);
    assert_true(r.score == 169.0);
    assert_true(r.met);
}

static void test_hscore_missing(void **state)
{
    (void)state;
    struct mas_panel p;
    mas_panel_init(&p);
    struct mas_criteria_result r = eval(MAS_CRIT_HSCORE, p);
    assert_true(r.score == 0.0);
    assert_int_equal(r.missing_mask, BIT(MAS_HS_TEMPERATURE) | BIT(MAS_HS_CYTOPENIAS)
                                         | BIT(MAS_HS_FERRITIN) | BIT(MAS_HS_TRIGLYCERIDES)
                                         | BIT(MAS_HS_FIBRINOGEN) | BIT(MAS_HS_AST));
    p = well();
    p.hemoglobin = 8.0;
    p.platelets = 50.0;
    p.wbc = NAN;                        /* two lineages low, third unknown */
    r = eval(MAS_CRIT_HSCORE, p);
    assert_true(r.score == 24.0);
    assert_true(r.item_mask & BIT(MAS_HS_CYTOPENIAS));
    assert_int_equal(r.missing_mask, BIT(MAS_HS_CYTOPENIAS));
}

/* ---- MS score ---------------------------------------------------------- */

/* A febrile sJIA patient with the MS score's inputs (others unused). */
static struct mas_panel ms_panel(double platelets, double ldh, double fibrinogen,
                                 double ferritin)
{
    return (struct mas_panel){.sjia = 1, .temperature_c = 39.0, .platelets = platelets,
                              .ldh = ldh, .fibrinogen = fibrinogen, .ferritin = ferritin};
}

static void test_ms_score_worked_examples(void **state)
{
    (void)state;
    /* Active arthritis, platelets 150, LDH 600, fibrinogen 200, ferritin 5000:
     * -1.30 - 0.003*150 + 0.001*600 - 0.004*200 + 0.0001*5000
     * = -1.30 - 0.45 + 0.60 - 0.80 + 0.50 = -1.45  (>= -2.1: MAS) */
    struct mas_panel p = ms_panel(150.0, 600.0, 200.0, 5000.0);
    p.active_arthritis = 1;
    struct mas_criteria_result r = eval(MAS_CRIT_MS_SCORE, p);
    NEAR(r.score, -1.45);
    assert_true(r.met);
    assert_int_equal(r.item_mask, BIT(MAS_MS_ARTHRITIS) | BIT(MAS_MS_PLATELETS)
                                      | BIT(MAS_MS_LDH) | BIT(MAS_MS_FIBRINOGEN)
                                      | BIT(MAS_MS_FERRITIN));
    /* CNS and hemorrhage, platelets 100, LDH 1000, fibrinogen 100,
     * ferritin 20000: 2.44 + 1.54 - 0.30 + 1.00 - 0.40 + 2.00 = 6.28 */
    p = ms_panel(100.0, 1000.0, 100.0, 20000.0);
    p.cns_involvement = p.hemorrhage = 1;
    NEAR(eval(MAS_CRIT_MS_SCORE, p).score, 6.28);
    /* An sJIA flare: platelets 500, LDH 300, fibrinogen 600, ferritin 800:
     * -1.50 + 0.30 - 2.40 + 0.08 = -3.52 (< -2.1: no MAS) */
    r = eval(MAS_CRIT_MS_SCORE, ms_panel(500.0, 300.0, 600.0, 800.0));
    NEAR(r.score, -3.52);
    assert_false(r.met);
}

static void test_ms_score_boundary_and_context(void **state)
{
    (void)state;
    struct mas_panel p = ms_panel(700.0, 0.0, 0.0, 0.0);   /* -0.003*700 = -2.1 */
    struct mas_criteria_result r = eval(MAS_CRIT_MS_SCORE, p);
    NEAR(r.score, -2.1);
    assert_true(r.met);
    /* -0.003*95 + 0.001*485 - 0.004*575 = -0.285 + 0.485 - 2.300 = -2.1
     * exactly, but -2.1000000000000005 in doubles: still met. */
    p.platelets = 95.0;
    p.ldh = 485.0;
    p.fibrinogen = 575.0;
    assert_true(met(MAS_CRIT_MS_SCORE, p));
    p.platelets = 700.0;
    p.ldh = 0.0;
    p.fibrinogen = 0.25;                /* -2.101 */
    r = eval(MAS_CRIT_MS_SCORE, p);
    NEAR(r.score, -2.101);
    assert_false(r.met);
    p.fibrinogen = 0.0;
    p.ldh = 1.0;                        /* -2.099 */
    assert_true(met(MAS_CRIT_MS_SCORE, p));
    p.temperature_c = 37.0;             /* not febrile: not met, score kept */
    r = eval(MAS_CRIT_MS_SCORE, p);
    assert_false(r.met);
    NEAR(r.score, -2.099);
    p.temperature_c = 39.0;
    p.sjia = 0;
    assert_false(met(MAS_CRIT_MS_SCORE, p));
    p.sjia = 1;
    p.ldh = NAN;                        /* missing lab: score NAN */
    r = eval(MAS_CRIT_MS_SCORE, p);
    assert_true(isnan(r.score));
    assert_false(r.met);
    assert_int_equal(r.missing_mask, BIT(MAS_MS_LDH));
}

/* ---- ferritin:ESR ------------------------------------------------------ */

static void test_ferritin_esr(void **state)
{
    (void)state;
    struct mas_panel p = well();
    p.sjia = 1;                         /* derived in sJIA: met only there */
    p.temperature_c = 38.0;             /* ... in a febrile patient */
    p.esr = 10.0;
    p.ferritin = 215.0;                 /* 21.5: "> 21.5" not met */
    struct mas_criteria_result r = eval(MAS_CRIT_FERRITIN_ESR, p);
    assert_true(r.score == 21.5);
    assert_false(r.met);
    p.ferritin = 216.0;
    r = eval(MAS_CRIT_FERRITIN_ESR, p);
    NEAR(r.score, 21.6);
    assert_true(r.met);
    assert_int_equal(r.item_mask, BIT(MAS_FE_RATIO));
    p.sjia = 0;                         /* outside sJIA: the ratio, not met */
    r = eval(MAS_CRIT_FERRITIN_ESR, p);
    NEAR(r.score, 21.6);
    assert_false(r.met);
    p.sjia = 1;
    p.temperature_c = 37.9;             /* not febrile: the ratio, not met */
    r = eval(MAS_CRIT_FERRITIN_ESR, p);
    NEAR(r.score, 21.6);
    assert_false(r.met);
    p.temperature_c = NAN;              /* temperature not known: not met */
    assert_false(met(MAS_CRIT_FERRITIN_ESR, p));
    p.temperature_c = 38.0;
    p.esr = 0.0;                        /* ESR 0: no ratio */
    r = eval(MAS_CRIT_FERRITIN_ESR, p);
    assert_true(isnan(r.score));
    assert_false(r.met);
    assert_int_equal(r.missing_mask, BIT(MAS_FE_RATIO));
    p.esr = NAN;
    assert_true(isnan(eval(MAS_CRIT_FERRITIN_ESR, p).score));
    p.esr = 10.0;
    p.ferritin = NAN;
    assert_false(met(MAS_CRIT_FERRITIN_ESR, p));
}

/* ---- panel check, dispatch, names -------------------------------------- */

static void check_bad(struct mas_panel p, const char *needle)
{
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_panel_check(&p, err), MAS_EINPUT);
    if (!strstr(err, needle))
        fail_msg("message '%s' should name '%s'", err, needle);
}

static void test_panel_check(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "";
    struct mas_panel p;
    mas_panel_init(&p);
    assert_int_equal(mas_panel_check(&p, err), MAS_OK);
    p = well();
    assert_int_equal(mas_panel_check(&p, err), MAS_OK);
    p.ferritin = -1.0;
    check_bad(p, "ferritin");
    p = well();
    p.esr = INFINITY;
    check_bad(p, "esr");
    p = well();
    p.temperature_c = 98.6;             /* Fahrenheit by mistake */
    check_bad(p, "temperature_c");
    p = well();
    p.sjia = 2;
    check_bad(p, "sjia");
}

static void test_names_and_dispatch(void **state)
{
    (void)state;
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        assert_non_null(mas_criteria_name(s));
        assert_non_null(mas_criteria_title(s));
        int n = mas_criteria_n_items(s);
        assert_true(n > 0 && n <= 32);
        for (int i = 0; i < n; i++)
            assert_non_null(mas_criteria_item_name(s, i));
        assert_null(mas_criteria_item_name(s, n));
    }
    assert_int_equal(mas_criteria_n_items(MAS_CRIT_HLH2004), 9);
    assert_string_equal(mas_criteria_name(MAS_CRIT_HSCORE), "hscore");
    assert_non_null(strstr(mas_criteria_item_name(MAS_CRIT_EULAR2016, MAS_EU16_PLATELETS),
                           "<= 181"));
    assert_null(mas_criteria_name(MAS_CRIT_NSETS));
    struct mas_panel p = well();
    p.ferritin = 600.0;
    struct mas_criteria_result a, b;
    mas_criteria_hlh2004(&p, &a);
    mas_criteria_eval(MAS_CRIT_HLH2004, &p, &b);
    assert_int_equal(a.item_mask, b.item_mask);
    assert_int_equal(a.items, 1);
}

/* A panel with every lab measured (and ESR > 0): every score is a number. */
static struct mas_panel full_panel(void)
{
    struct mas_panel p = well();
    p.sjia = 1;
    return p;
}

/* The descriptor table (criteria.h): complete, names unique, the kind
 * consistent with what the evaluator returns, the metric names derived
 * from the name. */
static void test_descriptor_table(void **state)
{
    (void)state;
    static const char *const names[MAS_CRIT_NSETS] = {
        "eular2016", "hlh2004", "hscore", "ms_score", "ferritin_esr"};
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        const struct mas_criteria_def *d = &mas_criteria_sets[s];
        assert_ptr_equal(mas_criteria_def(s), d);
        assert_non_null(d->name);
        assert_string_equal(d->name, names[s]);
        assert_true(d->title && d->title[0]);
        assert_true(d->unit && d->unit[0]);
        assert_non_null(d->eval);
        assert_true(d->kind == MAS_CRIT_COUNT || d->kind == MAS_CRIT_SCORE);
        assert_true(isfinite(d->cutoff));
        assert_true(d->n_items > 0 && d->n_items <= 32);
        for (int i = 0; i < d->n_items; i++)
            assert_true(d->items[i] && d->items[i][0]);
        for (int t = 0; t < s; t++)
            assert_string_not_equal(d->name, mas_criteria_sets[t].name);
        char buf[128];
        snprintf(buf, sizeof buf, "%s_first_day", d->name);
        assert_string_equal(d->first_day_metric, buf);
        snprintf(buf, sizeof buf, "%s_met_at_presentation", d->name);
        assert_string_equal(d->met_metric, buf);
        snprintf(buf, sizeof buf, "%s_value_at_presentation", d->name);
        assert_string_equal(d->value_metric, buf);
        /* count sets give score NAN, score sets a number (all labs measured) */
        struct mas_panel p[2] = {full_panel(), eular_base()};
        p[1].esr = 10.0;
        p[1].ldh = 300.0;
        for (int k = 0; k < 2; k++) {
            struct mas_criteria_result r;
            mas_criteria_eval((enum mas_criteria_set)s, &p[k], &r);
            if (d->kind == MAS_CRIT_COUNT)
                assert_true(isnan(r.score));
            else
                assert_true(isfinite(r.score));
        }
    }
    assert_null(mas_criteria_def(MAS_CRIT_NSETS));
    assert_string_equal(mas_criteria_sets[MAS_CRIT_FERRITIN_ESR].unit, "(ng/mL)/(mm/h)");
    assert_string_equal(mas_criteria_sets[MAS_CRIT_HLH2004].unit, "items");
    assert_string_equal(mas_criteria_sets[MAS_CRIT_HSCORE].unit, "points");
}

/* mas_criteria_check_model: the full model has every variable the panel
 * reads; a model without its observables (or states) is refused, naming
 * the first one missing. */
static void test_check_model(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN] = "";
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    assert_int_equal(mas_criteria_check_model(&m, err), MAS_OK);
    assert_true(mas_model_find_obs(&m, "temperature") >= 0);
    assert_true(mas_model_find_state(&m, "ferritin") >= 0);
    struct mas_model part = m;
    part.n_obs = 0;                       /* states only */
    assert_int_equal(mas_criteria_check_model(&part, err), MAS_EINPUT);
    assert_non_null(strstr(err, "'temperature'"));
    part = m;
    part.n_states = 0;                    /* observables only */
    assert_int_equal(mas_criteria_check_model(&part, err), MAS_EINPUT);
    assert_non_null(strstr(err, "'ferritin'"));
    mas_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eular2016_ferritin_684),
        cmocka_unit_test(test_eular2016_each_lab_boundary),
        cmocka_unit_test(test_eular2016_context_and_missing),
        cmocka_unit_test(test_hlh2004_four_vs_five),
        cmocka_unit_test(test_hlh2004_cytopenia_lineages),
        cmocka_unit_test(test_hlh2004_tg_fasting),
        cmocka_unit_test(test_hlh2004_single_thresholds),
        cmocka_unit_test(test_hlh2004_molecular_and_missing),
        cmocka_unit_test(test_hscore_bands),
        cmocka_unit_test(test_hscore_flags),
        cmocka_unit_test(test_hscore_cytopenias),
        cmocka_unit_test(test_hscore_full_and_cutoff),
        cmocka_unit_test(test_hscore_missing),
        cmocka_unit_test(test_ms_score_worked_examples),
        cmocka_unit_test(test_ms_score_boundary_and_context),
        cmocka_unit_test(test_ferritin_esr),
        cmocka_unit_test(test_panel_check),
        cmocka_unit_test(test_names_and_dispatch),
        cmocka_unit_test(test_descriptor_table),
        cmocka_unit_test(test_check_model),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
