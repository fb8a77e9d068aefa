/*
 * rodas.c — RODAS4 as a GSL odeiv2 step type (interface: rodas.h).
 *
 * One step from (t0, y0) with step h solves six linear systems with the one
 * matrix M = I/(h gamma) - J(t0, y0):
 *
 *   M k_i = f(t0 + c_i h, y0 + sum_{j<i} a_ij k_j) + sum_{j<i} (c_ij / h) k_j
 *           + h g_i df/dt(t0, y0)                                  i = 1..6
 *   y1    = y0 + sum_{j<=5} a_6j k_j + k_6        (a_6j = a_5j, a_65 = 1)
 *   err   = k_6                                   (the embedded solution
 *                                                  of order 3 is y1 - k_6)
 *
 * and its continuous extension over the step, theta in [0, 1]:
 *
 *   y(t0 + theta h) = (1 - theta) y0 + theta (y1 + (1 - theta)(q1 + theta q2)),
 *   q1 = sum_j d1j k_j,  q2 = sum_j d2j k_j.
 *
 * Hairer & Wanner's transformed form (stage variables k_i = h gamma-scaled
 * increments, no products with J inside a stage).  The coefficients are
 * theirs (their Fortran code rodas.f, METH = 1); the test suite checks the
 * orders they promise on them (tests/test_rodas.c).
 *
 * Caching: a step rejected by the control is retried from the same
 * (t0, y0); the Jacobian and f(t0, y0) are then reused, and only the matrix
 * is refactorized for the new h.  reset() (a breakpoint: the state or the
 * system changed) drops the cache.
 */
#include "rodas.h"
#include "massim.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <suitesparse/klu.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the method ------------------------------------------------------------ */

#define GAMMA 0.25
#define STAGES 6

/* Stage abscissae, sums gamma_i of the diagonal-free gamma_ij (the df/dt
 * weights), a_ij and c_ij in the transformed form, dense output d_ij. */
static const double C_T[STAGES] = { 0.0, 0.386, 0.21, 0.63, 1.0, 1.0 };
static const double G_T[STAGES] = { 0.25, -0.1043, 0.1035, -0.3620000000000023e-01, 0.0, 0.0 };
static const double A[STAGES][STAGES] = {
    { 0 },
    { 1.544 },
    { 0.9466785280815826, 0.2557011698983284 },
    { 3.314825187068521, 2.896124015972201, 0.9986419139977817 },
    { 1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950 },
    { 1.221224509226641, 6.019134481288629, 12.53708332932087, -0.6878860361058950, 1.0 },
};
static const double C[STAGES][STAGES] = {
    { 0 },
    { -5.6688 },
    { -2.430093356833875, -0.2063599157091915 },
    { -0.1073529058151375, -9.594562251023355, -20.47028614809616 },
    { 7.496443313967647, -10.24680431464352, -33.99990352819905, 11.70890893206160 },
    { 8.083246795921522, -7.981132988064893, -31.52159432874371, 16.31930543123136,
      -6.058818238834054 },
};
static const double D[2][5] = {
    { 10.12623508344586, -7.487995877610167, -34.80091861555747, -7.992771707568823,
      1.025137723295662 },
    { -0.6762803392801253, 6.087714651680015, 16.43084320892478, 24.76722511418386,
      -6.594389125716872 },
};

/* ---- state ------------------------------------------------------------------ */

struct mas_rodas {
    size_t n;
    /* the step */
    double *y0, *f0, *dfdt, *u, *fs, *k[STAGES];
    double *y1, *q1, *q2;          /* continuous extension of the last step */
    double t0, h;
    int have_point;                /* y0, f0 and the Jacobian belong to (t0, y0) */
    /* dense linear algebra */
    double *jd;                    /* n * n, row-major */
    gsl_matrix *m;
    gsl_permutation *perm;
    /* sparse linear algebra */
    struct mas_sparsity sp;
    int *colptr, *rowind, *diag;   /* the copied pattern; diag[i]: entry (i, i) */
    double *jx, *mx;               /* J's and M's values */
    mas_jac_sparse_fn jac_sparse;
    void *jac_params;
    klu_common common;
    klu_symbolic *sym;
    klu_numeric *num;
    int reference_pivots;          /* num holds the reference pivots (a refactorization
                                      keeps them; a full factorization replaces them) */
    struct mas_rodas_counts counts;
};

static void rodas_free(void *vs)
{
    struct mas_rodas *s = vs;
    if (!s)
        return;
    free(s->y0);                   /* one block for every vector */
    free(s->jd);
    if (s->m)
        gsl_matrix_free(s->m);
    if (s->perm)
        gsl_permutation_free(s->perm);
    if (s->num)
        klu_free_numeric(&s->num, &s->common);
    if (s->sym)
        klu_free_symbolic(&s->sym, &s->common);
    free(s->colptr);
    free(s->rowind);
    free(s->diag);
    free(s->jx);
    free(s->mx);
    free(s);
}

static void *rodas_alloc(size_t n)
{
    struct mas_rodas *s = calloc(1, sizeof *s);
    double *block = s ? calloc((STAGES + 8) * n, sizeof *block) : NULL;
    if (!block) {
        free(s);
        return NULL;
    }
    s->n = n;
    double **vec[] = { &s->y0, &s->f0, &s->dfdt, &s->u, &s->fs, &s->y1, &s->q1, &s->q2 };
    for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++)
        *vec[i] = block + i * n;
    for (int i = 0; i < STAGES; i++)
        s->k[i] = block + (8 + (size_t)i) * n;
    klu_defaults(&s->common);
    return s;
}

static int rodas_reset(void *vs, size_t n)
{
    struct mas_rodas *s = vs;
    (void)n;
    s->have_point = 0;
    return GSL_SUCCESS;
}

static unsigned int rodas_order(void *vs)
{
    (void)vs;
    return 4;
}

static int rodas_set_driver(void *vs, const gsl_odeiv2_driver *d)
{
    (void)vs;
    (void)d;
    return GSL_SUCCESS;
}

/* The pivots every run starts from: KLU's factorization of the unit
 * matrix on the pattern, that is the diagonal in KLU's fill-reducing order
 * (what KLU picks anyway for the first matrix of a run, I/(h0 gamma) - J
 * with the tiny h0).  Refactorizations keep these pivots; a run that needs
 * new ones (refactor_ok) gets them, and mas_rodas_restart() brings the
 * reference back, so that a run's numbers never depend on the runs the
 * stepper did before (a sweep's run equals `massim run` bit for bit). */
static int reference_factor(struct mas_rodas *s)
{
    for (int k = 0; k < s->sp.nnz; k++)
        s->mx[k] = 0.0;
    for (size_t i = 0; i < s->n; i++)
        s->mx[s->diag[i]] = 1.0;
    if (s->num)
        klu_free_numeric(&s->num, &s->common);
    s->num = klu_factor(s->colptr, s->rowind, s->mx, s->sym, &s->common);
    s->reference_pivots = s->num != NULL && s->common.status == KLU_OK;
    return s->reference_pivots;
}

int mas_rodas_set_sparse(struct mas_rodas *s, const struct mas_sparsity *p,
                         mas_jac_sparse_fn jac, void *params, char *err)
{
    if (!p || !jac || p->n <= 0 || (size_t)p->n != s->n || p->nnz < p->n
        || p->colptr[0] != 0 || p->colptr[p->n] != p->nnz)
        return mas_fail(err, MAS_EINPUT, "rodas4: a sparsity pattern of the wrong size");
    size_t n = s->n, nnz = (size_t)p->nnz;
    s->colptr = malloc((n + 1) * sizeof *s->colptr);
    s->rowind = malloc(nnz * sizeof *s->rowind);
    s->diag = malloc(n * sizeof *s->diag);
    s->jx = calloc(nnz + 1, sizeof *s->jx);      /* + 1: the Jacobian's scratch entry */
    s->mx = calloc(nnz, sizeof *s->mx);
    if (!s->colptr || !s->rowind || !s->diag || !s->jx || !s->mx)
        return mas_fail(err, MAS_ESOLVER, "rodas4: out of memory");
    memcpy(s->colptr, p->colptr, (n + 1) * sizeof *s->colptr);
    memcpy(s->rowind, p->rowind, nnz * sizeof *s->rowind);
    for (size_t j = 0; j < n; j++) {
        s->diag[j] = -1;
        for (int k = s->colptr[j]; k < s->colptr[j + 1]; k++)
            if ((size_t)s->rowind[k] == j)
                s->diag[j] = k;
        if (s->diag[j] < 0)
            return mas_fail(err, MAS_EINPUT, "rodas4: the sparsity pattern lacks diagonal "
                            "entry %zu", j);
    }
    s->sp = (struct mas_sparsity){ p->n, p->nnz, s->colptr, s->rowind };
    s->sym = klu_analyze(p->n, s->colptr, s->rowind, &s->common);
    if (!s->sym)
        return mas_fail(err, MAS_ESOLVER, "rodas4: KLU could not analyse the Jacobian's "
                        "pattern (status %d)", s->common.status);
    if (!reference_factor(s))
        return mas_fail(err, MAS_ESOLVER, "rodas4: KLU could not factorize the unit "
                        "matrix on the pattern (status %d)", s->common.status);
    s->jac_sparse = jac;
    s->jac_params = params;
    s->have_point = 0;
    return MAS_OK;
}

/* ---- linear algebra ------------------------------------------------------------ */

/* Evaluate the Jacobian (and df/dt) at (t0, y0). */
static int eval_jacobian(struct mas_rodas *s, const gsl_odeiv2_system *sys)
{
    s->counts.jac_evals++;
    if (s->jac_sparse)
        return s->jac_sparse(s->t0, s->y0, s->jx, s->dfdt, s->jac_params);
    if (!s->jd) {
        s->jd = malloc(s->n * s->n * sizeof *s->jd);
        s->m = gsl_matrix_alloc(s->n, s->n);
        s->perm = gsl_permutation_alloc(s->n);
        if (!s->jd || !s->m || !s->perm)
            return GSL_ENOMEM;
    }
    return GSL_ODEIV_JA_EVAL(sys, s->t0, s->y0, s->jd, s->dfdt);
}

/* Refactorize M with the pivots of the last factorization: accepted when
 * KLU succeeds, its cheap condition estimate (smallest over largest
 * |u_ii|) is above 1e-12, and the reciprocal pivot growth (KLU's rgrowth:
 * the smallest over columns of max |a_ij| / max |u_ij|) is above 1e-8, so
 * that the backward error of the solve, about growth x machine epsilon,
 * stays near 2e-8, below any tolerance the solver is run at.  Measured on
 * 400 runs of the sJIA cohort: the smallest rgrowth was 1.9e-3, the
 * smallest rcond 2.9e-6; no run needed new pivots. */
static int refactor_ok(struct mas_rodas *s)
{
    return klu_refactor(s->colptr, s->rowind, s->mx, s->sym, s->num, &s->common)
        && klu_rcond(s->sym, s->num, &s->common) && s->common.rcond > 1e-12
        && klu_rgrowth(s->colptr, s->rowind, s->mx, s->sym, s->num, &s->common)
        && s->common.rgrowth > 1e-8;
}

/* Factorize M = I/(h gamma) - J.  GSL_ESING if it is singular (the evolve
 * object then halves the step and tries again). */
static int factorize(struct mas_rodas *s, double h)
{
    double shift = 1.0 / (h * GAMMA);
    size_t n = s->n;
    s->counts.factorizations++;
    if (s->jac_sparse) {
        for (int k = 0; k < s->sp.nnz; k++)
            s->mx[k] = -s->jx[k];
        for (size_t i = 0; i < n; i++)
            s->mx[s->diag[i]] += shift;
        /* Refactorize with the pivots of the last factorization; a full
         * factorization (new pivots) when there is none, when the
         * refactorization fails, or when it is ill-conditioned. */
        int ok = s->num && refactor_ok(s);
        if (!ok) {
            if (s->num)
                klu_free_numeric(&s->num, &s->common);
            s->counts.pivotings++;
            s->reference_pivots = 0;
            s->num = klu_factor(s->colptr, s->rowind, s->mx, s->sym, &s->common);
            ok = s->num && s->common.status == KLU_OK;
        }
        return ok ? GSL_SUCCESS : GSL_ESING;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(s->m, i, j, (i == j ? shift : 0.0) - s->jd[i * n + j]);
    int signum;
    if (gsl_linalg_LU_decomp(s->m, s->perm, &signum) != GSL_SUCCESS)
        return GSL_ESING;
    for (size_t i = 0; i < n; i++)
        if (gsl_matrix_get(s->m, i, i) == 0.0)
            return GSL_ESING;
    return GSL_SUCCESS;
}

/* b := M^-1 b */
static void solve(struct mas_rodas *s, double *b)
{
    s->counts.solves++;
    if (s->jac_sparse) {
        klu_solve(s->sym, s->num, (int)s->n, 1, b, &s->common);
        return;
    }
    gsl_vector_view v = gsl_vector_view_array(b, s->n);
    gsl_linalg_LU_svx(s->m, s->perm, &v.vector);
}

/* ---- the step ----------------------------------------------------------------- */

static int rodas_apply(void *vs, size_t n, double t, double h, double y[], double yerr[],
                       const double dydt_in[], double dydt_out[], const gsl_odeiv2_system *sys)
{
    struct mas_rodas *s = vs;
    (void)dydt_in;
    int status;
    if (!(s->have_point && t == s->t0 && memcmp(y, s->y0, n * sizeof *y) == 0)) {
        s->t0 = t;
        memcpy(s->y0, y, n * sizeof *y);
        s->have_point = 0;
        status = GSL_ODEIV_FN_EVAL(sys, t, s->y0, s->f0);
        if (status == GSL_SUCCESS)
            status = eval_jacobian(s, sys);
        if (status != GSL_SUCCESS)
            return status;
        s->have_point = 1;
    }
    status = factorize(s, h);
    if (status != GSL_SUCCESS)
        return status;
    for (int i = 0; i < STAGES; i++) {
        const double *f = s->f0;
        if (i > 0) {
            for (size_t m = 0; m < n; m++) {
                double v = s->y0[m];
                for (int j = 0; j < i; j++)
                    v += A[i][j] * s->k[j][m];
                s->u[m] = v;
            }
            status = GSL_ODEIV_FN_EVAL(sys, t + C_T[i] * h, s->u, s->fs);
            if (status != GSL_SUCCESS)
                return status;
            f = s->fs;
        }
        double *k = s->k[i], hg = h * G_T[i], ch[STAGES];
        for (int j = 0; j < i; j++)
            ch[j] = C[i][j] / h;
        for (size_t m = 0; m < n; m++) {
            double v = f[m] + hg * s->dfdt[m];
            for (int j = 0; j < i; j++)
                v += ch[j] * s->k[j][m];
            k[m] = v;
        }
        solve(s, k);
    }
    /* y1 = u (the sixth stage's argument) + k6; the error is k6. */
    for (size_t m = 0; m < n; m++) {
        double err = s->k[5][m];
        if (!isfinite(err) || !isfinite(s->u[m]))
            return GSL_FAILURE;    /* evolve halves the step and retries */
        s->y1[m] = s->u[m] + err;
        yerr[m] = err;
        double q1 = 0.0, q2 = 0.0;
        for (int j = 0; j < 5; j++) {
            q1 += D[0][j] * s->k[j][m];
            q2 += D[1][j] * s->k[j][m];
        }
        s->q1[m] = q1;
        s->q2[m] = q2;
    }
    s->h = h;
    memcpy(y, s->y1, n * sizeof *y);
    /* The slope of the continuous extension at theta = 1 (not f(t1, y1),
     * which the next step computes anyway). */
    if (dydt_out)
        for (size_t m = 0; m < n; m++)
            dydt_out[m] = (s->y1[m] - s->y0[m] - s->q1[m] - s->q2[m]) / h;
    return GSL_SUCCESS;
}

void mas_rodas_interpolate(const struct mas_rodas *s, double theta, double *y)
{
    /* (1 - theta) y0 + theta (y1 + (1 - theta)(q1 + theta q2)), written so
     * that a state that did not change over the step is returned exactly
     * and one that changed linearly moves monotonically. */
    double a = 1.0 - theta;
    for (size_t m = 0; m < s->n; m++)
        y[m] = s->y0[m] + theta * ((s->y1[m] - s->y0[m]) + a * (s->q1[m] + theta * s->q2[m]));
}

void mas_rodas_counts(const struct mas_rodas *s, struct mas_rodas_counts *c)
{
    *c = s->counts;
}

int mas_rodas_restart(struct mas_rodas *s)
{
    s->have_point = 0;
    memset(&s->counts, 0, sizeof s->counts);
    if (s->jac_sparse && !s->reference_pivots && !reference_factor(s))
        return GSL_ENOMEM;
    return GSL_SUCCESS;
}

static const gsl_odeiv2_step_type rodas4_type = {
    "rodas4",
    0,                 /* computes f(t0, y0) itself (and keeps it across rejections) */
    0,                 /* dydt_out: the continuous extension's slope, not f(t1, y1) */
    rodas_alloc,
    rodas_apply,
    rodas_set_driver,
    rodas_reset,
    rodas_order,
    rodas_free,
};

const gsl_odeiv2_step_type *const mas_step_rodas4 = &rodas4_type;
