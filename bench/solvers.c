/*
 * bench/solvers.c — work and precision of massim's steppers against
 * SUNDIALS CVODE (BDF, dense LU and KLU), in one process, contenders
 * interleaved (`make bench`, bench/run.sh).
 *
 * Every contender gets the same C right-hand side and analytic Jacobian
 * (the model's own, dense or sparse), the same output grid and the same
 * breakpoints (doses, infusion edges, switches): integrate to each one
 * exactly, apply it, restart (CVodeReInit; massim resets its stepper).
 * Both fill the output grid by interpolation (CVODE: CV_NORMAL with a stop
 * time at the next breakpoint).
 *
 * Usage: solvers OUTDIR REPS PROBLEM...   (PROBLEM: a scenario .yaml, or
 * hires, robertson, vdp).  For each problem: a reference at rtol 1e-12
 * (CVODE, dense LU; checked against rodas4 at 1e-12, printed), written to
 * OUTDIR/ref-NAME.csv for the SciPy side; then for rtol 1e-4 ... 1e-9
 * (atol = rtol / 1000) REPS rounds over all contenders; one CSV row per
 * contender and rtol on stdout: problem,method,rtol,cpu_ms,error,steps,
 * rhs_evals,jac_evals,factorizations (cpu_ms the median of REPS).
 *
 * error: the largest relative deviation from the reference over every
 * state and output time, |y - ref| / max(|ref|, 1e-6 max_t |ref|, floor):
 * a state that decays to zero is measured against a millionth of its own
 * range, not against zero, and for the MAS model against at least 1e-9
 * (the default atol: states of ~1e-30, a pathogen long cleared, carry no
 * meaning in lab units).
 */
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_klu.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_sparse.h>

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "massim.h"
#include "model.h"
#include "run.h"
#include "schedule.h"
#include "solver.h"

#include "ivp_testset.h"         /* tests/: HIRES, Robertson, Van der Pol */

/* ---- problems ----------------------------------------------------------------- */

struct problem {
    char name[64];
    struct mas_system sys;
    struct mas_sparsity pattern;      /* the model's, or the full n x n */
    int *full_colptr, *full_rowind;   /* storage of a full pattern */
    double t0, *y0;
    double *t_out;
    size_t n_out;
    struct mas_breakpoints bp;
    struct mas_run run;               /* a scenario: owns the model */
    struct mas_schedule sched;
    int is_scenario;
    double abs_floor;                 /* error floor: 1e-9 (the model's atol) or 1e-300 */
    double *scratch, *dfdt, *dense;   /* Jacobian buffers for CVODE */
};

static void full_pattern(struct problem *p)
{
    int n = (int)p->sys.dim;
    p->full_colptr = malloc(((size_t)n + 1) * sizeof(int));
    p->full_rowind = malloc((size_t)n * (size_t)n * sizeof(int));
    for (int j = 0; j <= n; j++)
        p->full_colptr[j] = j * n;
    for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            p->full_rowind[j * n + i] = i;
    p->pattern = (struct mas_sparsity){ n, n * n, p->full_colptr, p->full_rowind };
}

static int test_set_problem(struct problem *p, const char *name)
{
    static const double hires_y0[8] = { 1, 0, 0, 0, 0, 0, 0, 0.0057 };
    static const double rober_y0[3] = { 1, 0, 0 }, vdp_y0[2] = { 2, 0 };
    const double *y0;
    double t_end;
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", name);
    if (strcmp(name, "hires") == 0) {
        p->sys = (struct mas_system){ 8, hires_rhs, hires_jac, NULL, NULL, NULL, NULL };
        y0 = hires_y0;
        t_end = 321.8122;
    } else if (strcmp(name, "robertson") == 0) {
        p->sys = (struct mas_system){ 3, rober_rhs, rober_jac, NULL, NULL, NULL, NULL };
        y0 = rober_y0;
        t_end = 1e11;
    } else if (strcmp(name, "vdp") == 0) {
        p->sys = (struct mas_system){ 2, vdp_rhs, vdp_jac, NULL, NULL, NULL, NULL };
        y0 = vdp_y0;
        t_end = 2000.0;
    } else {
        return -1;
    }
    size_t n = p->sys.dim;
    p->y0 = malloc(n * sizeof *p->y0);
    memcpy(p->y0, y0, n * sizeof *p->y0);
    /* 200 outputs: uniform, or log-spaced from 1e-6 for Robertson's 1e11 */
    p->n_out = 200;
    p->t_out = malloc(p->n_out * sizeof *p->t_out);
    for (size_t k = 0; k < p->n_out; k++) {
        double f = (double)(k + 1) / (double)p->n_out;
        p->t_out[k] = t_end > 1e6 ? 1e-6 * pow(t_end / 1e-6, f) : t_end * f;
    }
    p->t_out[p->n_out - 1] = t_end;
    full_pattern(p);
    p->abs_floor = 1e-300;
    return 0;
}

static int scenario_problem(struct problem *p, const char *path)
{
    char err[MAS_ERR_LEN] = "";
    memset(p, 0, sizeof *p);
    const char *base = strrchr(path, '/');
    snprintf(p->name, sizeof p->name, "%s", base ? base + 1 : path);
    char *dot = strrchr(p->name, '.');
    if (dot)
        *dot = '\0';
    /* one ordinary run gives the output grid (and checks the scenario) */
    if (mas_run_prepare(&p->run, path, NULL, 0, err) != MAS_OK
        || mas_run_execute(&p->run, err) != MAS_OK
        || mas_schedule_build(&p->sched, &p->run.model, &p->run.sc, p->run.doses,
                              p->run.n_doses, err) != MAS_OK) {
        fprintf(stderr, "solvers: %s\n", err);
        return -1;
    }
    struct mas_model *m = &p->run.model;
    size_t n = (size_t)m->n_states;
    p->is_scenario = 1;
    p->abs_floor = 1e-9;     /* lab units: below the default atol nothing is meaningful */
    p->pattern = (struct mas_sparsity){ m->n_states, m->nnz, m->colptr, m->rowind };
    p->sys = (struct mas_system){ n, mas_model_rhs, mas_model_jac, m, NULL, &p->pattern,
                                  mas_model_jac_sparse };
    p->t0 = p->run.sc.t_start_day;
    p->y0 = malloc(n * sizeof *p->y0);
    mas_model_initial(m, p->y0);
    mas_schedule_initial(&p->sched, p->t0, p->y0);
    p->n_out = p->run.n_time;
    p->t_out = malloc(p->n_out * sizeof *p->t_out);
    memcpy(p->t_out, p->run.time, p->n_out * sizeof *p->t_out);
    p->bp = (struct mas_breakpoints){ p->sched.times, p->sched.n_times, mas_schedule_apply,
                                      &p->sched };
    return 0;
}

/* ---- CVODE ------------------------------------------------------------------- */

static int cv_rhs(sunrealtype t, N_Vector y, N_Vector ydot, void *ud)
{
    struct problem *p = ud;
    return p->sys.rhs(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot), p->sys.params);
}

static int cv_jac_dense(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud,
                        N_Vector t1, N_Vector t2, N_Vector t3)
{
    struct problem *p = ud;
    size_t n = p->sys.dim;
    (void)fy; (void)t1; (void)t2; (void)t3;
    int rc = p->sys.jac(t, N_VGetArrayPointer(y), p->dense, p->dfdt, p->sys.params);
    for (size_t j = 0; j < n; j++) {
        sunrealtype *col = SUNDenseMatrix_Column(J, (sunindextype)j);
        for (size_t i = 0; i < n; i++)
            col[i] = p->dense[i * n + j];
    }
    return rc;
}

static int cv_jac_sparse(sunrealtype t, N_Vector y, N_Vector fy, SUNMatrix J, void *ud,
                         N_Vector t1, N_Vector t2, N_Vector t3)
{
    struct problem *p = ud;
    (void)fy; (void)t1; (void)t2; (void)t3;
    const struct mas_sparsity *sp = &p->pattern;
    sunindextype *cp = SUNSparseMatrix_IndexPointers(J), *ri = SUNSparseMatrix_IndexValues(J);
    sunrealtype *v = SUNSparseMatrix_Data(J);
    for (int j = 0; j <= sp->n; j++)
        cp[j] = sp->colptr[j];
    for (int k = 0; k < sp->nnz; k++)
        ri[k] = sp->rowind[k];
    int rc;
    if (p->sys.jac_sparse) {
        rc = p->sys.jac_sparse(t, N_VGetArrayPointer(y), p->scratch, p->dfdt, p->sys.params);
        memcpy(v, p->scratch, (size_t)sp->nnz * sizeof *v);
    } else {
        size_t n = p->sys.dim;
        rc = p->sys.jac(t, N_VGetArrayPointer(y), p->dense, p->dfdt, p->sys.params);
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++)
                v[j * n + i] = p->dense[i * n + j];
    }
    return rc;
}

struct work {
    long steps, rhs, jac, lu;
};

/* CVODE's warnings (a step below the round-off of t right after a restart)
 * are not failures; errors still end the solve with a negative status. */
static void cv_quiet(int code, const char *module, const char *fn, char *msg, void *data)
{
    (void)module; (void)data;
    if (code < 0)
        fprintf(stderr, "solvers: CVODE %s: %s\n", fn, msg);
}

static void cv_add_counts(void *mem, struct work *w)
{
    long v;
    CVodeGetNumSteps(mem, &v);
    w->steps += v;
    CVodeGetNumRhsEvals(mem, &v);
    w->rhs += v;
    CVodeGetNumJacEvals(mem, &v);
    w->jac += v;
    CVodeGetNumLinSolvSetups(mem, &v);
    w->lu += v;
}

static int cvode_solve(struct problem *p, int klu, double rtol, double atol, double *out,
                       struct work *w)
{
    size_t n = p->sys.dim, k = 0, b = 0, nb = p->bp.n;
    double t = p->t0, t_last = p->t_out[p->n_out - 1];
    char err[MAS_ERR_LEN];
    int rc = 0;
    SUNContext ctx;
    SUNContext_Create(NULL, &ctx);
    N_Vector y = N_VNew_Serial((sunindextype)n, ctx);
    memcpy(N_VGetArrayPointer(y), p->y0, n * sizeof(double));
    void *mem = CVodeCreate(CV_BDF, ctx);
    CVodeInit(mem, cv_rhs, t, y);
    CVodeSetUserData(mem, p);
    CVodeSetErrHandlerFn(mem, cv_quiet, NULL);
    CVodeSStolerances(mem, rtol, atol);
    CVodeSetMaxNumSteps(mem, 100000000L);
    SUNMatrix A = klu ? SUNSparseMatrix((sunindextype)n, (sunindextype)n, p->pattern.nnz,
                                        CSC_MAT, ctx)
                      : SUNDenseMatrix((sunindextype)n, (sunindextype)n, ctx);
    SUNLinearSolver ls = klu ? SUNLinSol_KLU(y, A, ctx) : SUNLinSol_Dense(y, A, ctx);
    CVodeSetLinearSolver(mem, ls, A);
    CVodeSetJacFn(mem, klu ? cv_jac_sparse : cv_jac_dense);
    while (b < nb && p->bp.t[b] < t)
        b++;
    for (;;) {
        while (b < nb && p->bp.t[b] <= t && p->bp.t[b] <= t_last) {
            cv_add_counts(mem, w);
            p->bp.apply(p->bp.t[b++], N_VGetArrayPointer(y), p->bp.ctx, err);
            CVodeReInit(mem, t, y);
        }
        for (; k < p->n_out && p->t_out[k] <= t; k++)
            memcpy(out + k * n, N_VGetArrayPointer(y), n * sizeof(double));
        if (k == p->n_out)
            break;
        double t_stop = b < nb && p->bp.t[b] <= t_last ? p->bp.t[b] : t_last;
        CVodeSetStopTime(mem, t_stop);
        double tr;
        for (; k < p->n_out && p->t_out[k] < t_stop; k++) {
            if (CVode(mem, p->t_out[k], y, &tr, CV_NORMAL) < 0) {
                rc = -1;
                goto done;
            }
            memcpy(out + k * n, N_VGetArrayPointer(y), n * sizeof(double));
        }
        if (CVode(mem, t_stop, y, &tr, CV_NORMAL) < 0) {
            rc = -1;
            goto done;
        }
        t = t_stop;
    }
done:
    cv_add_counts(mem, w);
    CVodeFree(&mem);
    SUNLinSolFree(ls);
    SUNMatDestroy(A);
    N_VDestroy(y);
    SUNContext_Free(&ctx);
    return rc;
}

/* ---- massim -------------------------------------------------------------------- */

static int massim_solve(struct problem *p, const char *stepper, double rtol, double atol,
                        double *out, struct work *w)
{
    struct mas_solver_opts o;
    struct mas_solver_stats st;
    char err[MAS_ERR_LEN];
    mas_solver_defaults(&o);
    o.stepper = stepper;
    o.rtol = rtol;
    o.atol = atol;
    o.max_steps = 0;
    int rc = mas_solve(&p->sys, &o, p->t0, p->y0, p->t_out, p->n_out, out,
                       p->bp.n ? &p->bp : NULL, &st, err);
    if (rc != MAS_OK)
        fprintf(stderr, "solvers: %s %s rtol %g: %s\n", p->name, stepper, rtol, err);
    w->steps += (long)st.steps;
    w->rhs += (long)st.rhs_evals;
    w->jac += (long)st.jac_evals;
    w->lu += (long)st.factorizations;
    return rc == MAS_OK ? 0 : -1;
}

enum { M_RODAS4, M_MSBDF, M_CVODE_DENSE, M_CVODE_KLU, N_METHODS };
static const char *const method_names[N_METHODS] = {
    "massim-rodas4", "massim-msbdf", "cvode-dense", "cvode-klu",
};

static int solve(struct problem *p, int method, double rtol, double *out, struct work *w)
{
    double atol = rtol * 1e-3;
    switch (method) {
    case M_RODAS4: return massim_solve(p, "rodas4", rtol, atol, out, w);
    case M_MSBDF: return massim_solve(p, "msbdf", rtol, atol, out, w);
    case M_CVODE_DENSE: return cvode_solve(p, 0, rtol, atol, out, w);
    default: return cvode_solve(p, 1, rtol, atol, out, w);
    }
}

/* ---- restarts ------------------------------------------------------------------ */

/* What a restart costs: the problem with a breakpoint that changes
 * nothing at every whole day (the stepper is reset there all the same),
 * against the problem as it is.  Steps and right-hand sides per restart. */
struct noop {
    struct mas_breakpoints inner;      /* the problem's own breakpoints */
    double *t;
    size_t n;
};

static int noop_apply(double t, double *y, void *ctx, char *err)
{
    const struct noop *no = ctx;
    for (size_t i = 0; i < no->inner.n; i++)
        if (no->inner.t[i] == t)
            return no->inner.apply(t, y, no->inner.ctx, err);
    return MAS_OK;
}

static int cmp_double(const void *a, const void *b);

static void restart_cost(struct problem *p, double *out)
{
    double t_last = p->t_out[p->n_out - 1];
    size_t extra = (size_t)floor(t_last - p->t0);
    struct noop no = { p->bp, malloc((p->bp.n + extra) * sizeof(double)), 0 };
    for (size_t i = 0; i < p->bp.n; i++)
        no.t[no.n++] = p->bp.t[i];
    size_t added = 0;
    for (size_t d = 1; d <= extra; d++) {
        double t = p->t0 + (double)d;
        int dup = 0;
        for (size_t i = 0; i < p->bp.n; i++)
            dup |= p->bp.t[i] == t;
        if (!dup && t < t_last) {
            no.t[no.n++] = t;
            added++;
        }
    }
    qsort(no.t, no.n, sizeof *no.t, cmp_double);
    struct mas_breakpoints orig = p->bp;
    for (int m = 0; m < N_METHODS; m++) {
        struct work a = { 0 }, b = { 0 };
        p->bp = orig;
        solve(p, m, 1e-6, out, &a);
        p->bp = (struct mas_breakpoints){ no.t, no.n, noop_apply, &no };
        solve(p, m, 1e-6, out, &b);
        printf("restart,%s,%s,%zu,%.2f,%.2f\n", p->name, method_names[m], added,
               (double)(b.steps - a.steps) / (double)added,
               (double)(b.rhs - a.rhs) / (double)added);
    }
    p->bp = orig;
    free(no.t);
}

/* ---- measuring ------------------------------------------------------------------ */

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double trajectory_error(const struct problem *p, const double *y, const double *ref)
{
    size_t n = p->sys.dim;
    double worst = 0.0;
    static int debug = -1;
    if (debug < 0)
        debug = getenv("BENCH_DEBUG") != NULL;
    for (size_t i = 0; i < n; i++) {
        double range = 0.0;
        for (size_t k = 0; k < p->n_out; k++)
            range = fmax(range, fabs(ref[k * n + i]));
        for (size_t k = 0; k < p->n_out; k++) {
            double r = ref[k * n + i], d = fabs(y[k * n + i] - r);
            double e = d / fmax(fmax(fabs(r), 1e-6 * range), p->abs_floor);
            if (debug && e > worst)
                fprintf(stderr, "  state %zu t %g: y %g ref %g range %g e %g\n", i, p->t_out[k],
                        y[k * n + i], r, range, e);
            worst = isfinite(e) ? fmax(worst, e) : INFINITY;
        }
    }
    return worst;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void write_reference(const struct problem *p, const char *dir, const double *ref)
{
    char path[512];
    size_t n = p->sys.dim;
    snprintf(path, sizeof path, "%s/ref-%s.csv", dir, p->name);
    FILE *f = fopen(path, "w");
    if (!f)
        return;
    fprintf(f, "time");
    for (size_t i = 0; i < n; i++) {
        if (p->is_scenario)
            fprintf(f, ",%s", mas_model_state(&p->run.model, (int)i)->name);
        else
            fprintf(f, ",y%zu", i);
    }
    fprintf(f, "\n");
    for (size_t k = 0; k < p->n_out; k++) {
        fprintf(f, "%.17g", p->t_out[k]);
        for (size_t i = 0; i < n; i++)
            fprintf(f, ",%.17g", ref[k * n + i]);
        fprintf(f, "\n");
    }
    fclose(f);
}

static void bench_problem(struct problem *p, const char *dir, int reps)
{
    size_t size = p->n_out * p->sys.dim;
    double *ref = malloc(size * sizeof *ref), *out = malloc(size * sizeof *out);
    size_t n = p->sys.dim;
    p->scratch = malloc(((size_t)p->pattern.nnz + 1) * sizeof(double));
    p->dfdt = malloc(n * sizeof(double));
    p->dense = malloc(n * n * sizeof(double));
    struct work w = { 0 };
    if (cvode_solve(p, 0, 1e-12, 1e-15, ref, &w) != 0) {
        fprintf(stderr, "solvers: %s: the reference solve failed\n", p->name);
        exit(1);
    }
    write_reference(p, dir, ref);
    memset(&w, 0, sizeof w);
    if (massim_solve(p, "rodas4", 1e-12, 1e-15, out, &w) == 0)
        fprintf(stderr, "# %s: reference (CVODE, rtol 1e-12) vs rodas4 at rtol 1e-12: error %.3g\n",
                p->name, trajectory_error(p, out, ref));
    static const double rtols[] = { 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9 };
    for (size_t r = 0; r < sizeof rtols / sizeof rtols[0]; r++) {
        double cpu[N_METHODS][64], err[N_METHODS];
        struct work work[N_METHODS];
        int failed[N_METHODS] = { 0 };
        for (int rep = 0; rep < reps && rep < 64; rep++) {
            for (int m = 0; m < N_METHODS; m++) {
                struct work wk = { 0 };
                double c0 = cpu_s();
                failed[m] |= solve(p, m, rtols[r], out, &wk) != 0;
                cpu[m][rep] = cpu_s() - c0;
                work[m] = wk;
                err[m] = trajectory_error(p, out, ref);
            }
        }
        for (int m = 0; m < N_METHODS; m++) {
            qsort(cpu[m], (size_t)reps, sizeof cpu[m][0], cmp_double);
            printf("%s,%s,%.0e,%.4f,%.4g,%ld,%ld,%ld,%ld\n", p->name, method_names[m],
                   rtols[r], 1e3 * cpu[m][reps / 2], failed[m] ? INFINITY : err[m],
                   work[m].steps, work[m].rhs, work[m].jac, work[m].lu);
            fflush(stdout);
        }
    }
    if (p->is_scenario)
        restart_cost(p, out);
    free(ref);
    free(out);
    free(p->scratch);
    free(p->dfdt);
    free(p->dense);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 4) {
        fprintf(stderr, "usage: solvers OUTDIR REPS PROBLEM...\n");
        return 2;
    }
    int reps = atoi(argv[2]);
    if (reps < 1 || reps > 64)
        reps = 5;
    printf("problem,method,rtol,cpu_ms,error,steps,rhs_evals,jac_evals,factorizations\n");
    for (int a = 3; a < argc; a++) {
        struct problem p;
        int rc = strstr(argv[a], ".yaml") ? scenario_problem(&p, argv[a])
                                          : test_set_problem(&p, argv[a]);
        if (rc != 0) {
            fprintf(stderr, "solvers: unknown problem '%s'\n", argv[a]);
            return 2;
        }
        bench_problem(&p, argv[1], reps);
        if (p.is_scenario) {
            mas_schedule_free(&p.sched);
            mas_run_free(&p.run);
        }
        free(p.full_colptr);
        free(p.full_rowind);
        free(p.y0);
        free(p.t_out);
    }
    return 0;
}
