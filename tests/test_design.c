/*
 * test_design.c — sweep designs (src/design.c): grid order, the sampled
 * designs (random, Latin hypercube, Sobol), the inverse CDFs that map them
 * to each axis's distribution, run-order determinism from any starting
 * run, and the invalid designs mas_design_check must refuse.
 *
 * Statistical tolerances are 5 standard errors of simple random sampling
 * (CLT), so a correct implementation fails with probability < 1e-6 per
 * assertion.  For Latin hypercubes this is conservative: their estimator
 * variance is asymptotically no larger than simple random sampling's
 * (Stein, Technometrics 29:143, 1987), and far smaller for monotone maps.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>

#include "design.h"
#include "massim.h"

static struct mas_axis axis(const char *path, enum mas_dist dist, double p1, double p2)
{
    struct mas_axis a = { .path = (char *)path, .dist = dist, .p1 = p1, .p2 = p2,
                          .min = -INFINITY, .max = INFINITY };
    return a;
}

static struct mas_design sampled(enum mas_design_method m, struct mas_axis *axes,
                                 size_t n_axes, uint64_t n, uint64_t seed)
{
    struct mas_design d = { .method = m, .axes = axes, .n_axes = n_axes, .n_runs = n,
                            .seed = seed };
    return d;
}

/* Runs [first, n_runs) of d, row-major (n_runs - first) x n_axes. */
static double *points(const struct mas_design *d, uint64_t first)
{
    char err[MAS_ERR_LEN] = "";
    struct mas_design_iter *it = NULL;
    if (mas_design_iter_new(d, first, &it, err) != MAS_OK)
        fail_msg("iterator refused: %s", err);
    double *x = calloc((d->n_runs - first) * d->n_axes + 1, sizeof *x);
    assert_non_null(x);
    for (uint64_t i = first; i < d->n_runs; i++)
        assert_true(mas_design_iter_next(it, x + (i - first) * d->n_axes) == i);
    assert_true(mas_design_iter_next(it, x) == UINT64_MAX);
    mas_design_iter_free(it);
    return x;
}

static double mean_of(const double *x, size_t n, size_t stride, size_t k)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i * stride + k];
    return s / (double)n;
}

static double sd_of(const double *x, size_t n, size_t stride, size_t k)
{
    double m = mean_of(x, n, stride, k), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i * stride + k] - m) * (x[i * stride + k] - m);
    return sqrt(s / (double)(n - 1));
}

static void test_names(void **state)
{
    (void)state;
    for (int m = 0; m < 4; m++)
        assert_int_equal(mas_design_method_from_name(mas_design_method_name(m)), m);
    for (int d = 0; d < 4; d++)
        assert_int_equal(mas_dist_from_name(mas_dist_name(d)), d);
    assert_string_equal(mas_design_method_name(MAS_DESIGN_LHS), "latin-hypercube");
    assert_string_equal(mas_dist_name(MAS_DIST_LOG_NORMAL), "log-normal");
    assert_int_equal(mas_design_method_from_name("lhs"), -1);
    assert_int_equal(mas_dist_from_name("gaussian"), -1);
}

/* 2 x 3 grid: the last axis varies fastest (C order). */
static void test_grid_order(void **state)
{
    (void)state;
    double va[] = { 1, 2 }, vb[] = { 10, 20, 30 };
    struct mas_axis axes[2] = { { .path = "a", .values = va, .n_values = 2 },
                                { .path = "b", .values = vb, .n_values = 3 } };
    struct mas_design d = { .method = MAS_DESIGN_GRID, .axes = axes, .n_axes = 2, .n_runs = 6 };
    double *x = points(&d, 0);
    const double want[6][2] = { { 1, 10 }, { 1, 20 }, { 1, 30 },
                                { 2, 10 }, { 2, 20 }, { 2, 30 } };
    for (int i = 0; i < 6; i++) {
        assert_true(x[2 * i] == want[i][0]);
        assert_true(x[2 * i + 1] == want[i][1]);
    }
    free(x);
    char err[MAS_ERR_LEN] = "";
    d.n_runs = 5;
    assert_int_equal(mas_design_check(&d, err), MAS_EINPUT);
    struct mas_design_iter *it = NULL;
    assert_int_equal(mas_design_iter_new(&d, 0, &it, err), MAS_EINPUT);
    assert_null(it);
}

/* Starting at run 37 of 100 gives bit-identical points, for every method. */
static void test_resume_is_identical(void **state)
{
    (void)state;
    double v4[] = { 1, 2, 3, 4 }, v5[] = { .1, .2, .3, .4, .5 };
    struct mas_axis axes[3] = { axis("a", MAS_DIST_NORMAL, 10, 2),
                                axis("b", MAS_DIST_LOG_UNIFORM, 0.01, 100),
                                axis("c", MAS_DIST_LOG_NORMAL, 3, 0.5) };
    axes[0].values = v4, axes[0].n_values = 4;
    axes[1].values = v5, axes[1].n_values = 5;
    axes[2].values = v5, axes[2].n_values = 5;
    for (int m = MAS_DESIGN_GRID; m <= MAS_DESIGN_SOBOL; m++) {
        struct mas_design d = sampled(m, axes, 3, 100, 7);
        double *all = points(&d, 0), *tail = points(&d, 37);
        if (memcmp(all + 37 * 3, tail, 63 * 3 * sizeof *all) != 0)
            fail_msg("%s: points from run 37 differ", mas_design_method_name(m));
        free(all);
        free(tail);
        /* Starting at the end (or beyond) is an empty, valid iterator. */
        free(points(&d, 100));
    }
}

static void test_random_seed_and_mean(void **state)
{
    (void)state;
    struct mas_axis axes[2] = { axis("a", MAS_DIST_UNIFORM, 0, 1),
                                axis("b", MAS_DIST_UNIFORM, 0, 1) };
    struct mas_design d1 = sampled(MAS_DESIGN_RANDOM, axes, 2, 1000, 42);
    struct mas_design d2 = d1, d3 = d1;
    d3.seed = 43;
    double *x1 = points(&d1, 0), *x2 = points(&d2, 0), *x3 = points(&d3, 0);
    assert_memory_equal(x1, x2, 2000 * sizeof *x1);
    size_t same = 0;
    for (size_t i = 0; i < 2000; i++)
        same += x1[i] == x3[i];
    assert_true(same < 10);                       /* 32-bit draws: collisions ~1e-6 */
    free(x1), free(x2), free(x3);

    /* mean of u over 10^5 draws: sd of u is 1/sqrt(12); 5 standard errors */
    struct mas_design big = sampled(MAS_DESIGN_RANDOM, axes, 1, 100000, 1);
    double *x = points(&big, 0);
    for (size_t i = 0; i < 100000; i++)
        assert_true(x[i] > 0 && x[i] < 1);
    double tol = 5 * (1 / sqrt(12.0)) / sqrt(1e5);
    assert_true(fabs(mean_of(x, 100000, 1, 0) - 0.5) < tol);
    free(x);
}

/* Every stratum [j/n, (j+1)/n) of every axis holds exactly one point, and
 * the axes' permutations differ (n >= 7); uniform(0,1) axes, so x = u. */
static void assert_latin(size_t n, uint64_t seed)
{
    struct mas_axis axes[3] = { axis("a", MAS_DIST_UNIFORM, 0, 1),
                                axis("b", MAS_DIST_UNIFORM, 0, 1),
                                axis("c", MAS_DIST_UNIFORM, 0, 1) };
    struct mas_design d = sampled(MAS_DESIGN_LHS, axes, 3, n, seed);
    double *x = points(&d, 0);
    unsigned char *hit = calloc(n, 1);
    size_t *stratum0 = calloc(n, sizeof *stratum0);
    assert_non_null(hit);
    assert_non_null(stratum0);
    size_t same01 = 0;
    for (size_t k = 0; k < 3; k++) {
        memset(hit, 0, n);
        for (size_t i = 0; i < n; i++) {
            double s = floor(x[3 * i + k] * (double)n);
            assert_true(s >= 0 && s < (double)n);
            if (hit[(size_t)s]++)
                fail_msg("n = %zu axis %zu: stratum %.0f hit twice", n, k, s);
            if (k == 0)
                stratum0[i] = (size_t)s;
            if (k == 1)
                same01 += stratum0[i] == (size_t)s;
        }
    }
    if (n >= 7)
        assert_true(same01 < n);
    free(hit), free(stratum0), free(x);
}

static void test_lhs_strata(void **state)
{
    (void)state;
    assert_latin(1000, 2024);
    const size_t awkward[] = { 1, 2, 3, 7, 1000, 4097 };
    for (size_t j = 0; j < sizeof awkward / sizeof *awkward; j++)
        assert_latin(awkward[j], 99);
}

/* Run i is GSL's (i+1)-th Sobol point; none is the origin. */
static void test_sobol_matches_gsl(void **state)
{
    (void)state;
    struct mas_axis axes[3] = { axis("a", MAS_DIST_UNIFORM, 0, 1),
                                axis("b", MAS_DIST_UNIFORM, 0, 1),
                                axis("c", MAS_DIST_UNIFORM, 0, 1) };
    struct mas_design d = sampled(MAS_DESIGN_SOBOL, axes, 3, 64, 0);
    double *x = points(&d, 0), v[3];
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 3);
    for (size_t i = 0; i < 64; i++) {
        gsl_qrng_get(q, v);
        for (size_t k = 0; k < 3; k++)
            assert_true(x[3 * i + k] == v[k]);
    }
    gsl_qrng_free(q);
    assert_true(x[0] > 0 && x[1] > 0 && x[2] > 0);
    free(x);

    /* normal axes: every point finite (the origin would give -inf) */
    struct mas_axis nrm[2] = { axis("n", MAS_DIST_NORMAL, 0, 1),
                               axis("l", MAS_DIST_LOG_NORMAL, 1, 1) };
    struct mas_design dn = sampled(MAS_DESIGN_SOBOL, nrm, 2, 1024, 0);
    x = points(&dn, 0);
    for (size_t i = 0; i < 2048; i++)
        assert_true(isfinite(x[i]));
    free(x);
}

/* normal(10, 2) over 20,000 LHS points: mean and sd (5 standard errors:
 * sd/sqrt(n) for the mean, about sd/sqrt(2n) for the sd). */
static void test_normal_moments(void **state)
{
    (void)state;
    const size_t n = 20000;
    struct mas_axis a = axis("x", MAS_DIST_NORMAL, 10, 2);
    struct mas_design d = sampled(MAS_DESIGN_LHS, &a, 1, n, 5);
    double *x = points(&d, 0);
    assert_true(fabs(mean_of(x, n, 1, 0) - 10) < 5 * 2 / sqrt((double)n));
    assert_true(fabs(sd_of(x, n, 1, 0) - 2) < 5 * 2 / sqrt(2.0 * n));
    free(x);
}

/* Mean of N(mu, sigma^2) truncated to [lo, hi], alpha = (lo-mu)/sigma,
 * beta = (hi-mu)/sigma: mu + sigma (phi(alpha) - phi(beta)) / Z, where
 * Z = Phi(beta) - Phi(alpha) (Johnson, Kotz & Balakrishnan, Continuous
 * Univariate Distributions vol. 1, 2nd ed. 1994, ch. 13 sec. 10.1).  In
 * the upper tail Z is computed as Q(alpha) - Q(beta), Q = 1 - Phi, so it
 * keeps its precision there. */
static double truncated_normal_mean(double mu, double sigma, double lo, double hi)
{
    double a = (lo - mu) / sigma, b = (hi - mu) / sigma;
    double z = a + b > 0 ? gsl_cdf_ugaussian_Q(a) - gsl_cdf_ugaussian_Q(b)
                         : gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a);
    return mu + sigma * (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) / z;
}

static void assert_truncated(double mu, double sigma, double lo, double hi)
{
    const size_t n = 20000;
    struct mas_axis a = axis("patient.x", MAS_DIST_NORMAL, mu, sigma);
    a.min = lo, a.max = hi;
    struct mas_design d = sampled(MAS_DESIGN_LHS, &a, 1, n, 11);
    double *x = points(&d, 0);
    for (size_t i = 0; i < n; i++)
        if (!(x[i] >= lo && x[i] <= hi))
            fail_msg("N(%g,%g) on [%g,%g]: point %zu is %g", mu, sigma, lo, hi, i, x[i]);
    /* the truncated sd is below (hi - lo) / 2 and below sigma */
    double tol = 5 * fmin(sigma, (hi - lo) / 2) / sqrt((double)n);
    double want = truncated_normal_mean(mu, sigma, lo, hi);
    if (!(fabs(mean_of(x, n, 1, 0) - want) < tol))
        fail_msg("N(%g,%g) on [%g,%g]: mean %.6g, expected %.6g", mu, sigma, lo, hi,
                 mean_of(x, n, 1, 0), want);
    free(x);
}

static void test_truncated_normal(void **state)
{
    (void)state;
    assert_truncated(10, 2, 9, 15);
    assert_truncated(0, 1, 10, 11);        /* far upper tail: Phi(10) rounds to 1 */
    assert_truncated(0, 1, -11, -10);      /* far lower tail */
    assert_truncated(0, 1, 30, INFINITY);  /* Q(30) ~ 5e-198 */
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* log-normal(median 5, sdlog 0.5): the sample median (5 standard errors:
 * 1 / (2 f(m) sqrt(n)) with f(m) = 1 / (m sdlog sqrt(2 pi))), and a
 * truncation given on the original scale. */
static void test_lognormal(void **state)
{
    (void)state;
    const size_t n = 20001;
    struct mas_axis a = axis("x", MAS_DIST_LOG_NORMAL, 5, 0.5);
    struct mas_design d = sampled(MAS_DESIGN_RANDOM, &a, 1, n, 3);
    double *x = points(&d, 0);
    size_t below = 0;
    for (size_t i = 0; i < n; i++)
        below += x[i] < 5;
    assert_true(fabs((double)below / n - 0.5) < 5 * 0.5 / sqrt((double)n));
    double se = 5 * 0.5 * sqrt(2 * 3.14159265358979) / (2 * sqrt((double)n));
    qsort(x, n, sizeof *x, compare_doubles);
    double med = x[n / 2];
    assert_true(fabs(med - 5) < 5 * se);
    free(x);

    a.min = 4, a.max = 8;
    d = sampled(MAS_DESIGN_LHS, &a, 1, 1000, 3);
    x = points(&d, 0);
    for (size_t i = 0; i < 1000; i++)
        assert_true(x[i] >= 4 && x[i] <= 8);
    free(x);
}

/* log-uniform on [0.01, 100]: half the points below the geometric
 * midpoint 1 (binomial, 5 standard errors), all inside the range. */
static void test_log_uniform(void **state)
{
    (void)state;
    const size_t n = 100000;
    struct mas_axis a = axis("x", MAS_DIST_LOG_UNIFORM, 0.01, 100);
    struct mas_design d = sampled(MAS_DESIGN_RANDOM, &a, 1, n, 8);
    double *x = points(&d, 0);
    size_t below = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(x[i] >= 0.01 && x[i] <= 100);
        below += x[i] < 1;
    }
    assert_true(fabs((double)below / n - 0.5) < 5 * 0.5 / sqrt((double)n));
    free(x);
}

/* Assert d is refused with a message containing `needle`. */
static void refused(const struct mas_design *d, const char *needle)
{
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_design_check(d, err), MAS_EINPUT);
    if (!strstr(err, needle))
        fail_msg("message '%s' does not contain '%s'", err, needle);
}

static void refused_axis(struct mas_axis a, enum mas_design_method m, const char *needle)
{
    struct mas_design d = sampled(m, &a, 1, 10, 1);
    refused(&d, "sweep axis patient.weight: ");
    refused(&d, needle);
}

static void test_check_rejects(void **state)
{
    (void)state;
    const char *p = "patient.weight";
    struct mas_design none = sampled(MAS_DESIGN_LHS, NULL, 0, 10, 1);
    refused(&none, "no axes");
    struct mas_axis g = { .path = (char *)p };
    refused_axis(g, MAS_DESIGN_GRID, "needs values");
    refused_axis(axis(p, MAS_DIST_LOG_UNIFORM, 0, 1), MAS_DESIGN_LHS, "low > 0");
    refused_axis(axis(p, MAS_DIST_LOG_UNIFORM, 2, 1), MAS_DESIGN_LHS, "high > low");
    refused_axis(axis(p, MAS_DIST_NORMAL, 1, 0), MAS_DESIGN_RANDOM, "sd > 0");
    refused_axis(axis(p, MAS_DIST_LOG_NORMAL, 0, 1), MAS_DESIGN_SOBOL, "median > 0");
    refused_axis(axis(p, MAS_DIST_LOG_NORMAL, 1, -1), MAS_DESIGN_SOBOL, "sd > 0");
    refused_axis(axis(p, MAS_DIST_UNIFORM, 1, 1), MAS_DESIGN_LHS, "high > low");
    refused_axis(axis(p, MAS_DIST_UNIFORM, NAN, 1), MAS_DESIGN_LHS, "finite");
    struct mas_axis a = axis(p, MAS_DIST_NORMAL, 0, 1);
    a.min = 3, a.max = 3;
    refused_axis(a, MAS_DESIGN_LHS, "min (3) must be below max (3)");
    a.min = 50, a.max = 51;                 /* mass ~1e-545: numerically zero */
    refused_axis(a, MAS_DESIGN_LHS, "no probability");
    a = axis(p, MAS_DIST_UNIFORM, 0, 1);
    a.min = 2, a.max = 3;
    refused_axis(a, MAS_DESIGN_LHS, "does not overlap");
    a = axis(p, MAS_DIST_LOG_NORMAL, 1, 1);
    a.min = -2, a.max = 0;
    refused_axis(a, MAS_DESIGN_LHS, "no probability");

    struct mas_axis many[41];
    for (int k = 0; k < 41; k++)
        many[k] = axis(p, MAS_DIST_UNIFORM, 0, 1);
    struct mas_design d = sampled(MAS_DESIGN_SOBOL, many, 41, 10, 1);
    refused(&d, "at most 40 axes");
    d.n_axes = 40;
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_design_check(&d, err), MAS_OK);
    d.n_runs = UINT64_C(1) << 30;
    refused(&d, "sobol gives at most");
    d.method = MAS_DESIGN_LHS;
    d.n_runs = 0;
    refused(&d, "number of runs");
    d.n_runs = UINT64_C(1) << 53;
    refused(&d, "number of runs");
    d.n_runs = (UINT64_C(1) << 53) - 1;
    assert_int_equal(mas_design_check(&d, err), MAS_OK);
}

/* 5 axes of 2^13 values: 2^65 runs, which wraps a uint64 product. */
static void test_grid_too_big(void **state)
{
    (void)state;
    double *v = calloc(8192, sizeof *v);
    assert_non_null(v);
    struct mas_axis axes[5];
    for (int k = 0; k < 5; k++)
        axes[k] = (struct mas_axis){ .path = "trigger.dose", .values = v, .n_values = 8192 };
    struct mas_design d = { .method = MAS_DESIGN_GRID, .axes = axes, .n_axes = 5, .n_runs = 0 };
    refused(&d, "sweep axis trigger.dose: the grid has 2^53 runs or more");
    free(v);
}

static char *dup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    assert_non_null(c);
    return strcpy(c, s);
}

static void test_design_free_zeroes(void **state)
{
    (void)state;
    struct mas_design *d = calloc(1, sizeof *d);
    assert_non_null(d);
    d->axes = calloc(2, sizeof *d->axes);
    d->n_axes = 2;
    for (int k = 0; k < 2; k++) {
        d->axes[k].path = dup("therapies[1].start");
        d->axes[k].name = dup("therapies_1_start");
        d->axes[k].values = calloc(3, sizeof(double));
    }
    mas_design_free(d);
    assert_null(d->axes);
    assert_int_equal(d->n_axes, 0);
    free(d);
    mas_design_free(NULL);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_grid_order),
        cmocka_unit_test(test_resume_is_identical),
        cmocka_unit_test(test_random_seed_and_mean),
        cmocka_unit_test(test_lhs_strata),
        cmocka_unit_test(test_sobol_matches_gsl),
        cmocka_unit_test(test_normal_moments),
        cmocka_unit_test(test_truncated_normal),
        cmocka_unit_test(test_lognormal),
        cmocka_unit_test(test_log_uniform),
        cmocka_unit_test(test_check_rejects),
        cmocka_unit_test(test_grid_too_big),
        cmocka_unit_test(test_design_free_zeroes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
