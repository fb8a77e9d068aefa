/*
 * sensitivity.c — Morris effects and Sobol indices from a sweep's runs
 * (sensitivity.h; docs/sensitivity.md).
 */
#include "sensitivity.h"

#include "massim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

/* The metric by run index (NaN where no row gave it). */
static int by_run(const struct mas_design *d, const uint64_t *run, const double *y,
                  size_t n_rows, double **out, char *err)
{
    *out = NULL;
    if (d->n_runs > (uint64_t)(SIZE_MAX / sizeof(double)))
        return mas_fail(err, MAS_EINPUT, "sensitivity: %llu runs do not fit in memory",
                        (unsigned long long)d->n_runs);
    double *v = malloc((size_t)d->n_runs * sizeof *v);
    if (!v)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (uint64_t i = 0; i < d->n_runs; i++)
        v[i] = NAN;
    for (size_t r = 0; r < n_rows; r++) {
        if (run[r] >= d->n_runs) {
            free(v);
            return mas_fail(err, MAS_EINPUT, "sensitivity: run %llu is outside the design "
                            "(%llu runs)", (unsigned long long)run[r],
                            (unsigned long long)d->n_runs);
        }
        v[run[r]] = y[r];
    }
    *out = v;
    return MAS_OK;
}

struct keyed {
    size_t i;
    double key;
};

static int by_key_desc(const void *x, const void *y)
{
    double a = ((const struct keyed *)x)->key, b = ((const struct keyed *)y)->key;
    if (isnan(a) != isnan(b))
        return isnan(a) ? 1 : -1;
    return (a < b) - (a > b);
}

int mas_sa_order(const double *key, size_t n, size_t *order)
{
    struct keyed *k = malloc((n ? n : 1) * sizeof *k);
    if (!k)
        return MAS_EIO;
    for (size_t i = 0; i < n; i++)
        k[i] = (struct keyed){ i, key[i] };
    qsort(k, n, sizeof *k, by_key_desc);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].i;
    free(k);
    return MAS_OK;
}

int mas_sa_morris(const struct mas_design *d, const uint64_t *run, const double *y,
                  size_t n_rows, struct mas_sa_morris *out, char *err)
{
    if (d->method != MAS_DESIGN_MORRIS)
        return mas_fail(err, MAS_EINPUT, "sensitivity: Morris effects need a morris design, "
                        "not %s", mas_design_method_name(d->method));
    size_t k = d->n_axes;
    double *v;
    int rc = by_run(d, run, y, n_rows, &v, err);
    if (rc != MAS_OK)
        return rc;
    double *sum = calloc(3 * k, sizeof *sum);
    if (!sum) {
        free(v);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    double *sum_abs = sum + k, *sum_sq = sum + 2 * k;
    memset(out, 0, k * sizeof *out);
    /* Welford per axis: mean and M2 of the effects */
    for (uint64_t i = 0; i < d->n_runs; i++) {
        size_t a;
        double du;
        if (!mas_design_morris_step(d, i, &a, &du) || !isfinite(v[i]) || !isfinite(v[i - 1]))
            continue;
        double ee = (v[i] - v[i - 1]) / du;
        struct mas_sa_morris *m = &out[a];
        m->n++;
        double delta = ee - sum[a];
        sum[a] += delta / (double)m->n;
        sum_sq[a] += delta * (ee - sum[a]);
        sum_abs[a] += fabs(ee);
    }
    for (size_t a = 0; a < k; a++) {
        struct mas_sa_morris *m = &out[a];
        m->mu = m->n ? sum[a] : NAN;
        m->mu_star = m->n ? sum_abs[a] / (double)m->n : NAN;
        m->sigma = m->n > 1 ? sqrt(sum_sq[a] / (double)(m->n - 1)) : NAN;
    }
    free(v);
    free(sum);
    return MAS_OK;
}

/* The indices from the base points `use` (n of them, repeats allowed):
 * values f laid out (k + 2) per base point. */
static void jansen(const double *f, size_t k, const size_t *use, size_t n, double *s1, double *st,
                   double *variance)
{
    double mean = 0.0, m2 = 0.0;
    size_t c = 0;
    for (size_t q = 0; q < n; q++) {
        const double *b = f + use[q] * (k + 2);
        double two[2] = { b[0], b[k + 1] };
        for (int t = 0; t < 2; t++) {
            c++;
            double delta = two[t] - mean;
            mean += delta / (double)c;
            m2 += delta * (two[t] - mean);
        }
    }
    double V = c > 1 ? m2 / (double)(c - 1) : NAN;
    if (variance)
        *variance = V;
    for (size_t i = 0; i < k; i++) {
        double a = 0.0, t = 0.0;
        for (size_t q = 0; q < n; q++) {
            const double *b = f + use[q] * (k + 2);
            double fab = b[1 + i];
            a += (b[k + 1] - fab) * (b[k + 1] - fab);
            t += (b[0] - fab) * (b[0] - fab);
        }
        int ok = n >= 2 && V > 0;
        s1[i] = ok ? 1.0 - a / (2.0 * (double)n * V) : NAN;
        st[i] = ok ? t / (2.0 * (double)n * V) : NAN;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The p-quantile of the sorted x[0..n-1] (linear between order statistics). */
static double quantile(const double *x, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double h = p * (double)(n - 1);
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return x[lo] + (h - (double)lo) * (x[hi] - x[lo]);
}

int mas_sa_sobol(const struct mas_design *d, const uint64_t *run, const double *y,
                 size_t n_rows, int n_boot, uint64_t seed, struct mas_sa_sobol *out,
                 size_t *n_used, double *variance, char *err)
{
    if (d->method != MAS_DESIGN_SALTELLI)
        return mas_fail(err, MAS_EINPUT, "sensitivity: Sobol indices need a saltelli design, "
                        "not %s", mas_design_method_name(d->method));
    size_t k = d->n_axes, n_base = (size_t)(d->n_runs / (k + 2));
    double *v;
    int rc = by_run(d, run, y, n_rows, &v, err);
    if (rc != MAS_OK)
        return rc;
    size_t *use = calloc(n_base ? n_base : 1, sizeof *use);
    size_t *pick = malloc((n_base ? n_base : 1) * sizeof *pick);
    double *s1 = malloc(2 * k * sizeof *s1);
    double *boot = n_boot > 0 ? malloc((size_t)n_boot * 2 * k * sizeof *boot) : NULL;
    gsl_rng *rng = n_boot > 0 ? gsl_rng_alloc(gsl_rng_mt19937) : NULL;
    if (!use || !pick || !s1 || (n_boot > 0 && (!boot || !rng))) {
        rc = mas_fail(err, MAS_EIO, "out of memory");
        goto done;
    }
    double *st = s1 + k;
    size_t n = 0;
    for (size_t j = 0; j < n_base; j++) {
        int all = 1;
        for (size_t m = 0; m < k + 2 && all; m++)
            all = isfinite(v[j * (k + 2) + m]);
        if (all)
            use[n++] = j;
    }
    *n_used = n;
    jansen(v, k, use, n, s1, st, variance);
    for (size_t i = 0; i < k; i++) {
        out[i] = (struct mas_sa_sobol){ s1[i], NAN, NAN, st[i], NAN, NAN };
    }
    if (n_boot > 0 && n >= 2) {
        gsl_rng_set(rng, (unsigned long)((seed ^ (seed >> 32)) & 0xffffffffu));
        for (int b = 0; b < n_boot; b++) {
            for (size_t q = 0; q < n; q++)
                pick[q] = use[gsl_rng_uniform_int(rng, (unsigned long)n)];
            jansen(v, k, pick, n, boot + (size_t)b * 2 * k, boot + (size_t)b * 2 * k + k, NULL);
        }
        double *col = malloc((size_t)n_boot * sizeof *col);
        if (!col) {
            rc = mas_fail(err, MAS_EIO, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < 2 * k; i++) {
            size_t c = 0;
            for (int b = 0; b < n_boot; b++) {
                double x = boot[(size_t)b * 2 * k + i];
                if (isfinite(x))
                    col[c++] = x;
            }
            qsort(col, c, sizeof *col, cmp_double);
            double lo = quantile(col, c, 0.025), hi = quantile(col, c, 0.975);
            if (i < k)
                out[i].s1_lo = lo, out[i].s1_hi = hi;
            else
                out[i - k].st_lo = lo, out[i - k].st_hi = hi;
        }
        free(col);
    }
done:
    free(v);
    free(use);
    free(pick);
    free(s1);
    free(boot);
    if (rng)
        gsl_rng_free(rng);
    return rc;
}
