/*
 * test_clinic.c — what a clinician sees (src/clinic.c): the patient's
 * draws are reproducible, uniform and normal; a measured lab value
 * carries the table's coefficient of variation, one draw a day; a test
 * is positive as often as its sensitivity and specificity say.
 *
 * Tolerances: means and proportions over n draws are checked to about
 * 4.5 standard errors (for a proportion p: 4.5 sqrt(p(1-p)/n)), so a
 * correct generator fails about once in 150,000 runs; a CV to 3 % of its
 * value over 40,000 days.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "clinic.h"
#include "criteria.h"

static void near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.10g, wanted %.10g (tolerance %g)", got, want, tol);
}

static void uniform_draws(void **state)
{
    (void)state;
    const long n = 200000;
    double sum = 0, sum2 = 0;
    for (long k = 0; k < n; k++) {
        double u = mas_clinic_uniform(17, MAS_DRAW_MARROW, k);
        assert_true(u > 0 && u < 1);
        sum += u;
        sum2 += u * u;
    }
    double mean = sum / n, var = sum2 / n - mean * mean;
    near(mean, 0.5, 4.5 * sqrt(1.0 / 12.0 / n));
    near(var, 1.0 / 12.0, 0.002);
    /* a pure function: the same arguments give the same number; another
     * seed, stream or index another one; the seed is rounded */
    assert_true(mas_clinic_uniform(17, 3, 5) == mas_clinic_uniform(17, 3, 5));
    assert_true(mas_clinic_uniform(17, 3, 5) == mas_clinic_uniform(17.2, 3, 5));
    assert_true(mas_clinic_uniform(17, 3, 5) != mas_clinic_uniform(18, 3, 5));
    assert_true(mas_clinic_uniform(17, 3, 5) != mas_clinic_uniform(17, 4, 5));
    assert_true(mas_clinic_uniform(17, 3, 5) != mas_clinic_uniform(17, 3, 6));
}

/* Neighbouring seeds are independent: the draws of seeds k and k + 1
 * are uncorrelated over many k (a sweep gives patients seeds 1, 2, 3 ...). */
static void neighbouring_seeds(void **state)
{
    (void)state;
    const long n = 100000;
    double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
    for (long k = 0; k < n; k++) {
        double x = mas_clinic_uniform((double)k, MAS_DRAW_SPLEEN_TRUE, 0);
        double y = mas_clinic_uniform((double)k + 1, MAS_DRAW_SPLEEN_TRUE, 0);
        sx += x, sy += y, sxy += x * y, sxx += x * x, syy += y * y;
    }
    double cov = sxy / n - sx / n * sy / n;
    double r = cov / sqrt((sxx / n - sx / n * sx / n) * (syy / n - sy / n * sy / n));
    near(r, 0.0, 4.5 / sqrt((double)n));
}

static void normal_draws(void **state)
{
    (void)state;
    const long n = 200000;
    double sum = 0, sum2 = 0;
    long beyond2 = 0;
    for (long k = 0; k < n; k++) {
        double z = mas_clinic_normal(3, MAS_DRAW_LAB, k);
        sum += z;
        sum2 += z * z;
        beyond2 += fabs(z) > 1.959964;
    }
    near(sum / n, 0.0, 4.5 / sqrt((double)n));
    near(sqrt(sum2 / n), 1.0, 0.01);
    near((double)beyond2 / n, 0.05, 4.5 * sqrt(0.05 * 0.95 / n));
}

/* Over 40,000 days, the measured ferritin of a patient whose true value
 * is 1,000 ng/mL has median 1,000 and the CV of the table. */
static void lab_error_has_the_tables_cv(void **state)
{
    (void)state;
    const int n = 40000;
    double *logs = malloc(n * sizeof *logs), s = 0, s2 = 0;
    assert_non_null(logs);
    for (int d = 0; d < n; d++) {
        double m = mas_lab_measured(5, MAS_LAB_FERRITIN, 1000.0, d + 0.25);
        s += m;
        s2 += m * m;
        logs[d] = log(m / 1000.0);
    }
    double mean = s / n, cv = sqrt(s2 / n - mean * mean) / mean;
    double want = sqrt(0.0227 * 0.0227 + 0.145 * 0.145);
    near(mas_lab_total_cv(MAS_LAB_FERRITIN), want, 1e-12);
    near(cv, want, 0.03 * want);
    long below = 0;
    for (int d = 0; d < n; d++)
        below += logs[d] < 0;
    near((double)below / n, 0.5, 4.5 * sqrt(0.25 / n));    /* median: the true value */
    free(logs);
    /* one sample a day: the same day gives the same value, the next day another */
    assert_true(mas_lab_measured(5, MAS_LAB_AST, 80, 3.1) == mas_lab_measured(5, MAS_LAB_AST, 80, 3.9));
    assert_true(mas_lab_measured(5, MAS_LAB_AST, 80, 3.9) != mas_lab_measured(5, MAS_LAB_AST, 80, 4.0));
    /* nothing to measure: NaN stays NaN, zero stays zero */
    assert_true(isnan(mas_lab_measured(5, MAS_LAB_AST, NAN, 1)));
    assert_true(mas_lab_measured(5, MAS_LAB_AST, 0, 1) == 0);
}

/* ESR: an additive error of SD 1.8 mm/h, never below 0. */
static void esr_error_is_additive(void **state)
{
    (void)state;
    const int n = 40000;
    double s = 0, s2 = 0;
    for (int d = 0; d < n; d++) {
        double e = mas_lab_measured(9, MAS_LAB_ESR, 60.0, d) - 60.0;
        s += e;
        s2 += e * e;
    }
    near(s / n, 0.0, 4.5 * 1.8 / sqrt((double)n));
    near(sqrt(s2 / n), 1.8, 0.03 * 1.8);
    for (int d = 0; d < 1000; d++)
        assert_true(mas_lab_measured(9, MAS_LAB_ESR, 0.5, d) >= 0);
}

/* A test of sensitivity 0.6 and specificity 0.6 on 100,000 patients
 * (seeds) with the finding and 100,000 without. */
static void tests_have_their_accuracy(void **state)
{
    (void)state;
    const long n = 100000;
    long pos_present = 0, pos_absent = 0;
    for (long k = 0; k < n; k++) {
        double ut = mas_clinic_uniform((double)k, MAS_DRAW_MARROW, 0);
        double uf = mas_clinic_uniform((double)k, MAS_DRAW_MARROW, 1);
        pos_present += mas_test_result(1, MAS_MARROW_SENSITIVITY, MAS_MARROW_SPECIFICITY, ut, uf);
        pos_absent += mas_test_result(0, MAS_MARROW_SENSITIVITY, MAS_MARROW_SPECIFICITY, ut, uf);
    }
    near((double)pos_present / n, 0.60, 4.5 * sqrt(0.24 / n));
    near((double)pos_absent / n, 0.40, 4.5 * sqrt(0.24 / n));
    assert_int_equal(mas_test_result(1, 0.58, 0.92, 0.579, 0.5), 1);
    assert_int_equal(mas_test_result(1, 0.58, 0.92, 0.581, 0.0), 0);
    assert_int_equal(mas_test_result(0, 0.58, 0.92, 0.0, 0.079), 1);
    assert_int_equal(mas_test_result(0, 0.58, 0.92, 0.0, 0.081), 0);
}

/* Every analyte of the table has a positive error and a source. */
static void every_analyte_has_a_source(void **state)
{
    (void)state;
    for (int l = 0; l < MAS_LAB_N; l++) {
        assert_non_null(mas_lab_errors[l].name);
        assert_true(mas_lab_total_cv((enum mas_lab)l) > 0 || mas_lab_errors[l].sd_abs > 0);
        assert_true(mas_lab_errors[l].source && mas_lab_errors[l].source[0]);
    }
}

/* A finding not known is missing: never met, never scores, marked. */
static void unknown_findings_stay_missing(void **state)
{
    (void)state;
    struct mas_panel p;
    struct mas_criteria_result r;
    char err[MAS_ERR_LEN];
    mas_panel_init(&p);
    p.temperature_c = 39.0;      /* fever */
    p.ferritin = 3000;           /* ferritin >= 500 */
    p.fibrinogen = 120;          /* fibrinogen <= 150 */
    p.spleen_enlarged = 1;       /* 4 items known and met */
    p.hemophagocytosis = MAS_UNKNOWN;
    p.nk_low = MAS_UNKNOWN;
    p.liver_enlarged = MAS_UNKNOWN;
    assert_int_equal(mas_panel_check(&p, err), MAS_OK);
    mas_criteria_hlh2004(&p, &r);
    assert_int_equal(r.items, 4);
    assert_int_equal(r.met, 0);
    assert_true(r.missing_mask & (1u << MAS_HLH_HEMOPHAGOCYTOSIS));
    assert_true(r.missing_mask & (1u << MAS_HLH_NK_LOW));
    assert_false(r.item_mask & (1u << MAS_HLH_HEMOPHAGOCYTOSIS));
    p.hemophagocytosis = 1;      /* the aspirate comes back positive: 5 of 8 */
    mas_criteria_hlh2004(&p, &r);
    assert_int_equal(r.items, 5);
    assert_int_equal(r.met, 1);
    /* HScore: one organ felt, the other not known: 23 points, marked missing */
    p.hemophagocytosis = MAS_UNKNOWN;
    mas_criteria_hscore(&p, &r);
    double with_unknown = r.score;
    assert_true(r.missing_mask & (1u << MAS_HS_ORGANOMEGALY));
    assert_true(r.missing_mask & (1u << MAS_HS_HEMOPHAGOCYTOSIS));
    p.liver_enlarged = 0;
    mas_criteria_hscore(&p, &r);
    near(r.score, with_unknown, 0);     /* unknown scores as absent ... */
    assert_false(r.missing_mask & (1u << MAS_HS_ORGANOMEGALY));   /* ... but is marked */
    /* only the four findings may be unknown */
    p.sjia = MAS_UNKNOWN;
    assert_int_equal(mas_panel_check(&p, err), MAS_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uniform_draws),
        cmocka_unit_test(neighbouring_seeds),
        cmocka_unit_test(normal_draws),
        cmocka_unit_test(lab_error_has_the_tables_cv),
        cmocka_unit_test(esr_error_is_additive),
        cmocka_unit_test(tests_have_their_accuracy),
        cmocka_unit_test(every_analyte_has_a_source),
        cmocka_unit_test(unknown_findings_stay_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
