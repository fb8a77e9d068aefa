/*
 * solver.h — the model-agnostic integrator: GSL odeiv2 with a stiff stepper
 * and an analytic Jacobian, an output grid, and breakpoints.
 *
 * The solver integrates exactly to every breakpoint (never past it), calls
 * the breakpoint callback there (which may change y — a bolus dose — or the
 * system's parameters), and resets the stepper before going on.  Between
 * breakpoints it steps freely and fills the output grid by interpolation
 * within the step that covers each output time (the stepper's continuous
 * extension, or cubic Hermite for GSL's steppers): the output grid does not
 * change the steps taken.  An output time equal to a breakpoint time is
 * sampled after the breakpoint has been applied (right-continuous).
 * A failure (GSL error, step size underflow, non-finite state) returns
 * MAS_ESOLVER with a message naming the time and the state that failed;
 * the trajectory is never silently truncated.
 *
 * Documentation of the choice of stepper: docs/solver.md.
 */
#ifndef MAS_SOLVER_H
#define MAS_SOLVER_H

#include <stddef.h>

#include "rodas.h"

struct mas_system {
    size_t dim;
    int (*rhs)(double t, const double y[], double dy[], void *params);
    int (*jac)(double t, const double y[], double *dfdy, double dfdt[], void *params);
    void *params;
    const char *const *names;   /* optional: state names for messages */
    /* Optional: the Jacobian in sparse form (rodas.h); the rodas4 stepper
     * then solves with KLU instead of a dense LU. */
    const struct mas_sparsity *sparsity;
    mas_jac_sparse_fn jac_sparse;
};

struct mas_solver_opts {
    const char *stepper;        /* "rodas4" (default), "msbdf", "rk4imp", "bsimp", "rkf45" ... */
    double rtol;                /* relative tolerance */
    double atol;                /* absolute tolerance */
    double h0;                  /* initial step */
    double hmax;                /* largest step, 0 = unlimited */
    unsigned long max_steps;    /* steps without reaching an output time, 0 = unlimited */
};

/* The project's defaults (the values the stiff tests are run at). */
void mas_solver_defaults(struct mas_solver_opts *o);

/* rtol and atol are targets for the global error; GSL is given them times
 * this factor as its local tolerances (measured per stepper, docs/solver.md).
 * NaN for an unknown stepper. */
double mas_solver_local_tolerance_factor(const char *stepper);

struct mas_solver_stats {
    unsigned long steps;        /* accepted steps */
    unsigned long rhs_evals;
    unsigned long jac_evals;
    unsigned long rejected;     /* steps the control rejected (retried smaller) */
    unsigned long factorizations; /* LU factorizations (rodas4; 0: not counted) */
    unsigned long solves;       /* linear solves (rodas4; 0: not counted) */
    unsigned long pivotings;    /* KLU factorizations choosing new pivots (rodas4 on
                                   KLU; the others refactorize with the pivots kept) */
    unsigned long interpolated; /* outputs filled by interpolation within a step */
    int sparse;                 /* 1 if the linear algebra was sparse (KLU) */
    unsigned long resets;       /* stepper resets at breakpoints */
    unsigned long reset_failures; /* resets for which GSL returned a non-success status
                                     (the integration went on; the run warns) */
    int reset_status;           /* the first such GSL status (0: none) */
    unsigned long failures;     /* failed integrations (0 or 1) */
    unsigned long roots_fired;  /* conditions that fired (struct mas_breakpoints) */
    unsigned long root_iterations; /* Brent iterations locating them */
    double wall_s;
};

/* The most conditions one run may watch (struct mas_breakpoints.n_roots). */
#define MAS_SOLVER_MAX_ROOTS 16
/* A located root is known within this many days (under 1 ms): far below
 * the time the solver's state error allows telling apart (docs/solver.md,
 * "Conditions"). */
#define MAS_ROOT_TOL_DAY 1e-8

struct mas_breakpoints {
    const double *t;            /* sorted, strictly increasing */
    size_t n;
    /* Called once per breakpoint time, after integrating exactly to it. */
    int (*apply)(double t, double *y, void *ctx, char *err);
    void *ctx;
    /* Optional: conditions watched along the way (state-triggered events;
     * n_roots 0 or roots NULL: none).  roots() computes g_0 .. g_{n_roots-1}
     * at (t, y); condition i holds where g_i >= 0.  Each fires once, at the
     * first time it holds: at t0 if it holds there, at a breakpoint if the
     * jump makes it hold, else where g_i crosses from < 0 to >= 0 within a
     * step, located by GSL's Brent solver on the step's continuous
     * extension to MAS_ROOT_TOL_DAY (the time returned is the end of the
     * final bracket where g_i >= 0).  The step is cut there, the outputs
     * before it filled, and fire() called with the time, the state there
     * and the condition; it may add breakpoints at or after that time by
     * setting bp->t and bp->n (bp is the solver's copy).  The solver then
     * goes on from the first breakpoint at or after the time it fired, so
     * apply() may be called a second time at one time: it must act only
     * on what it has not applied yet (schedule.c keeps a cursor). */
    size_t n_roots;
    int (*roots)(double t, const double *y, double *g, void *ctx);
    int (*fire)(double t, const double *y, size_t i, struct mas_breakpoints *bp, char *err);
};

/* Integrate from (t0, y0) and write y at each t_out[k] (sorted, >= t0) into
 * y_out[k * dim .. k * dim + dim - 1].  bp may be NULL.  Returns MAS_OK or
 * MAS_ESOLVER (err filled: time, state name, value, GSL status). */
int mas_solve(const struct mas_system *sys, const struct mas_solver_opts *o,
              double t0, const double *y0,
              const double *t_out, size_t n_out, double *y_out,
              const struct mas_breakpoints *bp,
              struct mas_solver_stats *st, char *err);

/* The same in two parts, for many runs of one system (a sweep's worker):
 * mas_solver_new() checks the system and options and allocates GSL's
 * driver, the working vectors and (rodas4 with a sparsity pattern) KLU's
 * analysis, once; mas_solver_run() integrates as mas_solve() does, without
 * allocating, and gives the same numbers bit for bit as a new solver
 * would (the stepper's history, step size, counters and KLU's pivots are
 * reset first).  sys and o are copied; sys->params and the names must
 * outlive the solver. */
struct mas_solver;
int mas_solver_new(const struct mas_system *sys, const struct mas_solver_opts *o,
                   struct mas_solver **s, char *err);
int mas_solver_run(struct mas_solver *s, double t0, const double *y0,
                   const double *t_out, size_t n_out, double *y_out,
                   const struct mas_breakpoints *bp, struct mas_solver_stats *st, char *err);
void mas_solver_free(struct mas_solver *s);

#endif
