/*
 * test_model.c — the model registry and every module's analytic Jacobian.
 *
 * - Every parameter has a unit and a source; every state and observable a
 *   unit; every name is unique (mas_model_init checks) and resolves.
 * - The resting state is a steady state: with no trigger nothing moves.
 * - Each module's analytic Jacobian matches central finite differences at
 *   random physiological states.  Tolerance: relative 1e-5 per entry;
 *   entries whose difference is below 1e-10 of the row's largest entry
 *   (round-off of the differences on near-zero entries) pass.  Central
 *   differences with Richardson extrapolation (see numeric_jacobian) are
 *   accurate to ~1e-9 here, far below the tolerance, so a failure is a
 *   wrong derivative, not noise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "massim.h"
#include "model.h"

static void test_tables_complete(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    assert_true(m.n_states > 20);
    for (int i = 0; i < m.n_params; i++) {
        const struct mas_param_def *d = mas_model_param(&m, i);
        if (!d->unit || !d->unit[0] || !d->source || strlen(d->source) < 10)
            fail_msg("parameter '%s' lacks a unit or a source", d->name);
        assert_true(isfinite(d->value));
        assert_true(d->value >= 0.0);
    }
    for (int i = 0; i < m.n_states; i++) {
        const struct mas_state_def *d = mas_model_state(&m, i);
        if (!d->unit || !d->unit[0] || !d->doc || !d->doc[0])
            fail_msg("state '%s' lacks a unit or a description", d->name);
    }
    for (int i = 0; i < m.n_obs; i++)
        assert_true(mas_model_obs(&m, i)->unit[0] != '\0');
    mas_model_free(&m);
}

static void test_lookup_and_suggest(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    int i = mas_model_find_state(&m, "ferritin");
    assert_true(i >= 0);
    assert_string_equal(mas_model_state(&m, i)->unit, "ng/mL");
    assert_int_equal(mas_model_find_state(&m, "no_such_state"), -1);
    assert_true(mas_model_find_param(&m, "ifng_half_life_h") >= 0);
    assert_string_equal(mas_model_suggest_param(&m, "ifng_halflife_h"), "ifng_half_life_h");
    assert_null(mas_model_suggest_param(&m, "completely_unrelated_name"));
    assert_true(mas_model_find_obs(&m, "esr") >= 0);
    assert_int_equal(mas_model_find_module(&m, "coagulation") >= 0, 1);
    mas_model_free(&m);
}

/* With no trigger every derivative vanishes at the resting state, also
 * after a baseline is overridden (module initial() follows parameters). */
static void test_rest_is_steady(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    m.p[mas_model_find_param(&m, "il6_baseline")] = 5.0;
    m.p[mas_model_find_param(&m, "hemoglobin_baseline")] = 11.0;
    double *y = calloc((size_t)m.n_states, sizeof *y), *dy = calloc((size_t)m.n_states, sizeof *dy);
    mas_model_initial(&m, y);
    assert_true(y[mas_model_find_state(&m, "il6")] == 5.0);
    mas_model_rhs(0.0, y, dy, &m);
    for (int i = 0; i < m.n_states; i++) {
        if (strstr(mas_model_state(&m, i)->doc, "(grows at rest)"))
            continue;                 /* cumulative amounts: balance tested in t_iron */
        double scale = fmax(fabs(y[i]), 1e-3);
        if (fabs(dy[i]) > 1e-10 * scale)
            fail_msg("state '%s' moves at rest: dy = %g (y = %g)", mas_model_state(&m, i)->name, dy[i], y[i]);
    }
    free(y);
    free(dy);
    mas_model_free(&m);
}

/* A random physiological state: cytokines and labs from rest to ~50x rest,
 * fractions in (0, 0.95), the pathogen over its range. */
static void random_state(const struct mas_model *m, const double *rest, double *y, unsigned *seed)
{
    for (int i = 0; i < m->n_states; i++) {
        double u = (double)rand_r(seed) / RAND_MAX;
        const char *unit = mas_model_state(m, i)->unit;
        if (strcmp(unit, "1") == 0)
            y[i] = 0.01 + 0.94 * u;
        else if (rest[i] == 0.0)
            y[i] = 5.0 * u;
        else
            y[i] = rest[i] * exp(-1.0 + 5.0 * u);
    }
}

/* Central differences with one Richardson extrapolation, (4 D(h/2) - D(h)) / 3:
 * truncation error O(h^4), so a step of 1e-3 of the state's scale keeps both
 * truncation (~1e-12) and round-off (~1e-13 |f| / h) far below 1e-5. */
static void central_difference(const struct mas_model *m, const double *y, int j, double h,
                               double *yp, double *f1, double *f2, double *d)
{
    int n = m->n_states;
    yp[j] = y[j] + h;
    mas_model_rhs(0.0, yp, f1, (void *)m);
    yp[j] = y[j] - h;
    mas_model_rhs(0.0, yp, f2, (void *)m);
    yp[j] = y[j];
    for (int i = 0; i < n; i++)
        d[i] = (f1[i] - f2[i]) / (2.0 * h);
}

static void numeric_jacobian(const struct mas_model *m, const double *y, double *J)
{
    int n = m->n_states;
    double *yp = malloc((size_t)n * sizeof *yp), *f1 = malloc((size_t)n * sizeof *f1);
    double *f2 = malloc((size_t)n * sizeof *f2), *d1 = malloc((size_t)n * sizeof *d1);
    double *d2 = malloc((size_t)n * sizeof *d2);
    memcpy(yp, y, (size_t)n * sizeof *yp);
    for (int j = 0; j < n; j++) {
        double h = 1e-3 * fmax(fabs(y[j]), 1e-3);
        central_difference(m, y, j, h, yp, f1, f2, d1);
        central_difference(m, y, j, h / 2.0, yp, f1, f2, d2);
        for (int i = 0; i < n; i++)
            J[i * n + j] = (4.0 * d2[i] - d1[i]) / 3.0;
    }
    free(yp);
    free(f1);
    free(f2);
    free(d1);
    free(d2);
}

static void test_jacobian_matches_finite_differences(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    /* exercise every term: acquired suppression on */
    m.p[mas_model_find_param(&m, "suppression_max")] = 0.5;
    int n = m.n_states;
    double *rest = calloc((size_t)n, sizeof *rest), *y = calloc((size_t)n, sizeof *y);
    double *ja = calloc((size_t)(n * n), sizeof *ja), *jn = calloc((size_t)(n * n), sizeof *jn);
    double *dfdt = calloc((size_t)n, sizeof *dfdt);
    mas_model_initial(&m, rest);
    unsigned seed = 20261129u;
    double worst = 0.0;
    double *sv = calloc((size_t)m.nnz + 1, sizeof *sv);
    for (int trial = 0; trial < 50; trial++) {
        random_state(&m, rest, y, &seed);
        mas_model_jac(0.0, y, ja, dfdt, &m);
        numeric_jacobian(&m, y, jn);
        /* The sparse Jacobian (the solver's) is the dense one, entry for
         * entry, and nothing outside its pattern is nonzero, analytically
         * or by finite differences. */
        assert_int_equal(mas_model_jac_sparse(0.0, y, sv, dfdt, &m), 0);
        for (int j = 0; j < n; j++) {
            for (int k = m.colptr[j]; k < m.colptr[j + 1]; k++)
                assert_true(sv[k] == ja[m.rowind[k] * n + j]);
            for (int i = 0; i < n; i++) {
                int in = 0;
                for (int k = m.colptr[j]; k < m.colptr[j + 1]; k++)
                    in |= m.rowind[k] == i;
                if (!in && (ja[i * n + j] != 0.0 || fabs(jn[i * n + j]) > 1e-8))
                    fail_msg("d(%s)/d(%s) = %g (finite differences %g) is outside the sparsity "
                             "pattern", mas_model_state(&m, i)->name,
                             mas_model_state(&m, j)->name, ja[i * n + j], jn[i * n + j]);
            }
        }
        for (int i = 0; i < n; i++) {
            double row = 0.0;
            for (int j = 0; j < n; j++)
                row = fmax(row, fmax(fabs(ja[i * n + j]), fabs(jn[i * n + j])));
            for (int j = 0; j < n; j++) {
                double a = ja[i * n + j], b = jn[i * n + j];
                /* relative 1e-5, plus an absolute floor of 1e-10 of the row's
                 * largest entry (finite-difference round-off on near-zero entries) */
                double rel = fabs(a - b) / (fmax(fabs(a), fabs(b)) + 1e-5 * 1e-10 * row + 1e-300);
                if (fmax(fabs(a), fabs(b)) > 1e-6 * row)
                    worst = fmax(worst, rel);      /* reported: entries that matter */
                if (fabs(a - b) <= 1e-10 * row)
                    rel = 0.0;
                if (rel > 1e-5)
                    fail_msg("module %s: d(%s)/d(%s) analytic %.10g, finite differences %.10g (trial %d)",
                             m.mods[mas_model_state_module(&m, i)]->name, mas_model_state(&m, i)->name,
                             mas_model_state(&m, j)->name, a, b, trial);
            }
        }
    }
    printf("jacobian: 50 random states, %d x %d, worst relative difference %.2e; "
           "sparse form identical, %d nonzeros\n", n, n, worst, m.nnz);
    free(sv);
    free(rest);
    free(y);
    free(ja);
    free(jn);
    free(dfdt);
    mas_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_complete),
        cmocka_unit_test(test_lookup_and_suggest),
        cmocka_unit_test(test_rest_is_steady),
        cmocka_unit_test(test_jacobian_matches_finite_differences),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
