/*
 * test_cohort.c — the statistics of `massim cohort` (src/cohort_stats.c)
 * on arrays small enough to work out by hand: the 2x2 table, Wilson
 * score intervals, median and quartiles, lead times, ROC curves with
 * ties and missing scores, and their AUC, survival over a cohort.
 *
 * Tolerances: the counts are exact; values worked out by hand to four
 * decimals are checked to 5e-5 (half the last digit); values that are
 * exact binary fractions (0.875, 2.5, ...) to 1e-12.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "cohort.h"
#include "massim.h"

#define EXACT 1e-12
#define HAND 5e-5

static void near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.10g, wanted %.10g (tolerance %g)", got, want, tol);
}

/* Three patients with MAS, four without; the set catches two of the
 * three and wrongly one of the four. */
static void confusion_counts(void **state)
{
    (void)state;
    const int truth[] = {1, 1, 1, 0, 0, 0, 0};
    const int met[] = {1, 1, 0, 1, 0, 0, 0};
    struct mas_confusion c = mas_confusion_count(truth, met, 7);
    assert_int_equal(c.tp, 2);
    assert_int_equal(c.fn, 1);
    assert_int_equal(c.fp, 1);
    assert_int_equal(c.tn, 3);
    struct mas_interval sens, spec, ppv, npv;
    mas_confusion_rates(&c, &sens, &spec, &ppv, &npv);
    near(sens.p, 2.0 / 3.0, EXACT);
    near(spec.p, 0.75, EXACT);
    near(ppv.p, 2.0 / 3.0, EXACT);
    near(npv.p, 0.75, EXACT);
    assert_true(sens.lo < sens.p && sens.p < sens.hi);
}

/* 8/10 by hand: z^2 = 3.8415, centre = (0.8 + 0.19207)/1.38415 = 0.71674,
 * half width = 1.96 sqrt(0.016 + 0.0096037)/1.38415 = 0.22658. */
static void wilson_by_hand(void **state)
{
    (void)state;
    struct mas_interval w = mas_wilson(8, 10);
    near(w.p, 0.8, EXACT);
    near(w.lo, 0.4902, HAND);
    near(w.hi, 0.9433, HAND);
    /* 0/10: the interval starts at 0 and reaches z^2/(n + z^2) = 0.2775 */
    w = mas_wilson(0, 10);
    near(w.lo, 0.0, EXACT);
    near(w.hi, 0.2775, HAND);
    /* 10/10: the mirror image */
    w = mas_wilson(10, 10);
    near(w.lo, 0.7225, HAND);
    near(w.hi, 1.0, EXACT);
    /* no denominator, no proportion */
    w = mas_wilson(0, 0);
    assert_true(isnan(w.p) && isnan(w.lo) && isnan(w.hi));
}

/* A set nobody meets has no PPV: NaN, not 0. */
static void rates_without_denominator(void **state)
{
    (void)state;
    struct mas_confusion c = {0, 0, 5, 3};
    struct mas_interval sens, spec, ppv, npv;
    mas_confusion_rates(&c, &sens, &spec, &ppv, &npv);
    assert_true(isnan(ppv.p));
    near(sens.p, 0.0, EXACT);
    near(spec.p, 1.0, EXACT);
    near(npv.p, 5.0 / 8.0, EXACT);
}

static void median_and_iqr(void **state)
{
    (void)state;
    double odd[] = {5, 1, 3};         /* 1 3 5: q1 halfway 1..3, q3 halfway 3..5 */
    struct mas_spread s = mas_spread_of(odd, 3);
    assert_int_equal(s.n, 3);
    near(s.median, 3.0, EXACT);
    near(s.q1, 2.0, EXACT);
    near(s.q3, 4.0, EXACT);
    double even[] = {4, 1, 3, 2};     /* 1 2 3 4: h = 0.75, 1.5, 2.25 */
    s = mas_spread_of(even, 4);
    near(s.median, 2.5, EXACT);
    near(s.q1, 1.75, EXACT);
    near(s.q3, 3.25, EXACT);
    double one[] = {7};
    s = mas_spread_of(one, 1);
    near(s.median, 7.0, EXACT);
    near(s.q1, 7.0, EXACT);
    near(s.q3, 7.0, EXACT);
    s = mas_spread_of(NULL, 0);
    assert_int_equal(s.n, 0);
    assert_true(isnan(s.median) && isnan(s.q1) && isnan(s.q3));
}

/* Patient 0 met the set on day 3, two days before the model's onset on
 * day 5: lead time -2 (early).  Patient 1 never met it, patient 3 has no
 * MAS: neither counts.  Patient 2 met it two days late: +2. */
static void lead_time_sign(void **state)
{
    (void)state;
    const int truth[] = {1, 1, 1, 0};
    const double first[] = {3, NAN, 10, 2};
    const double onset[] = {5, 4, 8, NAN};
    double out[4];
    assert_int_equal(mas_lead_times(truth, first, onset, 4, out), 2);
    near(out[0], -2.0, EXACT);
    near(out[1], 2.0, EXACT);
}

static double auc_of(const double *score, const int *truth, size_t n, size_t want_points)
{
    struct mas_roc roc;
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_roc(score, truth, n, &roc, err), MAS_OK);
    assert_int_equal(roc.n_points, want_points);
    near(roc.fpr[0], 0.0, EXACT);
    near(roc.tpr[0], 0.0, EXACT);
    near(roc.fpr[roc.n_points - 1], 1.0, EXACT);
    near(roc.tpr[roc.n_points - 1], 1.0, EXACT);
    for (size_t i = 1; i < roc.n_points; i++)
        assert_true(roc.fpr[i] >= roc.fpr[i - 1] && roc.tpr[i] >= roc.tpr[i - 1]);
    double auc = roc.auc;
    mas_roc_free(&roc);
    return auc;
}

static void auc_perfect_useless_reversed(void **state)
{
    (void)state;
    const int truth[] = {0, 0, 1, 1};
    const double perfect[] = {1, 2, 3, 4};
    near(auc_of(perfect, truth, 4, 5), 1.0, EXACT);
    const double reversed[] = {4, 3, 2, 1};
    near(auc_of(reversed, truth, 4, 5), 0.0, EXACT);
    /* a score that is the same for everybody: one step, the diagonal */
    const double useless[] = {5, 5, 5, 5};
    near(auc_of(useless, truth, 4, 2), 0.5, EXACT);
}

/* Scores 3, 2, 2, 1 with MAS in the first two.  Thresholds 3, 2, 1 give
 * (0, 1/2), (1/2, 1), (1, 1): the tie at 2 (one MAS, one not) is one
 * diagonal step.  Trapezoids: 0 + 1/2 (1/2 + 1)/2 + 1/2 = 0.875, which is
 * the Mann-Whitney count (1 + 1 + 1/2 + 1)/4 with the tie worth 1/2. */
static void auc_with_ties(void **state)
{
    (void)state;
    const int truth[] = {1, 1, 0, 0};
    const double score[] = {3, 2, 2, 1};
    struct mas_roc roc;
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_roc(score, truth, 4, &roc, err), MAS_OK);
    assert_int_equal(roc.n_points, 4);
    near(roc.fpr[1], 0.0, EXACT);
    near(roc.tpr[1], 0.5, EXACT);
    near(roc.threshold[2], 2.0, EXACT);
    near(roc.fpr[2], 0.5, EXACT);
    near(roc.tpr[2], 1.0, EXACT);
    near(roc.auc, 0.875, EXACT);
    mas_roc_free(&roc);
}

/* A missing score (NaN) counts as below every threshold: scores 2 (MAS),
 * 1 (no MAS), NaN (MAS) give (0, 1/2), (1, 1/2), then (1, 1) only when
 * everybody is called met: AUC 1/2, as Mann-Whitney with NaN lowest. */
static void auc_with_missing_score(void **state)
{
    (void)state;
    const int truth[] = {1, 0, 1};
    const double score[] = {NAN, 1, 2};
    near(auc_of(score, truth, 3, 4), 0.5, EXACT);
}

static void roc_needs_both_groups(void **state)
{
    (void)state;
    const int all[] = {1, 1, 1};
    const double score[] = {1, 2, 3};
    struct mas_roc roc;
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_roc(score, all, 3, &roc, err), MAS_EINPUT);
    assert_non_null(strstr(err, "everybody has MAS"));
    assert_int_equal(roc.n_points, 0);
    mas_roc_free(&roc);
}

static void trapezoid_area(void **state)
{
    (void)state;
    const double x[] = {0, 0.5, 1}, y[] = {0, 1, 1};
    near(mas_trapezoid(x, y, 3), 0.75, EXACT);
    near(mas_trapezoid(x, y, 1), 0.0, EXACT);
}

/* Four patients' probabilities of being alive at the end, one missing:
 * mean (1 + 0.75 + 0.25) / 3 = 2/3, expected deaths 0 + 0.25 + 0.75 = 1,
 * lowest 0.25, one below one half (0.5 itself is not below). */
static void survival_by_hand(void **state)
{
    (void)state;
    const double s[] = {1.0, 0.75, NAN, 0.25};
    struct mas_survival r = mas_survival_of(s, 4);
    assert_int_equal(r.n, 3);
    near(r.mean, 2.0 / 3.0, EXACT);
    near(r.expected_deaths, 1.0, EXACT);
    near(r.min, 0.25, EXACT);
    assert_int_equal(r.below_half, 1);
    const double half[] = {0.5};
    assert_int_equal(mas_survival_of(half, 1).below_half, 0);
    r = mas_survival_of(s + 2, 1);                 /* nothing finite */
    assert_int_equal(r.n, 0);
    assert_true(isnan(r.mean) && isnan(r.expected_deaths) && isnan(r.min));
}

/* Entropy balancing by hand: four patients, one constraint "share with
 * g = 1 is 0.5" where one of four has g = 1.  The weights closest to
 * uniform give that patient 0.5 and the other three 1/6 each (the KL
 * projection keeps the three equal). */
static void entropy_weights_by_hand(void **state)
{
    (void)state;
    const double g[] = {1, 0, 0, 0}, target[] = {0.5};
    double w[4], residual;
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_entropy_weights(g, target, 4, 1, w, &residual, err), MAS_OK);
    near(w[0], 0.5, 1e-9);
    for (int i = 1; i < 4; i++)
        near(w[i], 1.0 / 6.0, 1e-9);
    assert_true(residual < 1e-9);
    /* already balanced: uniform weights */
    const double g2[] = {1, 0, 1, 0};
    assert_int_equal(mas_entropy_weights(g2, target, 4, 1, w, NULL, err), MAS_OK);
    for (int i = 0; i < 4; i++)
        near(w[i], 0.25, 1e-12);
}

/* Two constraints at once (the quartile indicators of two labs), on
 * six patients: every weighted share reaches its target. */
static void entropy_weights_two_constraints(void **state)
{
    (void)state;
    const double g[] = {1, 1,  1, 0,  0, 1,  0, 0,  0, 0,  1, 0};
    const double target[] = {0.25, 0.5};
    double w[6], sum = 0, s0 = 0, s1 = 0;
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_entropy_weights(g, target, 6, 2, w, NULL, err), MAS_OK);
    for (int i = 0; i < 6; i++) {
        assert_true(w[i] > 0);
        sum += w[i];
        s0 += w[i] * g[2 * i];
        s1 += w[i] * g[2 * i + 1];
    }
    near(sum, 1.0, 1e-12);
    near(s0, 0.25, 1e-8);
    near(s1, 0.5, 1e-8);
}

/* A target no weights can reach (nobody has g = 1, the target wants
 * half): an input error, not a silent wrong answer. */
static void entropy_weights_infeasible(void **state)
{
    (void)state;
    const double g[] = {0, 0, 0}, target[] = {0.5};
    double w[3];
    char err[MAS_ERR_LEN];
    assert_int_equal(mas_entropy_weights(g, target, 3, 1, w, NULL, err), MAS_EINPUT);
    assert_non_null(strstr(err, "target 0"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confusion_counts),
        cmocka_unit_test(wilson_by_hand),
        cmocka_unit_test(rates_without_denominator),
        cmocka_unit_test(median_and_iqr),
        cmocka_unit_test(lead_time_sign),
        cmocka_unit_test(auc_perfect_useless_reversed),
        cmocka_unit_test(auc_with_ties),
        cmocka_unit_test(auc_with_missing_score),
        cmocka_unit_test(roc_needs_both_groups),
        cmocka_unit_test(trapezoid_area),
        cmocka_unit_test(survival_by_hand),
        cmocka_unit_test(entropy_weights_by_hand),
        cmocka_unit_test(entropy_weights_two_constraints),
        cmocka_unit_test(entropy_weights_infeasible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
