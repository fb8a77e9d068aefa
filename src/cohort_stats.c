/*
 * cohort_stats.c — the statistics of a virtual cohort (cohort.h), pure
 * functions on arrays: the 2x2 table, proportions with Wilson score
 * intervals, median and quartiles, lead times, ROC curves and the area
 * under them, survival.  No files, no printing; tests/test_cohort.c checks each one
 * on numbers worked out by hand.  Definitions: docs/criteria.md,
 * "Virtual cohorts: massim cohort".
 */
#include "cohort.h"
#include "massim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The two-sided 95 % normal quantile, z = Phi^-1(0.975). */
#define Z95 1.959963984540054

struct mas_confusion mas_confusion_count(const int *truth, const int *met, size_t n)
{
    struct mas_confusion c = {0, 0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (truth[i])
            met[i] ? c.tp++ : c.fn++;
        else
            met[i] ? c.fp++ : c.tn++;
    }
    return c;
}

/*
 * Wilson score interval (E. B. Wilson, "Probable inference, the law of
 * succession, and statistical inference", J Am Stat Assoc 1927;22:209-212):
 * the set of p for which |p_hat - p| <= z sqrt(p (1 - p) / n), solved for p:
 *
 *              p_hat + z^2/(2n)  -+  z sqrt( p_hat (1 - p_hat)/n + z^2/(4 n^2) )
 *   lo, hi  =  -----------------------------------------------------------------
 *                                    1 + z^2/n
 *
 * with p_hat = k/n and z = 1.96 for 95 %.  Unlike p_hat +- z SE it stays
 * inside [0, 1] and is not empty at k = 0 or k = n.  8/10 gives
 * (0.4902, 0.9433).  NaN when n = 0: no patient, no proportion.
 */
struct mas_interval mas_wilson(long k, long n)
{
    struct mas_interval r = {NAN, NAN, NAN};
    if (n <= 0 || k < 0 || k > n)
        return r;
    double nn = (double)n, p = (double)k / nn, z2 = Z95 * Z95;
    double denom = 1.0 + z2 / nn;
    double centre = (p + z2 / (2.0 * nn)) / denom;
    double half = Z95 * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
    r.p = p;
    r.lo = k == 0 ? 0.0 : centre - half;   /* exact ends: no rounding below 0 or above 1 */
    r.hi = k == n ? 1.0 : centre + half;
    return r;
}

void mas_confusion_rates(const struct mas_confusion *c, struct mas_interval *sens,
                         struct mas_interval *spec, struct mas_interval *ppv,
                         struct mas_interval *npv)
{
    *sens = mas_wilson(c->tp, c->tp + c->fn);
    *spec = mas_wilson(c->tn, c->tn + c->fp);
    *ppv = mas_wilson(c->tp, c->tp + c->fp);
    *npv = mas_wilson(c->tn, c->tn + c->fn);
}

static int ascending(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The q-quantile of sorted v[0..n), n > 0, type 7. */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n)
        return v[n - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

struct mas_spread mas_spread_of(double *v, size_t n)
{
    struct mas_spread s = {n, NAN, NAN, NAN};
    if (n == 0)
        return s;
    qsort(v, n, sizeof *v, ascending);
    s.q1 = quantile(v, n, 0.25);
    s.median = quantile(v, n, 0.5);
    s.q3 = quantile(v, n, 0.75);
    return s;
}

size_t mas_lead_times(const int *truth, const double *first_day, const double *onset_day,
                      size_t n, double *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (truth[i] && isfinite(first_day[i]) && isfinite(onset_day[i]))
            out[k++] = first_day[i] - onset_day[i];
    return k;
}

struct mas_survival mas_survival_of(const double *final_survival, size_t n)
{
    struct mas_survival r = {0, 0, NAN, NAN, NAN};
    double sum = 0.0, low = INFINITY;
    for (size_t i = 0; i < n; i++) {
        double v = final_survival[i];
        if (!isfinite(v))
            continue;
        r.n++;
        sum += v;
        low = fmin(low, v);
        r.below_half += v < 0.5;
    }
    if (r.n) {
        r.mean = sum / (double)r.n;
        r.expected_deaths = (double)r.n - sum;
        r.min = low;
    }
    return r;
}

double mas_trapezoid(const double *x, const double *y, size_t n)
{
    double area = 0.0;
    for (size_t i = 1; i < n; i++)
        area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2.0;
    return area;
}

void mas_roc_free(struct mas_roc *roc)
{
    free(roc->fpr);
    free(roc->tpr);
    free(roc->threshold);
    roc->fpr = roc->tpr = roc->threshold = NULL;
    roc->n_points = 0;
}

struct scored {
    double score;
    int truth;
};

/* Highest score first, NaN last. */
static int by_score_desc(const void *a, const void *b)
{
    double x = ((const struct scored *)a)->score, y = ((const struct scored *)b)->score;
    if (isnan(x) || isnan(y))
        return isnan(x) - isnan(y);
    return x > y ? -1 : x < y;
}

static void add_point(struct mas_roc *roc, double fp, double tp, double neg, double pos, double thr)
{
    size_t k = roc->n_points++;
    roc->fpr[k] = fp / neg;
    roc->tpr[k] = tp / pos;
    roc->threshold[k] = thr;
}

/* Walk the patients from the highest score down; lowering the threshold
 * past a group of equal scores moves the point by all of them at once,
 * so ties give one diagonal step (worth half a concordant pair each). */
static void walk(const struct scored *s, size_t n, long pos, long neg, struct mas_roc *roc)
{
    long tp = 0, fp = 0;
    add_point(roc, 0, 0, (double)neg, (double)pos, INFINITY);
    for (size_t i = 0; i < n && !isnan(s[i].score);) {
        double thr = s[i].score;
        for (; i < n && s[i].score == thr; i++)
            s[i].truth ? tp++ : fp++;
        add_point(roc, (double)fp, (double)tp, (double)neg, (double)pos, thr);
    }
    if (tp < pos || fp < neg)   /* NaN scores: only "everybody met" reaches them */
        add_point(roc, (double)neg, (double)pos, (double)neg, (double)pos, -INFINITY);
}

int mas_roc(const double *score, const int *truth, size_t n, struct mas_roc *roc, char *err)
{
    *roc = (struct mas_roc){0, NULL, NULL, NULL, NAN};
    long pos = 0;
    for (size_t i = 0; i < n; i++)
        pos += truth[i] != 0;
    long neg = (long)n - pos;
    if (pos == 0 || neg == 0)
        return mas_fail(err, MAS_EINPUT, "no ROC curve: %s", pos == 0 ? "nobody has MAS" : "everybody has MAS");
    struct scored *s = malloc(n * sizeof *s);
    roc->fpr = malloc((n + 2) * sizeof(double));
    roc->tpr = malloc((n + 2) * sizeof(double));
    roc->threshold = malloc((n + 2) * sizeof(double));
    if (!s || !roc->fpr || !roc->tpr || !roc->threshold) {
        free(s);
        mas_roc_free(roc);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        s[i] = (struct scored){score[i], truth[i] != 0};
    qsort(s, n, sizeof *s, by_score_desc);
    walk(s, n, pos, neg, roc);
    free(s);
    roc->auc = mas_trapezoid(roc->fpr, roc->tpr, roc->n_points);
    return MAS_OK;
}

/* ---- entropy balancing ---------------------------------------------------- */

/* Solve a x = b (k x k, row-major, overwritten) by Gaussian elimination
 * with partial pivoting; 0, or -1 when a is singular. */
static int solve_small(double *a, double *b, size_t k)
{
    for (size_t c = 0; c < k; c++) {
        size_t piv = c;
        for (size_t r = c + 1; r < k; r++)
            if (fabs(a[r * k + c]) > fabs(a[piv * k + c]))
                piv = r;
        if (!(fabs(a[piv * k + c]) > 1e-300))
            return -1;
        if (piv != c) {
            for (size_t j = 0; j < k; j++) {
                double t = a[c * k + j];
                a[c * k + j] = a[piv * k + j];
                a[piv * k + j] = t;
            }
            double t = b[c];
            b[c] = b[piv];
            b[piv] = t;
        }
        for (size_t r = c + 1; r < k; r++) {
            double f = a[r * k + c] / a[c * k + c];
            for (size_t j = c; j < k; j++)
                a[r * k + j] -= f * a[c * k + j];
            b[r] -= f * b[c];
        }
    }
    for (size_t c = k; c-- > 0;) {
        double s = b[c];
        for (size_t j = c + 1; j < k; j++)
            s -= a[c * k + j] * b[j];
        b[c] = s / a[c * k + c];
    }
    return 0;
}

/* The dual's value log sum_i exp(lambda . (g_i - t)) and the weights. */
static double dual(const double *g, const double *t, size_t n, size_t k, const double *lambda,
                   double *w)
{
    double top = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double a = 0;
        for (size_t j = 0; j < k; j++)
            a += lambda[j] * (g[i * k + j] - t[j]);
        w[i] = a;
        top = fmax(top, a);
    }
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (w[i] = exp(w[i] - top));
    for (size_t i = 0; i < n; i++)
        w[i] /= sum;
    return top + log(sum);
}

int mas_entropy_weights(const double *g, const double *target, size_t n, size_t k, double *w,
                        double *residual, char *err)
{
    double *lambda = calloc(k ? k : 1, sizeof *lambda), *grad = malloc((k ? k : 1) * sizeof *grad);
    double *h = malloc((k ? k * k : 1) * sizeof *h), *step = malloc((k ? k : 1) * sizeof *step);
    double *trial = malloc((k ? k : 1) * sizeof *trial), *wt = malloc((n ? n : 1) * sizeof *wt);
    int rc = lambda && grad && h && step && trial && wt ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
    double f = rc == MAS_OK ? dual(g, target, n, k, lambda, w) : 0, worst = INFINITY;
    size_t worst_j = 0;
    for (int it = 0; rc == MAS_OK && it < 500; it++) {
        worst = 0;
        for (size_t j = 0; j < k; j++) {
            grad[j] = 0;
            for (size_t i = 0; i < n; i++)
                grad[j] += w[i] * (g[i * k + j] - target[j]);
            if (fabs(grad[j]) >= worst) {
                worst = fabs(grad[j]);
                worst_j = j;
            }
        }
        if (worst < 1e-10)
            break;
        for (size_t a = 0; a < k; a++)
            for (size_t b = 0; b < k; b++) {
                double s = 0;
                for (size_t i = 0; i < n; i++)
                    s += w[i] * (g[i * k + a] - target[a]) * (g[i * k + b] - target[b]);
                h[a * k + b] = s - grad[a] * grad[b] + (a == b ? 1e-12 : 0);
            }
        for (size_t j = 0; j < k; j++)
            step[j] = -grad[j];
        if (solve_small(h, step, k) != 0)
            for (size_t j = 0; j < k; j++)
                step[j] = -grad[j];            /* singular: a gradient step */
        double slope = 0;
        for (size_t j = 0; j < k; j++)
            slope += grad[j] * step[j];
        double alpha = 1, ft = f;
        for (int ls = 0; ls < 60; ls++, alpha /= 2) {      /* backtracking (Armijo) */
            for (size_t j = 0; j < k; j++)
                trial[j] = lambda[j] + alpha * step[j];
            ft = dual(g, target, n, k, trial, wt);
            if (ft <= f + 1e-4 * alpha * slope)
                break;
        }
        if (!(ft < f) && !(ft <= f + 1e-4 * alpha * slope))
            break;                                          /* no progress: infeasible */
        memcpy(lambda, trial, k * sizeof *lambda);
        memcpy(w, wt, n * sizeof *w);
        f = ft;
    }
    if (residual)
        *residual = worst;
    if (rc == MAS_OK && !(worst < 1e-6))
        rc = mas_fail(err, MAS_EINPUT, "no weights reach target %zu (off by %.3g): the sample has "
                      "no patients where the target needs them", worst_j, worst);
    free(lambda), free(grad), free(h), free(step), free(trial), free(wt);
    return rc;
}
