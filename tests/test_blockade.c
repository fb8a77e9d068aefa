/*
 * test_blockade.c — the source text's statement on IFN-γ blockade:
 *   "by inhibiting the trigger for tissue factor expression, consumption C
 *    rapidly decreases. With production P still high, the balance shifts to
 *    dF/dt > 0, and fibrinogen levels begin to recover, while D-dimer levels
 *    decline."
 * The MAS of scenarios/mas-sjia.yaml runs to day 25 (florid, untreated);
 * then IFN-γ is neutralised — its production set to zero, as a blocking
 * antibody would leave no free IFN-γ — and the model runs 14 more days.
 * (The drug itself, with its kinetics, is a later module; this is the
 * mechanism the drug acts through.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "massim.h"
#include "run.h"

static int param(const struct mas_model *m, const char *name)
{
    int i = mas_model_find_param(m, name);
    assert_true(i >= 0);
    return i;
}

static void test_ifng_blockade_restores_fibrinogen(void **state)
{
    (void)state;
    char err[MAS_ERR_LEN];
    struct mas_run r;
    const char *sets[] = {"time.end=25"};
    assert_int_equal(mas_run_prepare(&r, "scenarios/mas-sjia.yaml", sets, 1, err), MAS_OK);
    assert_int_equal(mas_run_execute(&r, err), MAS_OK);
    struct mas_model *m = &r.model;
    int n = m->n_states;
    const double *y25 = r.y + (r.n_time - 1) * (size_t)n;
    int fib = mas_model_find_state(m, "fibrinogen"), dd = mas_model_find_state(m, "d_dimer");
    int prod = mas_model_find_obs(m, "fibrinogen_production"), cons = mas_model_find_obs(m, "fibrinogen_consumption");
    assert_true(y25[fib] < 150.0);           /* florid MAS before blockade */

    m->p[param(m, "ifng_production")] = 0.0;
    m->p[param(m, "nk_ifng_production")] = 0.0;
    size_t n_out = 14 * 24 + 1;
    double *t = malloc(n_out * sizeof *t), *y = malloc(n_out * (size_t)n * sizeof *y);
    double *obs = malloc((size_t)m->n_obs * sizeof *obs), *obs0 = malloc((size_t)m->n_obs * sizeof *obs0);
    for (size_t k = 0; k < n_out; k++)
        t[k] = 25.0 + (double)k / 24.0;
    struct mas_system sys = {(size_t)n, mas_model_rhs, mas_model_jac, m, NULL, NULL, NULL};
    struct mas_solver_stats st;
    assert_int_equal(mas_solve(&sys, &r.opts, 25.0, y25, t, n_out, y, NULL, &st, err), MAS_OK);

    mas_model_observe(m, 25.0, y25, obs0);
    mas_model_observe(m, 27.0, y + 48 * (size_t)n, obs);
    printf("  day 25: P %.1f, C %.1f mg/dL/d; day 27: P %.1f, C %.1f\n", obs0[prod], obs0[cons], obs[prod], obs[cons]);
    /* consumption falls first and fast: halved within two days, production still raised */
    assert_true(obs[cons] < 0.5 * obs0[cons]);
    assert_true(obs[prod] > 0.5 * obs0[prod]);
    assert_true(obs[prod] > obs[cons]);           /* dF/dt = P - C > 0 */
    double f27 = y[48 * (size_t)n + (size_t)fib], f39 = y[(n_out - 1) * (size_t)n + (size_t)fib];
    double d27 = y[48 * (size_t)n + (size_t)dd], d39 = y[(n_out - 1) * (size_t)n + (size_t)dd];
    printf("  fibrinogen %.0f -> %.0f -> %.0f mg/dL; D-dimer %.2f -> %.2f -> %.2f ug/mL FEU\n",
           y25[fib], f27, f39, y25[dd], d27, d39);
    assert_true(f27 > y25[fib] && f39 > 200.0);   /* fibrinogen recovers */
    assert_true(d27 < y25[dd] && d39 < 0.5 * y25[dd]);   /* D-dimer declines */
    free(t);
    free(y);
    free(obs);
    free(obs0);
    mas_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ifng_blockade_restores_fibrinogen),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
