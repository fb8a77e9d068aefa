/*
 * rodas.h — RODAS4, a stiffly accurate, L-stable Rosenbrock method of order
 * 4 with an embedded method of order 3 and a continuous extension of order
 * 3, as a GSL odeiv2 step type (it runs under gsl_odeiv2_evolve and the
 * standard control like GSL's own steppers).
 *
 * Its linear systems (I/(h gamma) - J) k = b are solved either densely
 * (GSL's LU, from the system's dense Jacobian) or, once
 * mas_rodas_set_sparse() has been called, by SuiteSparse KLU on the
 * Jacobian's sparsity pattern: one symbolic analysis per pattern, then a
 * numeric refactorization per step.
 *
 * Method and coefficients: Hairer & Wanner, Solving Ordinary Differential
 * Equations II, 2nd ed. (Springer 1996), section IV.7, and their code
 * rodas.f (METH = 1); docs/solver.md.
 */
#ifndef MAS_RODAS_H
#define MAS_RODAS_H

#include <stddef.h>

#include <gsl/gsl_odeiv2.h>

/* A sparsity pattern in compressed-column form (the form KLU takes): the
 * row indices of column j are rowind[colptr[j] .. colptr[j+1]-1], sorted.
 * It must contain the diagonal. */
struct mas_sparsity {
    int n;
    int nnz;
    const int *colptr;          /* n + 1 */
    const int *rowind;          /* nnz */
};

/* The Jacobian's values in the pattern's order (values[k] belongs to the
 * k-th stored entry), and df/dt (n values).  values has room for nnz + 1
 * entries: the last is scratch (mas_model_jac_sparse writes entries outside
 * its pattern there, to detect them).  GSL_SUCCESS or a status. */
typedef int (*mas_jac_sparse_fn)(double t, const double y[], double *values, double dfdt[],
                                 void *params);

extern const gsl_odeiv2_step_type *const mas_step_rodas4;

/* The state of a rodas4 stepper (gsl_odeiv2_step's `state`). */
struct mas_rodas;

/* Solve with KLU on this pattern and sparse Jacobian from now on (the
 * pattern is copied).  MAS_OK, or MAS_EINPUT (no diagonal, wrong size)
 * or MAS_ESOLVER (KLU's analysis failed) with err filled. */
int mas_rodas_set_sparse(struct mas_rodas *s, const struct mas_sparsity *p,
                         mas_jac_sparse_fn jac, void *params, char *err);

/* The continuous extension over the last step taken (the accepted one
 * once gsl_odeiv2_evolve_apply has returned): y at t0 + theta h,
 * 0 <= theta <= 1. */
void mas_rodas_interpolate(const struct mas_rodas *s, double theta, double *y);

/* Work counters since the stepper was allocated or restarted. */
struct mas_rodas_counts {
    unsigned long jac_evals;        /* Jacobian evaluations (dense or sparse) */
    unsigned long factorizations;   /* LU factorizations (KLU: numeric refactorizations) */
    unsigned long pivotings;        /* KLU: full factorizations choosing new pivots */
    unsigned long solves;           /* linear solves (one right-hand side each) */
    unsigned long rhs_reused;       /* f(t0, y0) taken from the last step's end */
};
void mas_rodas_counts(const struct mas_rodas *s, struct mas_rodas_counts *c);

/* Make the stepper as if new for another run on the same system: no
 * cached point, counters zero, and (KLU) the reference pivots every run
 * starts from.  Allocates only when the last run had to choose new pivots.
 * GSL_SUCCESS, or GSL_ENOMEM. */
int mas_rodas_restart(struct mas_rodas *s);

#endif
