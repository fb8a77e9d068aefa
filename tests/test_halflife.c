/*
 * test_halflife.c — each lab quantity, raised with its drive switched off,
 * clears with its published half-life.
 *
 * From the resting state (no trigger, every drive at rest) one state is set
 * to 5x its baseline and the whole model is integrated with the project's
 * solver; the time at which the excess over baseline has halved is found by
 * interpolation on a 1-minute grid and compared with the published value.
 * Tolerance 2%: the grid resolves the time to well under 0.1%, so a failure
 * means the clearance in the model is not the published one (or a coupling
 * feeds the quantity back).
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
#include "solver.h"

struct published {
    const char *state;
    double half_life_h;
    const char *source;
};

/* Published serum half-lives (hours). */
static const struct published published[] = {
    {"fibrinogen", 4.14 * 24.0, "Collen et al., Br J Haematol 1972;22:681: 4.14 +/- 0.56 d"},
    {"crp", 19.0, "Vigushin, Pepys and Hawkins, J Clin Invest 1993;91:1351: ~19 h"},
    {"ast", 17.0, "Dufour et al., Clin Chem 2000;46:2027: 17 +/- 5 h"},
    {"alt", 47.0, "Dufour et al., Clin Chem 2000;46:2027: 47 +/- 10 h"},
    {"d_dimer", 8.0, "D-dimer plasma half-life ~8 h (secondary sources; renal and RES clearance)"},
    {"ferritin", 28.5, "Worwood et al., Blood 1982;60:827: 50% of 131I plasma ferritin left at 27-30 h (midpoint)"},
};

/* No primary published value was found for these: the test measures the
 * model against its own documented parameter (docs/model.md says so). */
static const struct published documented_only[] = {
    {"scd25", 12.0, "parameter scd25_half_life_h (no primary source found)"},
};

static double measure_half_life_h(const char *name)
{
    char err[MAS_ERR_LEN];
    struct mas_model m;
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    int n = m.n_states, i = mas_model_find_state(&m, name);
    assert_true(i >= 0);
    double *y0 = calloc((size_t)n, sizeof *y0);
    mas_model_initial(&m, y0);
    double rest = y0[i];
    y0[i] = 5.0 * rest;

    size_t n_out = 20 * 24 * 60 + 1;           /* 20 days, 1-minute grid */
    double *t = malloc(n_out * sizeof *t), *y = malloc(n_out * (size_t)n * sizeof *y);
    for (size_t k = 0; k < n_out; k++)
        t[k] = (double)k / (24.0 * 60.0);
    struct mas_system sys = {(size_t)n, mas_model_rhs, mas_model_jac, &m, NULL, NULL, NULL};
    struct mas_solver_opts o;
    struct mas_solver_stats st;
    mas_solver_defaults(&o);
    assert_int_equal(mas_solve(&sys, &o, 0.0, y0, t, n_out, y, NULL, &st, err), MAS_OK);

    double half = rest + 0.5 * (4.0 * rest), found = NAN;
    for (size_t k = 1; k < n_out; k++) {
        double a = y[(k - 1) * (size_t)n + (size_t)i], b = y[k * (size_t)n + (size_t)i];
        if (a >= half && b < half) {
            found = t[k - 1] + (a - half) / (a - b) * (t[k] - t[k - 1]);
            break;
        }
    }
    free(y0);
    free(t);
    free(y);
    mas_model_free(&m);
    return found * 24.0;
}

static void check_table(const struct published *tab, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        double h = measure_half_life_h(tab[k].state);
        printf("  %-10s measured %7.2f h, published %7.2f h (%s)\n", tab[k].state, h,
               tab[k].half_life_h, tab[k].source);
        if (!(fabs(h - tab[k].half_life_h) <= 0.02 * tab[k].half_life_h))
            fail_msg("%s clears with half-life %.3f h, published %.3f h", tab[k].state, h,
                     tab[k].half_life_h);
    }
}

static void test_published_half_lives(void **state)
{
    (void)state;
    check_table(published, sizeof published / sizeof published[0]);
}

static void test_documented_half_lives(void **state)
{
    (void)state;
    check_table(documented_only, sizeof documented_only / sizeof documented_only[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_half_lives),
        cmocka_unit_test(test_documented_half_lives),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
