/*
 * test_rodas.c — the rodas4 stepper (src/rodas.c) keeps the promises of its
 * coefficients: order 4 for the step, order 3 for the embedded solution
 * behind the error estimate, order 3 for the continuous extension, the
 * df/dt terms of a non-autonomous problem, and L-stability (a stiff
 * component is damped to zero in one step).  A coefficient mistyped by one
 * digit breaks one of these.  The sparse (KLU) and dense linear algebra
 * give the same solution of the MAS model.  A solver kept for another run
 * gives the numbers of a new one, KLU's pivots included.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "massim.h"
#include "model.h"
#include "rodas.h"
#include "solver.h"

/* y' = y^2, y(0) = 1: y = 1 / (1 - t). */
static int sq_rhs(double t, const double y[], double f[], void *p)
{
    (void)t; (void)p;
    f[0] = y[0] * y[0];
    return GSL_SUCCESS;
}

static int sq_jac(double t, const double y[], double *J, double dfdt[], void *p)
{
    (void)t; (void)p;
    J[0] = 2.0 * y[0];
    dfdt[0] = 0.0;
    return GSL_SUCCESS;
}

/* y' = cos(t) y, y(0) = 1: y = exp(sin t) (non-autonomous: df/dt enters). */
static int cos_rhs(double t, const double y[], double f[], void *p)
{
    (void)p;
    f[0] = cos(t) * y[0];
    return GSL_SUCCESS;
}

static int cos_jac(double t, const double y[], double *J, double dfdt[], void *p)
{
    (void)p;
    J[0] = cos(t);
    dfdt[0] = -sin(t) * y[0];
    return GSL_SUCCESS;
}

struct problem {
    const char *name;
    gsl_odeiv2_system sys;
    double (*exact)(double t);
    double t_end;
};

static double sq_exact(double t) { return 1.0 / (1.0 - t); }
static double cos_exact(double t) { return exp(sin(t)); }

static const struct problem problems[] = {
    { "y' = y^2", { sq_rhs, sq_jac, 1, NULL }, sq_exact, 0.5 },
    { "y' = cos(t) y", { cos_rhs, cos_jac, 1, NULL }, cos_exact, 2.0 },
};

/* Global error at t_end after n fixed steps. */
static double global_error(const struct problem *pb, int n)
{
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(mas_step_rodas4, 1);
    assert_non_null(s);
    double y = 1.0, yerr, h = pb->t_end / n;
    for (int i = 0; i < n; i++)
        assert_int_equal(gsl_odeiv2_step_apply(s, i * h, h, &y, &yerr, NULL, NULL, &pb->sys),
                         GSL_SUCCESS);
    gsl_odeiv2_step_free(s);
    return fabs(y - pb->exact(pb->t_end));
}

/* One step of size h from the exact solution at t0: the local error of
 * the step, of the embedded solution (y1 - err) and of the continuous
 * extension at theta = 0.5. */
static void local_errors(const struct problem *pb, double t0, double h, double e[3])
{
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(mas_step_rodas4, 1);
    assert_non_null(s);
    double y = pb->exact(t0), yerr, mid;
    assert_int_equal(gsl_odeiv2_step_apply(s, t0, h, &y, &yerr, NULL, NULL, &pb->sys),
                     GSL_SUCCESS);
    mas_rodas_interpolate(s->state, 0.5, &mid);
    e[0] = fabs(y - pb->exact(t0 + h));
    e[1] = fabs(y - yerr - pb->exact(t0 + h));
    e[2] = fabs(mid - pb->exact(t0 + 0.5 * h));
    gsl_odeiv2_step_free(s);
}

/* The observed order log2(e(h) / e(h/2)) of the global error is 4 (the
 * method is of order 4: halving h divides the error by 16). */
static void test_global_order(void **state)
{
    (void)state;
    for (size_t p = 0; p < sizeof problems / sizeof problems[0]; p++) {
        double e1 = global_error(&problems[p], 40), e2 = global_error(&problems[p], 80);
        double order = log2(e1 / e2);
        printf("  %-14s global error %.3g (40 steps), %.3g (80): order %.2f\n",
               problems[p].name, e1, e2, order);
        assert_true(order > 3.7 && order < 4.5);
    }
}

/* Local errors: the step O(h^5), the embedded solution O(h^4) (its local
 * error is what the control measures), the continuous extension O(h^4)
 * (order 3): halving h divides them by 32, 16 and at least 16. */
static void test_local_orders(void **state)
{
    (void)state;
    for (size_t p = 0; p < sizeof problems / sizeof problems[0]; p++) {
        double a[3], b[3], h = 0.02;
        local_errors(&problems[p], 0.3, h, a);
        local_errors(&problems[p], 0.3, h / 2, b);
        double step = log2(a[0] / b[0]) - 1, emb = log2(a[1] / b[1]) - 1,
               dense = log2(a[2] / b[2]) - 1;
        printf("  %-14s local orders: step %.2f, embedded %.2f, continuous extension %.2f\n",
               problems[p].name, step, emb, dense);
        assert_true(step > 3.7 && step < 4.5);
        assert_true(emb > 2.7 && emb < 3.5);
        assert_true(dense > 2.7);
    }
}

/* The extension meets the step's ends: theta = 0 gives y0, theta = 1 y1. */
static void test_extension_ends(void **state)
{
    (void)state;
    const struct problem *pb = &problems[0];
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(mas_step_rodas4, 1);
    double y = 1.0, yerr, a, b;
    assert_int_equal(gsl_odeiv2_step_apply(s, 0.0, 0.1, &y, &yerr, NULL, NULL, &pb->sys),
                     GSL_SUCCESS);
    mas_rodas_interpolate(s->state, 0.0, &a);
    mas_rodas_interpolate(s->state, 1.0, &b);
    assert_true(fabs(a - 1.0) < 1e-15);
    assert_true(fabs(b - y) < 1e-15);
    gsl_odeiv2_step_free(s);
}

static double lambda;
static int lin_rhs(double t, const double y[], double f[], void *p)
{
    (void)t; (void)p;
    f[0] = lambda * y[0];
    return GSL_SUCCESS;
}

static int lin_jac(double t, const double y[], double *J, double dfdt[], void *p)
{
    (void)t; (void)y; (void)p;
    J[0] = lambda;
    dfdt[0] = 0.0;
    return GSL_SUCCESS;
}

/* L-stability: y' = lambda y with h lambda = -1e10 is damped to ~0 in one
 * step (the stability function vanishes at infinity), and stays bounded
 * for h lambda = -1 ... -1e4 (A-stability on the negative axis). */
static void test_l_stability(void **state)
{
    (void)state;
    gsl_odeiv2_system sys = { lin_rhs, lin_jac, 1, NULL };
    gsl_odeiv2_step *s = gsl_odeiv2_step_alloc(mas_step_rodas4, 1);
    double y, yerr;
    for (double z = -1.0; z >= -1e4; z *= 10) {
        lambda = z;
        gsl_odeiv2_step_reset(s);       /* the system changed: drop the cached Jacobian */
        y = 1.0;
        assert_int_equal(gsl_odeiv2_step_apply(s, 0.0, 1.0, &y, &yerr, NULL, NULL, &sys),
                         GSL_SUCCESS);
        assert_true(fabs(y) < 1.0);
    }
    lambda = -1e10;
    gsl_odeiv2_step_reset(s);
    y = 1.0;
    assert_int_equal(gsl_odeiv2_step_apply(s, 0.0, 1.0, &y, &yerr, NULL, NULL, &sys),
                     GSL_SUCCESS);
    printf("  R(-1e10) = %.3g\n", y);
    assert_true(fabs(y) < 1e-8);
    gsl_odeiv2_step_free(s);
}

/* The MAS model from rest with a pathogen: KLU on the sparse Jacobian and
 * GSL's dense LU give the same trajectory (to round-off amplified by the
 * step-size control: the steps taken are identical). */
static void test_sparse_equals_dense(void **state)
{
    (void)state;
    struct mas_model m;
    char err[MAS_ERR_LEN] = "";
    assert_int_equal(mas_model_init(&m, err), MAS_OK);
    int n = m.n_states, ip = mas_model_find_state(&m, "pathogen");
    assert_true(ip >= 0);
    double *y0 = calloc((size_t)n, sizeof *y0), *ys = calloc(20 * (size_t)n, sizeof *ys),
           *yd = calloc(20 * (size_t)n, sizeof *yd), t_out[20];
    mas_model_initial(&m, y0);
    y0[ip] = 1.0;
    for (int k = 0; k < 20; k++)
        t_out[k] = 2.0 * (k + 1);
    struct mas_sparsity sp = { n, m.nnz, m.colptr, m.rowind };
    struct mas_system sparse = { (size_t)n, mas_model_rhs, mas_model_jac, &m, NULL, &sp,
                                 mas_model_jac_sparse };
    struct mas_system dense = { (size_t)n, mas_model_rhs, mas_model_jac, &m, NULL, NULL, NULL };
    struct mas_solver_opts o;
    struct mas_solver_stats ss, sd;
    mas_solver_defaults(&o);
    assert_string_equal(o.stepper, "rodas4");
    assert_int_equal(mas_solve(&sparse, &o, 0.0, y0, t_out, 20, ys, NULL, &ss, err), MAS_OK);
    assert_int_equal(mas_solve(&dense, &o, 0.0, y0, t_out, 20, yd, NULL, &sd, err), MAS_OK);
    double worst = 0.0;
    for (int i = 0; i < 20 * n; i++)
        worst = fmax(worst, fabs(ys[i] - yd[i]) / (o.atol + o.rtol * fabs(yd[i])));
    printf("  %d states, %d nonzeros (%.1f %%): sparse %lu steps, dense %lu; worst scaled "
           "difference %.2g\n", n, m.nnz, 100.0 * m.nnz / ((double)n * n), ss.steps, sd.steps,
           worst);
    assert_int_equal(ss.sparse, 1);
    assert_int_equal(sd.sparse, 0);
    assert_true(worst < 0.01);
    assert_int_equal(ss.steps, sd.steps);
    free(y0);
    free(ys);
    free(yd);
    mas_model_free(&m);
}

/* y' = -y on two states, with a "Jacobian" whose off-diagonal entries
 * (1e16) make the diagonal pivots of the reference factorization grow
 * beyond the bound (rgrowth about 1e-10): the first factorization of a
 * run must choose new pivots.  (A wrong Jacobian only makes rodas4 a
 * W-method here; what is tested is that the pivots do not leak.) */
static int decay_rhs(double t, const double y[], double f[], void *p)
{
    (void)t; (void)p;
    f[0] = -y[0];
    f[1] = -y[1];
    return GSL_SUCCESS;
}

static int skew_jac_sparse(double t, const double y[], double *v, double dfdt[], void *p)
{
    (void)t; (void)y; (void)p;
    v[0] = 0.0;            /* (0,0) */
    v[1] = 1e16;           /* (1,0) */
    v[2] = 1e16;           /* (0,1) */
    v[3] = 0.0;            /* (1,1) */
    v[4] = 0.0;            /* scratch */
    dfdt[0] = dfdt[1] = 0.0;
    return GSL_SUCCESS;
}

/* A solver used for other runs gives the same numbers as a new one:
 * mas_solver_run resets the stepper and brings KLU's reference pivots
 * back after a run that had to choose new ones. */
static void test_restart_equals_new(void **state)
{
    (void)state;
    static const int colptr[] = { 0, 2, 4 }, rowind[] = { 0, 1, 0, 1 };
    struct mas_sparsity sp = { 2, 4, colptr, rowind };
    struct mas_system sys = { 2, decay_rhs, NULL, NULL, NULL, &sp, skew_jac_sparse };
    struct mas_solver_opts o;
    mas_solver_defaults(&o);
    double t_out[5] = { 0.5, 1.0, 1.5, 2.0, 3.0 }, ya[10], yb[10], yc[10];
    double y0a[2] = { 1.0, 2.0 }, y0b[2] = { -3.0, 0.5 };
    struct mas_solver_stats sa, sb, sc;
    char err[MAS_ERR_LEN] = "";
    struct mas_solver *fresh, *used;
    assert_int_equal(mas_solver_new(&sys, &o, &fresh, err), MAS_OK);
    assert_int_equal(mas_solver_run(fresh, 0.0, y0a, t_out, 5, ya, NULL, &sa, err), MAS_OK);
    printf("  run A: %lu steps, %lu factorizations, %lu with new pivots\n", sa.steps,
           sa.factorizations, sa.pivotings);
    assert_true(sa.pivotings >= 1);
    assert_int_equal(mas_solver_new(&sys, &o, &used, err), MAS_OK);
    assert_int_equal(mas_solver_run(used, 0.0, y0b, t_out, 5, yb, NULL, &sb, err), MAS_OK);
    assert_true(sb.pivotings >= 1);
    assert_int_equal(mas_solver_run(used, 0.0, y0a, t_out, 5, yc, NULL, &sc, err), MAS_OK);
    assert_memory_equal(ya, yc, sizeof ya);
    assert_int_equal(sa.steps, sc.steps);
    assert_int_equal(sa.rejected, sc.rejected);
    assert_int_equal(sa.factorizations, sc.factorizations);
    assert_int_equal(sa.pivotings, sc.pivotings);
    assert_int_equal(sa.rhs_evals, sc.rhs_evals);
    assert_int_equal(sa.jac_evals, sc.jac_evals);
    mas_solver_free(fresh);
    mas_solver_free(used);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_global_order),
        cmocka_unit_test(test_local_orders),
        cmocka_unit_test(test_extension_ends),
        cmocka_unit_test(test_l_stability),
        cmocka_unit_test(test_sparse_equals_dense),
        cmocka_unit_test(test_restart_equals_new),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
