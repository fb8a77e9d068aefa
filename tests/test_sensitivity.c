/*
 * test_sensitivity.c — the sensitivity designs (morris, saltelli in
 * src/design.c) and their indices (src/sensitivity.c):
 *   - Sobol indices of the Ishigami function (Ishigami & Homma 1990;
 *     a = 7, b = 0.1, x ~ U(-pi, pi)^3) against their analytic values
 *     (Sobol' & Levitan, Comput Phys Commun 1999;117:52; Saltelli et al.,
 *     Global Sensitivity Analysis: The Primer, 2008, §4.6):
 *       V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2
 *       S1 = (1/2)(1 + b pi^4/5)^2 / V,  S2 = (a^2/8) / V,  S3 = 0
 *       ST1 = S1 + V13/V, ST2 = S2, ST3 = V13/V, V13 = 8 b^2 pi^8 / 225
 *     each within 0.02 and inside its 95 % bootstrap interval;
 *   - Morris effects of a linear function: every effect is exact (mu = mu*
 *     = the coefficient times the axis's range, sigma = 0); an axis the
 *     function ignores has mu* = 0; a trajectory moves each axis once;
 *   - the designs give run i the same point from any starting run.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "design.h"
#include "massim.h"
#include "sensitivity.h"

#define PI 3.14159265358979323846

static struct mas_axis uniform(const char *path, double lo, double hi)
{
    struct mas_axis a = { .path = (char *)path, .dist = MAS_DIST_UNIFORM, .p1 = lo, .p2 = hi,
                          .min = -INFINITY, .max = INFINITY };
    return a;
}

/* Runs [first, n_runs) of d, row-major. */
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

static double ishigami(const double *x)
{
    return sin(x[0]) + 7.0 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

static void test_ishigami(void **state)
{
    (void)state;
    const double pi = PI, a = 7.0, b = 0.1;
    double V = a * a / 8 + b * pow(pi, 4) / 5 + b * b * pow(pi, 8) / 18 + 0.5;
    double V1 = 0.5 * pow(1 + b * pow(pi, 4) / 5, 2), V2 = a * a / 8;
    double V13 = 8 * b * b * pow(pi, 8) / 225;
    double s1[3] = { V1 / V, V2 / V, 0.0 }, st[3] = { (V1 + V13) / V, V2 / V, V13 / V };
    struct mas_axis axes[3] = { uniform("x1", -pi, pi), uniform("x2", -pi, pi),
                                uniform("x3", -pi, pi) };
    const uint64_t n_base = 4096;
    struct mas_design d = { .method = MAS_DESIGN_SALTELLI, .axes = axes, .n_axes = 3,
                            .n_runs = n_base * 5 };
    double *x = points(&d, 0);
    uint64_t *run = malloc(d.n_runs * sizeof *run);
    double *y = malloc(d.n_runs * sizeof *y);
    assert_non_null(run);
    assert_non_null(y);
    /* given in reverse order: the analysis goes by run index */
    for (uint64_t i = 0; i < d.n_runs; i++) {
        run[d.n_runs - 1 - i] = i;
        y[d.n_runs - 1 - i] = ishigami(x + i * 3);
    }
    struct mas_sa_sobol out[3];
    char err[MAS_ERR_LEN] = "";
    size_t used = 0;
    double var = 0;
    assert_int_equal(mas_sa_sobol(&d, run, y, d.n_runs, 500, 7, out, &used, &var, err), MAS_OK);
    assert_true(used == n_base);
    assert_true(fabs(var / V - 1) < 0.05);
    for (int i = 0; i < 3; i++) {
        print_message("x%d: S1 %.4f (%.4f-%.4f; analytic %.4f), ST %.4f (%.4f-%.4f; analytic %.4f)\n",
                      i + 1, out[i].s1, out[i].s1_lo, out[i].s1_hi, s1[i], out[i].st,
                      out[i].st_lo, out[i].st_hi, st[i]);
        assert_true(fabs(out[i].s1 - s1[i]) < 0.02);
        assert_true(fabs(out[i].st - st[i]) < 0.02);
        assert_true(out[i].s1_lo <= s1[i] && s1[i] <= out[i].s1_hi);
        assert_true(out[i].st_lo <= st[i] && st[i] <= out[i].st_hi);
    }
    /* a failed run drops its base point, not the analysis */
    y[10] = NAN;
    assert_int_equal(mas_sa_sobol(&d, run, y, d.n_runs, 0, 7, out, &used, &var, err), MAS_OK);
    assert_true(used == n_base - 1);
    assert_true(isnan(out[0].s1_lo));
    assert_true(fabs(out[1].s1 - s1[1]) < 0.02);
    free(x);
    free(run);
    free(y);
}

static void test_morris_linear(void **state)
{
    (void)state;
    /* y = 3 x1 - 2 x2 + 0 x3 on x1 in [0, 2], x2 in [1, 1.5], x3 in [5, 9] */
    struct mas_axis axes[3] = { uniform("x1", 0, 2), uniform("x2", 1, 1.5), uniform("x3", 5, 9) };
    struct mas_design d = { .method = MAS_DESIGN_MORRIS, .axes = axes, .n_axes = 3,
                            .n_runs = 20 * 4, .seed = 11, .levels = 4 };
    double *x = points(&d, 0);
    uint64_t *run = malloc(d.n_runs * sizeof *run);
    double *y = malloc(d.n_runs * sizeof *y);
    assert_non_null(run);
    assert_non_null(y);
    for (uint64_t i = 0; i < d.n_runs; i++) {
        run[i] = i;
        y[i] = 3 * x[i * 3] - 2 * x[i * 3 + 1];
    }
    /* each step moves exactly the axis the design says, by 2/3 of its range */
    for (uint64_t i = 0; i < d.n_runs; i++) {
        size_t axis;
        double du;
        if (!mas_design_morris_step(&d, i, &axis, &du)) {
            assert_true(i % 4 == 0);
            continue;
        }
        assert_true(fabs(fabs(du) - 2.0 / 3.0) < 1e-12);
        for (size_t j = 0; j < 3; j++) {
            double moved = x[i * 3 + j] - x[(i - 1) * 3 + j];
            double range = axes[j].p2 - axes[j].p1;
            assert_true(fabs(moved - (j == axis ? du * range : 0.0)) < 1e-9 * (1 + range));
        }
    }
    struct mas_sa_morris m[3];
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_sa_morris(&d, run, y, d.n_runs, m, err), MAS_OK);
    assert_true(m[0].n == 20 && m[1].n == 20 && m[2].n == 20);
    assert_true(fabs(m[0].mu - 6.0) < 1e-9 && fabs(m[0].mu_star - 6.0) < 1e-9 && m[0].sigma < 1e-9);
    assert_true(fabs(m[1].mu + 1.0) < 1e-9 && fabs(m[1].mu_star - 1.0) < 1e-9 && m[1].sigma < 1e-9);
    assert_true(m[2].mu_star == 0.0);
    /* a lost run loses the two effects it is part of */
    y[5] = NAN;
    assert_int_equal(mas_sa_morris(&d, run, y, d.n_runs, m, err), MAS_OK);
    assert_true(m[0].n + m[1].n + m[2].n == 58);
    /* Morris on Ishigami with a dummy fourth axis: the dummy has no effect */
    struct mas_axis ax4[4] = { uniform("x1", -PI, PI), uniform("x2", -PI, PI),
                               uniform("x3", -PI, PI), uniform("dummy", 0, 1) };
    struct mas_design d4 = { .method = MAS_DESIGN_MORRIS, .axes = ax4, .n_axes = 4,
                             .n_runs = 50 * 5, .seed = 3, .levels = 6 };
    double *x4 = points(&d4, 0);
    uint64_t *run4 = malloc(d4.n_runs * sizeof *run4);
    double *y4 = malloc(d4.n_runs * sizeof *y4);
    assert_non_null(run4);
    assert_non_null(y4);
    for (uint64_t i = 0; i < d4.n_runs; i++)
        run4[i] = i, y4[i] = ishigami(x4 + i * 4);
    struct mas_sa_morris m4[4];
    assert_int_equal(mas_sa_morris(&d4, run4, y4, d4.n_runs, m4, err), MAS_OK);
    print_message("Ishigami, Morris mu*: %.3f %.3f %.3f dummy %.3f\n", m4[0].mu_star,
                  m4[1].mu_star, m4[2].mu_star, m4[3].mu_star);
    assert_true(m4[3].mu_star == 0.0);
    for (int i = 0; i < 3; i++)
        assert_true(m4[i].mu_star > 1.0);
    free(x);
    free(run);
    free(y);
    free(x4);
    free(run4);
    free(y4);
}

static void test_any_start(void **state)
{
    (void)state;
    struct mas_axis axes[3] = { uniform("x1", 0, 1), uniform("x2", 0, 1), uniform("x3", 0, 1) };
    struct mas_design m = { .method = MAS_DESIGN_MORRIS, .axes = axes, .n_axes = 3,
                            .n_runs = 7 * 4, .seed = 5, .levels = 4 };
    struct mas_design s = { .method = MAS_DESIGN_SALTELLI, .axes = axes, .n_axes = 3,
                            .n_runs = 9 * 5 };
    struct mas_design *ds[2] = { &m, &s };
    for (int k = 0; k < 2; k++) {
        double *all = points(ds[k], 0);
        for (uint64_t first = 1; first < ds[k]->n_runs; first += 3) {
            double *tail = points(ds[k], first);
            assert_memory_equal(tail, all + first * 3, (ds[k]->n_runs - first) * 3 * sizeof *all);
            free(tail);
        }
        free(all);
    }
    /* saltelli: A and B of a base point differ (the sequence's first
     * points, where they coincide, are skipped) */
    double *p = points(&s, 0);
    for (uint64_t j = 0; j < 9; j++)
        assert_true(memcmp(p + (j * 5) * 3, p + (j * 5 + 4) * 3, 3 * sizeof *p) != 0);
    free(p);
}

static void test_refused(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_axis axes[21];
    for (int i = 0; i < 21; i++)
        axes[i] = uniform("x", 0, 1);
    struct mas_design s = { .method = MAS_DESIGN_SALTELLI, .axes = axes, .n_axes = 21,
                            .n_runs = 23 * 4 };
    assert_int_equal(mas_design_check(&s, err), MAS_EINPUT);
    assert_non_null(strstr(err, "at most 20 axes"));
    struct mas_design m = { .method = MAS_DESIGN_MORRIS, .axes = axes, .n_axes = 2,
                            .n_runs = 7, .levels = 4 };
    assert_int_equal(mas_design_check(&m, err), MAS_EINPUT);
    m.n_runs = 6;
    m.levels = 3;
    assert_int_equal(mas_design_check(&m, err), MAS_EINPUT);
    struct mas_axis normal = { .path = "n", .dist = MAS_DIST_NORMAL, .p1 = 0, .p2 = 1,
                               .min = -INFINITY, .max = INFINITY };
    struct mas_design mn = { .method = MAS_DESIGN_MORRIS, .axes = &normal, .n_axes = 1,
                             .n_runs = 4, .levels = 4 };
    assert_int_equal(mas_design_check(&mn, err), MAS_EINPUT);
    assert_non_null(strstr(err, "needs min: and max:"));
    normal.min = -2;
    normal.max = 2;
    assert_int_equal(mas_design_check(&mn, err), MAS_OK);
    /* a Morris analysis of a Saltelli design is refused, and back */
    uint64_t run = 0;
    double y = 1;
    struct mas_sa_morris mm;
    struct mas_sa_sobol so;
    size_t used;
    double var;
    s.n_axes = 1;
    s.n_runs = 3;
    assert_int_equal(mas_sa_morris(&s, &run, &y, 1, &mm, err), MAS_EINPUT);
    assert_int_equal(mas_sa_sobol(&mn, &run, &y, 1, 0, 1, &so, &used, &var, err), MAS_EINPUT);
    run = 99;
    assert_int_equal(mas_sa_sobol(&s, &run, &y, 1, 0, 1, &so, &used, &var, err), MAS_EINPUT);
    assert_non_null(strstr(err, "outside the design"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ishigami),
        cmocka_unit_test(test_morris_linear),
        cmocka_unit_test(test_any_start),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
