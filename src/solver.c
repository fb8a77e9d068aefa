/*
 * solver.c — the model-agnostic integrator behind src/solver.h.
 *
 * It drives GSL odeiv2 one accepted step at a time (gsl_odeiv2_evolve_apply
 * with t1 = the next breakpoint, so a step never passes one), counts what
 * the steppers cost (accepted and rejected steps, right-hand side and
 * Jacobian evaluations through thin wrappers around the user's functions,
 * and rodas4's factorizations), applies breakpoints (bolus doses, parameter
 * switches) exactly at their times and resets the stepper after each, and
 * fills the output grid by interpolation within the steps that pass it
 * (rodas4's continuous extension; cubic Hermite for GSL's steppers), so the
 * grid never shortens a step.  Every way a run can go wrong (a GSL error status, a user function
 * that fails, a step size that collapses, a non-finite state, too many
 * steps) ends the run with MAS_ESOLVER and a message naming the time and a
 * state; nothing is silently truncated.
 *
 * Why these defaults (stepper, tolerances): docs/solver.md, which holds the
 * measurements on the stiff test problems of ../shared/reference (beside the project).
 */
#include "solver.h"
#include "massim.h"
#include "rodas.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_roots.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A step size below this fraction of |t| makes no progress in double
 * precision (about 45 ulp): the integration has stalled. */
#define STALL_REL 1e-14

/* What is left of an interval after a step that ended this many ulps of
 * t_stop short of it is a rounding sliver, not time to integrate. */
#define SLIVER_ULPS 16.0

/* rodas4's local tolerance per unit of global target: 1, measured (its
 * global error on the stiff test set is 0.08-0.2 of the target at the
 * defaults, and about 1 on the MAS model's whole trajectory;
 * docs/solver.md). */
#define RODAS_LOCAL_TOL 1.0

/* Steppers by name.  The table holds the address of GSL's exported type
 * pointer, which is a constant expression (the pointer's value is not).
 *
 * local_tol: the user's rtol/atol are targets for the *global* error; the
 * stepper is given rtol * local_tol and atol * local_tol as its local
 * tolerances.
 * For msbdf the global error was measured at 20-400 times its local
 * tolerance on the stiff test set, and 1/100 brings it back to within 10x
 * of the target on all three problems and every initial step tried
 * (docs/solver.md).  Steppers not calibrated keep 1. */
struct stepper_entry {
    const char *name;
    const gsl_odeiv2_step_type *const *type;
    int needs_jac;
    double local_tol;
    int rodas;                  /* the project's rodas4: continuous extension, KLU */
};

static const struct stepper_entry steppers[] = {
    { "rodas4",  &mas_step_rodas4,         1, RODAS_LOCAL_TOL, 1 },
    { "msbdf",   &gsl_odeiv2_step_msbdf,   1, 0.01, 0 },
    { "rk4imp",  &gsl_odeiv2_step_rk4imp,  1, 1.0, 0 },
    { "bsimp",   &gsl_odeiv2_step_bsimp,   1, 1.0, 0 },
    { "rk2imp",  &gsl_odeiv2_step_rk2imp,  1, 1.0, 0 },
    { "rk1imp",  &gsl_odeiv2_step_rk1imp,  1, 1.0, 0 },
    { "msadams", &gsl_odeiv2_step_msadams, 0, 1.0, 0 },
    { "rkf45",   &gsl_odeiv2_step_rkf45,   0, 1.0, 0 },
    { "rkck",    &gsl_odeiv2_step_rkck,    0, 1.0, 0 },
    { "rk8pd",   &gsl_odeiv2_step_rk8pd,   0, 1.0, 0 },
    { "rk4",     &gsl_odeiv2_step_rk4,     0, 1.0, 0 },
    { "rk2",     &gsl_odeiv2_step_rk2,     0, 1.0, 0 },
};

void mas_solver_defaults(struct mas_solver_opts *o)
{
    /* Chosen by measurement on HIRES, Robertson and Van der Pol: see
     * docs/solver.md.  atol suits lab states from ~1e-3 to 1e5. */
    o->stepper = "rodas4";
    o->rtol = 1e-6;
    o->atol = 1e-9;
    o->h0 = 1e-6;
    o->hmax = 0.0;
    o->max_steps = 1000000;
}

static const struct stepper_entry *find_stepper(const char *name);

double mas_solver_local_tolerance_factor(const char *stepper)
{
    const struct stepper_entry *se = find_stepper(stepper);
    return se ? se->local_tol : NAN;
}

static const struct stepper_entry *find_stepper(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof steppers / sizeof steppers[0]; i++)
        if (strcmp(steppers[i].name, name) == 0)
            return &steppers[i];
    return NULL;
}

/* ---- counting wrappers around the user's functions ---------------------- */

struct counted_system {
    const struct mas_system *sys;
    unsigned long rhs_evals, jac_evals;
    int user_status;            /* first non-success status from the user */
    const char *user_fn;        /* "right-hand side" or "Jacobian" */
    double user_t;
    long nan_rate_state;        /* first state whose derivative came back
                                 * non-finite from a finite state, in the
                                 * latest such call; -1 if none */
};

/* A user failure becomes GSL_EBADFUNC, which GSL passes straight up instead
 * of retrying with a smaller step. */
static int user_failed(struct counted_system *cs, int status, const char *fn, double t)
{
    if (cs->user_status == GSL_SUCCESS) {
        cs->user_status = status;
        cs->user_fn = fn;
        cs->user_t = t;
    }
    return GSL_EBADFUNC;
}

static int counted_rhs(double t, const double y[], double dy[], void *params)
{
    struct counted_system *cs = params;
    cs->rhs_evals++;
    int status = cs->sys->rhs(t, y, dy, cs->sys->params);
    if (status != GSL_SUCCESS)
        return user_failed(cs, status, "right-hand side", t);
    /* A NaN derivative makes GSL reject the step and shrink it until the
     * run stalls just before the bad time, where every state is still
     * finite: remember whose derivative it was, to blame that state.  Only
     * calls with a finite state count (a stepper's trial state may already
     * carry the NaN into every derivative). */
    for (size_t i = 0; i < cs->sys->dim; i++)
        if (!isfinite(y[i]))
            return GSL_SUCCESS;
    for (size_t i = 0; i < cs->sys->dim; i++)
        if (!isfinite(dy[i])) {
            cs->nan_rate_state = (long)i;
            break;
        }
    return GSL_SUCCESS;
}

static int counted_jac(double t, const double y[], double *dfdy, double dfdt[], void *params)
{
    struct counted_system *cs = params;
    cs->jac_evals++;
    int status = cs->sys->jac(t, y, dfdy, dfdt, cs->sys->params);
    return status == GSL_SUCCESS ? GSL_SUCCESS : user_failed(cs, status, "Jacobian", t);
}

static int counted_jac_sparse(double t, const double y[], double *values, double dfdt[],
                              void *params)
{
    struct counted_system *cs = params;
    cs->jac_evals++;
    int status = cs->sys->jac_sparse(t, y, values, dfdt, cs->sys->params);
    return status == GSL_SUCCESS ? GSL_SUCCESS : user_failed(cs, status, "Jacobian", t);
}

/* ---- one run's working state -------------------------------------------- */

struct run {
    const struct mas_system *sys;
    const struct mas_solver_opts *o;
    const struct stepper_entry *se;
    struct counted_system *cs;
    gsl_odeiv2_system *gsys;
    gsl_odeiv2_driver *drv;
    double t, h;
    double *y;
    /* the last step, for interpolation: from (t_prev, y_prev); f at both
     * ends computed when an output falls inside (cubic Hermite) */
    double t_prev;
    double *y_prev, *f_prev, *f_now;
    int have_f_prev;            /* f_prev = f(t_prev, y_prev) */
    int have_f_now;             /* f_now = f(t, y) */
    unsigned long steps, steps_since_output;
    char *err;
    /* conditions (bp->n_roots > 0): the breakpoints as fire() leaves them,
     * which have fired, g at the current point, scratch for a state */
    struct mas_breakpoints bp;
    size_t n_roots;
    unsigned char fired[MAS_SOLVER_MAX_ROOTS];
    double g[MAS_SOLVER_MAX_ROOTS];
    double *y_root, *y_try;
    gsl_root_fsolver *brent;
};

static void state_name(const struct run *r, size_t i, char *buf, size_t len)
{
    if (r->sys->names && r->sys->names[i])
        snprintf(buf, len, "%s", r->sys->names[i]);
    else
        snprintf(buf, len, "y[%zu]", i);
}

/* The state to blame: the first whose value is non-finite, else the first
 * whose derivative is non-finite (now, or in the latest right-hand side
 * call that gave one: a NaN derivative makes the step collapse before any
 * state turns NaN), else the one changing fastest relative to its
 * tolerance (the one that drives the step size down), else the largest. */
static size_t culprit_state(struct run *r)
{
    size_t n = r->sys->dim, best = 0;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(r->y[i]))
            return i;
    if (r->cs->nan_rate_state >= 0 && (size_t)r->cs->nan_rate_state < n)
        return (size_t)r->cs->nan_rate_state;
    double *dy = malloc(n * sizeof *dy);
    r->cs->rhs_evals += dy != NULL;
    int have_rate = dy && r->sys->rhs(r->t, r->y, dy, r->sys->params) == GSL_SUCCESS;
    for (size_t i = 0; have_rate && i < n; i++)
        if (!isfinite(dy[i])) {
            free(dy);
            return i;
        }
    double worst = -1.0;
    for (size_t i = 0; i < n; i++) {
        double scale = r->o->atol + r->o->rtol * fabs(r->y[i]);
        double v = have_rate ? fabs(dy[i]) / scale : fabs(r->y[i]);
        if (v > worst) {
            worst = v;
            best = i;
        }
    }
    free(dy);
    return best;
}

/* Fill err with "solver failed at t = T day: state 'x' = v (why)". */
static int solver_failure(struct run *r, const char *why)
{
    char name[128];
    size_t i = culprit_state(r);
    state_name(r, i, name, sizeof name);
    return mas_fail(r->err, MAS_ESOLVER, "solver failed at t = %.10g day: state '%s' = %.6g (%s)",
                    r->t, name, r->y[i], why);
}

static int gsl_failure(struct run *r, int status)
{
    char why[256];
    if (r->cs->user_status != GSL_SUCCESS)
        snprintf(why, sizeof why, "the %s returned status %d at t = %.10g",
                 r->cs->user_fn, r->cs->user_status, r->cs->user_t);
    else
        snprintf(why, sizeof why, "GSL status %d: %s", status, gsl_strerror(status));
    return solver_failure(r, why);
}

static int first_non_finite(const double *y, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(y[i]))
            return (int)i;
    return -1;
}

/* ---- integration ---------------------------------------------------------- */

/* Check one accepted step: finite state, a step size that still moves t,
 * and the step budget of this output interval. */
static int check_step(struct run *r, int final_step)
{
    char why[160];
    if (first_non_finite(r->y, r->sys->dim) >= 0)
        return solver_failure(r, "non-finite state after an accepted step");
    if (!final_step && !(r->h > STALL_REL * fabs(r->t))) {
        snprintf(why, sizeof why, "step size %.3g below %.0e |t|: stalled", r->h, STALL_REL);
        return solver_failure(r, why);
    }
    if (r->o->max_steps && r->steps_since_output > r->o->max_steps) {
        snprintf(why, sizeof why, "more than max_steps = %lu steps in one output interval",
                 r->o->max_steps);
        return solver_failure(r, why);
    }
    return MAS_OK;
}

/* Cubic Hermite interpolation over the last step (GSL's steppers offer no
 * continuous extension): from y and f at both ends, f computed here when
 * an output falls inside the step (f at the start is kept from the step
 * before when the state did not jump in between). */
static int hermite(struct run *r, double theta, double *out)
{
    size_t n = r->sys->dim;
    double h = r->t - r->t_prev;
    int status = GSL_SUCCESS;
    if (!r->have_f_prev) {
        status = counted_rhs(r->t_prev, r->y_prev, r->f_prev, r->cs);
        r->have_f_prev = status == GSL_SUCCESS;
    }
    if (status == GSL_SUCCESS && !r->have_f_now) {
        status = counted_rhs(r->t, r->y, r->f_now, r->cs);
        r->have_f_now = status == GSL_SUCCESS;
    }
    if (status != GSL_SUCCESS)
        return gsl_failure(r, status);
    double t2 = theta * theta, t3 = t2 * theta;
    double h00 = 2.0 * t3 - 3.0 * t2 + 1.0, h10 = t3 - 2.0 * t2 + theta;
    double h01 = 3.0 * t2 - 2.0 * t3, h11 = t3 - t2;
    for (size_t i = 0; i < n; i++)
        out[i] = h00 * r->y_prev[i] + h10 * h * r->f_prev[i] + h01 * r->y[i]
                 + h11 * h * r->f_now[i];
    return MAS_OK;
}

/* y at t_prev < t_out < t, within the last step. */
static int interpolate(struct run *r, double t_out, double *out)
{
    double theta = (t_out - r->t_prev) / (r->t - r->t_prev);
    if (r->se->rodas) {
        mas_rodas_interpolate(r->drv->s->state, theta, out);
        return MAS_OK;
    }
    return hermite(r, theta, out);
}

/* One accepted step from r->t towards t_stop, never past it. */
static int step_once(struct run *r, double t_stop, unsigned long *rejected)
{
    gsl_odeiv2_driver *d = r->drv;
    size_t n = r->sys->dim;
    /* A step that was not the final one can still end a few ulps short
     * of t_stop (t0 + h rounds down); the remaining sliver (~1e-15 d)
     * is below any step a stepper accepts (msbdf fails on it), and
     * the state cannot change across it: land on t_stop. */
    if (t_stop - r->t <= SLIVER_ULPS * DBL_EPSILON * fabs(t_stop)) {
        r->t = t_stop;
        return MAS_OK;
    }
    if (r->o->hmax > 0 && r->h > r->o->hmax)
        r->h = r->o->hmax;
    double h_try = r->h;
    unsigned long failed = d->e->failed_steps;
    r->t_prev = r->t;
    if (!r->se->rodas) {
        memcpy(r->y_prev, r->y, n * sizeof *r->y);
        /* f at the new start is the last step's f at its end, if computed */
        double *tmp = r->f_prev;
        r->f_prev = r->f_now;
        r->f_now = tmp;
        r->have_f_prev = r->have_f_now;
        r->have_f_now = 0;
    }
    int status = gsl_odeiv2_evolve_apply(d->e, d->c, d->s, r->gsys, &r->t, t_stop,
                                         &r->h, r->y);
    *rejected += d->e->failed_steps - failed;
    if (status != GSL_SUCCESS)
        return gsl_failure(r, status);
    r->steps++;
    r->steps_since_output++;
    int final_step = r->t == t_stop;
    /* A step cut short to land on t_stop says nothing about the step the
     * solution allows: the one-step rodas4 goes on with the step it had
     * (a multistep method restarts from its own h after the reset). */
    if (final_step && r->se->rodas && d->e->failed_steps == failed && r->h < h_try)
        r->h = h_try;
    return check_step(r, final_step);
}

static int apply_breakpoint(struct run *r, const struct mas_breakpoints *bp, double tb,
                            struct mas_solver_stats *st)
{
    r->err[0] = '\0';
    int rc = bp->apply(tb, r->y, bp->ctx, r->err);
    if (rc != MAS_OK) {
        if (r->err[0] == '\0')
            mas_fail(r->err, rc, "breakpoint at t = %.10g day failed (status %d)", tb, rc);
        return rc;
    }
    if (first_non_finite(r->y, r->sys->dim) >= 0)
        return solver_failure(r, "non-finite state after a breakpoint");
    /* The state (or the system's parameters) just jumped: the stepper's
     * history no longer describes the solution.  A reset GSL refuses does
     * not stop the run: it is counted, and the run warns (run.c). */
    int status = gsl_odeiv2_evolve_reset(r->drv->e);
    int s2 = gsl_odeiv2_step_reset(r->drv->s);
    int s3 = gsl_odeiv2_driver_reset(r->drv);
    status = status != GSL_SUCCESS ? status : s2 != GSL_SUCCESS ? s2 : s3;
    r->have_f_now = 0;                      /* f at the end no longer matches y */
    st->resets++;
    if (status != GSL_SUCCESS && st->reset_failures++ == 0)
        st->reset_status = status;
    return MAS_OK;
}

/* ---- conditions (state-triggered events) ---------------------------------- */

static int roots_failed(struct run *r, double t)
{
    return mas_fail(r->err, MAS_ESOLVER, "solver failed at t = %.10g day: the condition "
                    "function returned an error", t);
}

/* g at (t, y) into r->g. */
static int eval_roots(struct run *r, double t, const double *y)
{
    if (r->bp.roots(t, y, r->g, r->bp.ctx) != MAS_OK)
        return roots_failed(r, t);
    return MAS_OK;
}

/* The first breakpoint at or after t. */
static size_t first_breakpoint(const struct mas_breakpoints *bp, double t)
{
    size_t lo = 0, hi = bp->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (bp->t[mid] < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Fire every armed condition that holds at the current point (r->g
 * computed there); *b becomes the first breakpoint at or after r->t, which
 * fire() may have added.  *fired: how many fired. */
static int fire_holding(struct run *r, size_t *b, int *fired, struct mas_solver_stats *st)
{
    *fired = 0;
    for (size_t i = 0; i < r->n_roots; i++) {
        if (r->fired[i] || !(r->g[i] >= 0.0))
            continue;
        r->fired[i] = 1;
        (*fired)++;
        st->roots_fired++;
        r->err[0] = '\0';
        int rc = r->bp.fire(r->t, r->y, i, &r->bp, r->err);
        if (rc != MAS_OK) {
            if (r->err[0] == '\0')
                mas_fail(r->err, rc, "condition %zu at t = %.10g day failed (status %d)", i,
                         r->t, rc);
            return rc;
        }
    }
    if (*fired)
        *b = first_breakpoint(&r->bp, r->t);
    return MAS_OK;
}

struct root_fn {
    struct run *r;
    size_t i;
    int rc;
};

/* g_i along the last step, at theta in [0, 1]. */
static double g_along_step(double theta, void *params)
{
    struct root_fn *f = params;
    struct run *r = f->r;
    double t = r->t_prev + theta * (r->t - r->t_prev);
    if (f->rc != MAS_OK)
        return 0.0;
    if (theta >= 1.0)
        memcpy(r->y_try, r->y, r->sys->dim * sizeof *r->y);
    else if ((f->rc = interpolate(r, t, r->y_try)) != MAS_OK)
        return 0.0;
    if ((f->rc = eval_roots(r, t, r->y_try)) != MAS_OK)
        return 0.0;
    return r->g[f->i];
}

/* The first theta in (0, 1] where g_i >= 0, given g_i < 0 at 0 and >= 0
 * at 1: Brent's method on the continuous extension to MAS_ROOT_TOL_DAY,
 * then the end of the final bracket where g_i holds. */
static int locate(struct run *r, size_t i, double *theta, struct mas_solver_stats *st)
{
    struct root_fn f = { r, i, MAS_OK };
    gsl_function fn = { g_along_step, &f };
    double h = r->t - r->t_prev, lo = 0.0, hi = 1.0;
    double tol = MAS_ROOT_TOL_DAY / h;
    if (tol < 1.0 && gsl_root_fsolver_set(r->brent, &fn, 0.0, 1.0) == GSL_SUCCESS) {
        for (int it = 0; it < 200 && f.rc == MAS_OK; it++) {
            st->root_iterations++;
            if (gsl_root_fsolver_iterate(r->brent) != GSL_SUCCESS)
                break;
            lo = gsl_root_fsolver_x_lower(r->brent);
            hi = gsl_root_fsolver_x_upper(r->brent);
            if (gsl_root_test_interval(lo, hi, tol, 0.0) == GSL_SUCCESS)
                break;
        }
    }
    if (f.rc != MAS_OK)
        return f.rc;
    /* Brent keeps a sign change inside [lo, hi]; take the end where the
     * condition holds (hi, unless g crossed back inside the step). */
    *theta = hi;
    if (hi < 1.0 && !(g_along_step(hi, &f) >= 0.0) && f.rc == MAS_OK && lo > 0.0
        && g_along_step(lo, &f) >= 0.0)
        *theta = lo;
    return f.rc;
}

/* After a step: did an armed condition come to hold within it?  If so,
 * cut the step at the earliest such time (outputs before it filled from
 * the step), fire what holds there, and reset the stepper.  *cut: 1 if the
 * step was cut (the caller goes back to apply breakpoints at r->t). */
static int roots_after_step(struct run *r, const double *t_out, size_t n_out, double *y_out,
                            size_t *k, size_t *b, int *cut, struct mas_solver_stats *st)
{
    size_t dim = r->sys->dim;
    *cut = 0;
    int rc = eval_roots(r, r->t, r->y), any = 0;
    for (size_t i = 0; rc == MAS_OK && i < r->n_roots; i++)
        any |= !r->fired[i] && r->g[i] >= 0.0;
    if (rc != MAS_OK || !any)
        return rc;
    /* the earliest of those that hold at the end of the step */
    double best = 2.0;
    double g_end[MAS_SOLVER_MAX_ROOTS];
    memcpy(g_end, r->g, r->n_roots * sizeof *g_end);
    for (size_t i = 0; i < r->n_roots; i++) {
        double theta;
        if (r->fired[i] || !(g_end[i] >= 0.0))
            continue;
        if ((rc = locate(r, i, &theta, st)) != MAS_OK)
            return rc;
        best = theta < best ? theta : best;
    }
    double t_root = best >= 1.0 ? r->t : r->t_prev + best * (r->t - r->t_prev);
    if (t_root < r->t) {
        if ((rc = interpolate(r, t_root, r->y_root)) != MAS_OK)
            return rc;
    } else {
        memcpy(r->y_root, r->y, dim * sizeof *r->y);
    }
    for (; *k < n_out && t_out[*k] < t_root; (*k)++) {
        if ((rc = interpolate(r, t_out[*k], y_out + *k * dim)) != MAS_OK)
            return rc;
        st->interpolated++;
        r->steps_since_output = 0;
    }
    r->t = t_root;
    memcpy(r->y, r->y_root, dim * sizeof *r->y);
    if ((rc = eval_roots(r, r->t, r->y)) != MAS_OK)
        return rc;
    int fired;
    if ((rc = fire_holding(r, b, &fired, st)) != MAS_OK)
        return rc;
    /* the step was cut (or the schedule changed): the stepper's history
     * ends elsewhere */
    int status = gsl_odeiv2_evolve_reset(r->drv->e);
    int s2 = gsl_odeiv2_step_reset(r->drv->s);
    int s3 = gsl_odeiv2_driver_reset(r->drv);
    status = status != GSL_SUCCESS ? status : s2 != GSL_SUCCESS ? s2 : s3;
    r->have_f_now = 0;
    st->resets++;
    if (status != GSL_SUCCESS && st->reset_failures++ == 0)
        st->reset_status = status;
    *cut = 1;
    return MAS_OK;
}

/* Step freely from breakpoint to breakpoint; fill the outputs a step
 * passes by interpolation within it.  At a time that is both, the
 * breakpoint comes first (right-continuous).  Conditions (r->n_roots)
 * are checked at the start, after each breakpoint and after each step. */
static int integrate(struct run *r, const double *t_out, size_t n_out, double *y_out,
                     struct mas_solver_stats *st)
{
    const struct mas_breakpoints *bp = &r->bp;
    size_t dim = r->sys->dim, k = 0, b = 0;
    double t_last = n_out ? t_out[n_out - 1] : r->t;
    int rc = MAS_OK, check = r->n_roots > 0;   /* check the conditions at this point */
    while (b < bp->n && bp->t[b] < r->t)
        b++;                                /* before the span: not applied */
    for (;;) {
        while (rc == MAS_OK && b < bp->n && bp->t[b] <= r->t && bp->t[b] <= t_last) {
            rc = apply_breakpoint(r, bp, bp->t[b++], st);
            check = r->n_roots > 0;
        }
        if (rc == MAS_OK && check) {
            int fired;
            check = 0;
            rc = eval_roots(r, r->t, r->y);
            if (rc == MAS_OK)
                rc = fire_holding(r, &b, &fired, st);
            if (rc == MAS_OK && fired)
                continue;                   /* apply what fire() added at r->t */
        }
        if (rc != MAS_OK)
            break;
        for (; k < n_out && t_out[k] <= r->t; k++) {
            memcpy(y_out + k * dim, r->y, dim * sizeof *r->y);
            r->steps_since_output = 0;
        }
        if (k == n_out)
            break;
        double t_stop = b < bp->n && bp->t[b] <= t_last ? bp->t[b] : t_last;
        rc = step_once(r, t_stop, &st->rejected);
        if (rc == MAS_OK && r->n_roots > 0) {
            int cut;
            rc = roots_after_step(r, t_out, n_out, y_out, &k, &b, &cut, st);
            if (rc == MAS_OK && cut) {
                check = 0;                  /* fire_holding ran at r->t */
                continue;
            }
        }
        while (rc == MAS_OK && k < n_out && t_out[k] < r->t) {
            rc = interpolate(r, t_out[k], y_out + k * dim);
            if (rc == MAS_OK) {
                st->interpolated++;
                r->steps_since_output = 0;
                k++;
            }
        }
        if (rc != MAS_OK)
            break;
    }
    if (rc != MAS_OK)
        for (size_t i = k * dim; i < n_out * dim; i++)
            y_out[i] = NAN;
    return rc;
}

/* ---- set-up --------------------------------------------------------------- */

static int check_sorted(const double *t, size_t n, int strict, const char *what, char *err)
{
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]))
            return mas_fail(err, MAS_EINPUT, "%s[%zu] is not finite", what, i);
        if (i > 0 && (strict ? t[i] <= t[i - 1] : t[i] < t[i - 1]))
            return mas_fail(err, MAS_EINPUT, "%s must be %s: %s[%zu] = %g after %g", what,
                            strict ? "strictly increasing" : "sorted", what, i, t[i], t[i - 1]);
    }
    return MAS_OK;
}

static int check_system(const struct mas_system *sys, const struct mas_solver_opts *o, char *err)
{
    if (!sys || !sys->rhs || sys->dim == 0 || !o)
        return mas_fail(err, MAS_EINPUT, "solver: missing system or options");
    const struct stepper_entry *se = find_stepper(o->stepper);
    if (!se) {
        char known[256] = "";
        for (size_t i = 0; i < sizeof steppers / sizeof steppers[0]; i++)
            snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s",
                     i ? ", " : "", steppers[i].name);
        return mas_fail(err, MAS_EINPUT, "unknown stepper '%s' (known: %s)",
                        o->stepper ? o->stepper : "(null)", known);
    }
    if (se->needs_jac && !sys->jac && !(se->rodas && sys->jac_sparse && sys->sparsity))
        return mas_fail(err, MAS_EINPUT, "stepper '%s' needs a Jacobian", se->name);
    if (!(o->rtol >= 0) || !(o->atol >= 0) || o->rtol + o->atol <= 0 || !(o->h0 > 0) ||
        !(o->hmax >= 0) || !isfinite(o->rtol + o->atol + o->h0 + o->hmax))
        return mas_fail(err, MAS_EINPUT, "solver: bad tolerances or step sizes "
                        "(rtol %g, atol %g, h0 %g, hmax %g)", o->rtol, o->atol, o->h0, o->hmax);
    return MAS_OK;
}

static int check_run(size_t dim, double t0, const double *y0, const double *t_out,
                     size_t n_out, const double *y_out, const struct mas_breakpoints *bp,
                     char *err)
{
    if (!y0 || (n_out && (!t_out || !y_out)))
        return mas_fail(err, MAS_EINPUT, "solver: missing initial state or output arrays");
    if (!isfinite(t0) || first_non_finite(y0, dim) >= 0)
        return mas_fail(err, MAS_EINPUT, "solver: initial time or state is not finite");
    if (n_out && t_out[0] < t0)
        return mas_fail(err, MAS_EINPUT, "output time %g is before the start time %g",
                        t_out[0], t0);
    int rc = check_sorted(t_out, n_out, 0, "output times", err);
    if (rc == MAS_OK && bp && bp->n) {
        if (!bp->t || !bp->apply)
            return mas_fail(err, MAS_EINPUT, "solver: breakpoints without times or callback");
        rc = check_sorted(bp->t, bp->n, 1, "breakpoint times", err);
    }
    if (rc == MAS_OK && bp && bp->n_roots && (!bp->roots || !bp->fire || !bp->apply
                                              || bp->n_roots > MAS_SOLVER_MAX_ROOTS))
        return mas_fail(err, MAS_EINPUT, "solver: %zu conditions (at most %d, each with "
                        "roots, fire and apply callbacks)", bp->n_roots, MAS_SOLVER_MAX_ROOTS);
    return rc;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A solver kept from run to run: the system and options it was made for,
 * GSL's driver (stepper, control, evolve) and the working vectors. */
struct mas_solver {
    struct mas_system sys;
    struct mas_solver_opts o;
    const struct stepper_entry *se;
    struct counted_system cs;
    gsl_odeiv2_system gsys;
    gsl_odeiv2_driver *drv;
    double *y;                  /* 6 * dim: y, y_prev, f_prev, f_now, y_root, y_try */
    gsl_root_fsolver *brent;    /* locates conditions (mas_breakpoints.roots) */
    int sparse;                 /* rodas4 solves with KLU (the pattern is copied) */
};

void mas_solver_free(struct mas_solver *s)
{
    if (!s)
        return;
    if (s->drv)
        gsl_odeiv2_driver_free(s->drv);
    if (s->brent)
        gsl_root_fsolver_free(s->brent);
    free(s->y);
    free(s);
}

int mas_solver_new(const struct mas_system *sys, const struct mas_solver_opts *o,
                   struct mas_solver **out, char *err)
{
    *out = NULL;
    gsl_set_error_handler_off();            /* idempotent; library use is safe */
    int rc = check_system(sys, o, err);
    if (rc != MAS_OK)
        return rc;
    struct mas_solver *s = calloc(1, sizeof *s);
    if (!s)
        return mas_fail(err, MAS_ESOLVER, "solver: out of memory");
    s->sys = *sys;
    s->o = *o;
    s->se = find_stepper(o->stepper);
    s->o.stepper = s->se->name;             /* the table's string outlives the caller's */
    size_t n = sys->dim;
    s->cs.sys = &s->sys;
    s->gsys = (gsl_odeiv2_system){ counted_rhs, sys->jac ? counted_jac : NULL, n, &s->cs };
    s->y = malloc(6 * n * sizeof *s->y);
    s->brent = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    s->drv = gsl_odeiv2_driver_alloc_y_new(&s->gsys, *s->se->type, o->h0,
                                           o->atol * s->se->local_tol, o->rtol * s->se->local_tol);
    if (!s->y || !s->drv || !s->brent) {
        mas_solver_free(s);
        return mas_fail(err, MAS_ESOLVER, "solver: out of memory (or GSL refused the settings)");
    }
    if (s->se->rodas && sys->jac_sparse && sys->sparsity) {
        rc = mas_rodas_set_sparse(s->drv->s->state, sys->sparsity, counted_jac_sparse, &s->cs,
                                  err);
        if (rc != MAS_OK) {
            mas_solver_free(s);
            return rc;
        }
        s->sparse = 1;
    }
    s->sys.sparsity = NULL;                 /* the caller's; rodas4 keeps its own copy */
    *out = s;
    return MAS_OK;
}

int mas_solver_run(struct mas_solver *s, double t0, const double *y0,
                   const double *t_out, size_t n_out, double *y_out,
                   const struct mas_breakpoints *bp, struct mas_solver_stats *st, char *err)
{
    struct mas_solver_stats local = { 0 };
    char local_err[MAS_ERR_LEN];
    double start = now_s();
    if (!st)
        st = &local;
    if (!err)
        err = local_err;
    memset(st, 0, sizeof *st);
    int rc = check_run(s->sys.dim, t0, y0, t_out, n_out, y_out, bp, err);
    if (rc != MAS_OK)
        return rc;
    size_t n = s->sys.dim;
    /* As new: the counters, the cached point, the step size, GSL's
     * evolve and stepper history (a run never depends on the one before). */
    s->cs = (struct counted_system){ .sys = &s->sys, .nan_rate_state = -1 };
    struct run r = { .sys = &s->sys, .o = &s->o, .se = s->se, .cs = &s->cs, .gsys = &s->gsys,
                     .drv = s->drv, .t = t0, .h = s->o.h0, .err = err, .y = s->y };
    int status = gsl_odeiv2_evolve_reset(s->drv->e);
    if (status == GSL_SUCCESS)
        status = gsl_odeiv2_step_reset(s->drv->s);
    if (status == GSL_SUCCESS)
        status = gsl_odeiv2_driver_reset(s->drv);
    if (status == GSL_SUCCESS && s->se->rodas)
        status = mas_rodas_restart(s->drv->s->state);
    if (status != GSL_SUCCESS)
        return mas_fail(err, MAS_ESOLVER, "solver: the stepper could not be reset for a new "
                        "run (GSL status %d)", status);
    r.y_prev = r.y + n;
    r.f_prev = r.y + 2 * n;
    r.f_now = r.y + 3 * n;
    r.y_root = r.y + 4 * n;
    r.y_try = r.y + 5 * n;
    r.brent = s->brent;
    if (bp)
        r.bp = *bp;
    r.n_roots = bp && bp->roots ? bp->n_roots : 0;
    memcpy(r.y, y0, n * sizeof *r.y);
    st->sparse = s->sparse;
    rc = integrate(&r, t_out, n_out, y_out, st);
    st->steps = r.steps;
    st->rhs_evals = s->cs.rhs_evals;
    st->jac_evals = s->cs.jac_evals;
    st->failures = rc != MAS_OK;
    st->wall_s = now_s() - start;
    if (s->se->rodas) {
        struct mas_rodas_counts c;
        mas_rodas_counts(s->drv->s->state, &c);
        st->factorizations = c.factorizations;
        st->solves = c.solves;
        st->pivotings = c.pivotings;
    }
    return rc;
}

int mas_solve(const struct mas_system *sys, const struct mas_solver_opts *o,
              double t0, const double *y0,
              const double *t_out, size_t n_out, double *y_out,
              const struct mas_breakpoints *bp,
              struct mas_solver_stats *st, char *err)
{
    char local_err[MAS_ERR_LEN];
    if (!err)
        err = local_err;
    if (st)
        memset(st, 0, sizeof *st);
    int rc = check_system(sys, o, err);
    if (rc == MAS_OK)
        rc = check_run(sys->dim, t0, y0, t_out, n_out, y_out, bp, err);
    struct mas_solver *s = NULL;
    if (rc == MAS_OK)
        rc = mas_solver_new(sys, o, &s, err);
    if (rc == MAS_OK)
        rc = mas_solver_run(s, t0, y0, t_out, n_out, y_out, bp, st, err);
    mas_solver_free(s);
    return rc;
}
