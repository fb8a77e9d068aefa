/*
 * ivp_testset.h — the stiff test problems of ../shared/reference/ivp-testset.md
 * (HIRES, Robertson, Van der Pol with mu = 1000) as right-hand sides and
 * analytic Jacobians (row-major J[i*n + j]) in the solver's signatures;
 * shared by tests/test_solver.c and bench/solvers.c.
 */
#ifndef MAS_IVP_TESTSET_H
#define MAS_IVP_TESTSET_H

#include <gsl/gsl_errno.h>
#include <string.h>

static int hires_rhs(double t, const double y[], double f[], void *p)
{
    (void)t; (void)p;
    f[0] = -1.71 * y[0] + 0.43 * y[1] + 8.32 * y[2] + 0.0007;
    f[1] = 1.71 * y[0] - 8.75 * y[1];
    f[2] = -10.03 * y[2] + 0.43 * y[3] + 0.035 * y[4];
    f[3] = 8.32 * y[1] + 1.71 * y[2] - 1.12 * y[3];
    f[4] = -1.745 * y[4] + 0.43 * y[5] + 0.43 * y[6];
    f[5] = -280.0 * y[5] * y[7] + 0.69 * y[3] + 1.71 * y[4] - 0.43 * y[5] + 0.69 * y[6];
    f[6] = 280.0 * y[5] * y[7] - 1.81 * y[6];
    f[7] = -280.0 * y[5] * y[7] + 1.81 * y[6];
    return GSL_SUCCESS;
}

static int hires_jac(double t, const double y[], double *J, double dfdt[], void *p)
{
    (void)t; (void)p;
    memset(J, 0, 64 * sizeof *J);
    J[0 * 8 + 0] = -1.71;  J[0 * 8 + 1] = 0.43;   J[0 * 8 + 2] = 8.32;
    J[1 * 8 + 0] = 1.71;   J[1 * 8 + 1] = -8.75;
    J[2 * 8 + 2] = -10.03; J[2 * 8 + 3] = 0.43;   J[2 * 8 + 4] = 0.035;
    J[3 * 8 + 1] = 8.32;   J[3 * 8 + 2] = 1.71;   J[3 * 8 + 3] = -1.12;
    J[4 * 8 + 4] = -1.745; J[4 * 8 + 5] = 0.43;   J[4 * 8 + 6] = 0.43;
    J[5 * 8 + 3] = 0.69;   J[5 * 8 + 4] = 1.71;   J[5 * 8 + 5] = -280.0 * y[7] - 0.43;
    J[5 * 8 + 6] = 0.69;   J[5 * 8 + 7] = -280.0 * y[5];
    J[6 * 8 + 5] = 280.0 * y[7];  J[6 * 8 + 6] = -1.81;  J[6 * 8 + 7] = 280.0 * y[5];
    J[7 * 8 + 5] = -280.0 * y[7]; J[7 * 8 + 6] = 1.81;   J[7 * 8 + 7] = -280.0 * y[5];
    memset(dfdt, 0, 8 * sizeof *dfdt);
    return GSL_SUCCESS;
}

static int rober_rhs(double t, const double y[], double f[], void *p)
{
    (void)t; (void)p;
    f[0] = -0.04 * y[0] + 1e4 * y[1] * y[2];
    f[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1];
    f[2] = 3e7 * y[1] * y[1];
    return GSL_SUCCESS;
}

static int rober_jac(double t, const double y[], double *J, double dfdt[], void *p)
{
    (void)t; (void)p;
    J[0] = -0.04; J[1] = 1e4 * y[2];                  J[2] = 1e4 * y[1];
    J[3] = 0.04;  J[4] = -1e4 * y[2] - 6e7 * y[1];    J[5] = -1e4 * y[1];
    J[6] = 0.0;   J[7] = 6e7 * y[1];                  J[8] = 0.0;
    dfdt[0] = dfdt[1] = dfdt[2] = 0.0;
    return GSL_SUCCESS;
}

static const double vdp_mu = 1000.0;

static int vdp_rhs(double t, const double y[], double f[], void *p)
{
    (void)t; (void)p;
    f[0] = y[1];
    f[1] = vdp_mu * (1.0 - y[0] * y[0]) * y[1] - y[0];
    return GSL_SUCCESS;
}

static int vdp_jac(double t, const double y[], double *J, double dfdt[], void *p)
{
    (void)t; (void)p;
    J[0] = 0.0;
    J[1] = 1.0;
    J[2] = -2.0 * vdp_mu * y[0] * y[1] - 1.0;
    J[3] = vdp_mu * (1.0 - y[0] * y[0]);
    dfdt[0] = dfdt[1] = 0.0;
    return GSL_SUCCESS;
}

#endif
