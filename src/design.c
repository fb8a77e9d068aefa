/*
 * design.c — the points of a sweep design (src/design.h, docs/sweeps.md):
 * checking a design, and an iterator that gives run i its input vector,
 * in run order from any starting run, in O(number of axes) memory.
 *
 * Grid: run i is read as mixed-radix digits over the axes' value counts,
 * the LAST axis varying fastest (C order, like numpy's
 * meshgrid(indexing='ij') flattened).
 *
 * Sampled designs make u in (0,1)^d per run and map each axis through its
 * inverse CDF, truncated to [min, max]:
 *   uniform      lo + u (hi - lo) on [low, high] ∩ [min, max];
 *   log-uniform  the same on the log scale;
 *   normal       z = Φ⁻¹(Φ(a) + u (Φ(b) − Φ(a))) on the standardized
 *                bounds [a, b], x = mean + sd z;
 *   log-normal   the same on the log scale (mu = log median, sd of the
 *                log), bounds given on the original scale.
 * For far tails the normal interval is first reflected so that most of it
 * lies below 0, where Φ is accurate (no 1 − tiny cancellation); a point
 * above the median is then computed from the upper tail Q = 1 − Φ.
 *
 * How u is made:
 *   RANDOM  one gsl_rng mt19937 seeded with `seed`, d uniform_pos draws per
 *           run in run order; starting at run `first` discards first*d draws.
 *   LHS     u_ik = (pi_k(i) + v_ik) / n with v_ik from the RANDOM stream
 *           above and pi_k a keyed pseudo-random permutation of {0..n-1}
 *           evaluated in O(1) memory: a balanced Feistel network of
 *           FEISTEL_ROUNDS rounds on 2h bits (the smallest h >= 1 with
 *           4^h >= n, so the domain is < 4n), round function = the
 *           splitmix64 finalizer of (right half XOR round key), masked to h
 *           bits.  A Feistel network is a bijection of its 2h-bit domain
 *           whatever the round function; values >= n are mapped again
 *           ("cycle walking") until one falls below n, which keeps a
 *           bijection of {0..n-1} (expected < 4 steps).  The round keys of
 *           axis k come from a splitmix64 sequence started at a hash of
 *           (seed, k) (Steele, Lea & Flood, OOPSLA 2014).
 *   SOBOL   gsl_qrng_sobol of dimension d.  The Sobol sequence starts at
 *           the origin, which maps to -inf under normal inverse CDFs;
 *           GSL's generator already never returns it (its first point is
 *           (1/2, ..., 1/2)), so run i gets GSL's (i+1)-th point, i.e.
 *           point i+1 of the sequence counting the origin as point 0.
 *           Starting at run `first` generates and discards `first` points.
 *           GSL's Sobol has 30 bits: at most 2^30 - 1 points.
 *   MORRIS  r trajectories of k + 1 points on a grid of p levels
 *           {0, 1/(p-1), ..., 1} per axis (Morris, Technometrics 1991;
 *           33:161): trajectory t has a base point of levels drawn from a
 *           splitmix64 stream keyed by (seed, t), an order of the axes (a
 *           Fisher-Yates shuffle from the same stream) and for each axis a
 *           step of delta = p / (2 (p - 1)), up from a level where it fits
 *           below 1, down otherwise; point s moves the s-th axis of the
 *           order.  Run i is point i mod (k+1) of trajectory i / (k+1),
 *           computed afresh in O(k): no state, any starting run.  u is 0 or
 *           1 at the grid's ends, so every axis needs finite bounds.
 *   SALTELLI  base point j is GSL's (s+j+1)-th Sobol point of dimension 2k,
 *           s the smallest power of 2 >= the number of base points (the
 *           sequence's first points repeat the first k coordinates in the
 *           last k, which makes A = B; skipping them as SALib does):
 *           A_j its first k coordinates, B_j the last k; run i is matrix
 *           m = i mod (k+2) of base point j = i / (k+2): A_j (m = 0),
 *           A_j with coordinate m-1 from B_j (AB_j^(m-1)), B_j (m = k+1)
 *           (Saltelli et al., Comput Phys Commun 2010;181:259).  k <= 20.
 * GSL's mt19937 takes a 32-bit seed: a 64-bit seed is folded (high XOR
 * low), so seeds below 2^32 are used unchanged.
 */
#include "design.h"

#include "massim.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>

#define FEISTEL_ROUNDS 6
#define MAX_RUNS 9007199254740992.0       /* 2^53: run indices exact in a double */
#define SOBOL_MAX_AXES 40                  /* GSL's limit */
#define SOBOL_MAX_RUNS 1073741823u         /* 2^30 - 1: GSL's 30-bit Sobol */
#define MIN_MASS 1e-300                    /* below: "no probability" */

/* ---- names ---- */

static const char *const method_names[] = { "grid", "random", "latin-hypercube", "sobol",
                                             "morris", "saltelli" };
#define N_METHODS 6
static const char *const dist_names[] = { "uniform", "log-uniform", "normal", "log-normal" };

static int name_index(const char *const *names, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

const char *mas_design_method_name(enum mas_design_method m)
{
    return (unsigned)m < N_METHODS ? method_names[m] : "?";
}

int mas_design_method_from_name(const char *name)
{
    return name_index(method_names, N_METHODS, name);
}

const char *mas_dist_name(enum mas_dist d)
{
    return (unsigned)d < 4 ? dist_names[d] : "?";
}

int mas_dist_from_name(const char *name)
{
    return name_index(dist_names, 4, name);
}

/* ---- one axis: from u in (0,1) to a value ---- */

struct axis_map {
    enum mas_dist dist;
    double lo, hi;          /* uniform: bounds of x; log-uniform: of log x */
    double mu, sigma;       /* normal, log-normal (log scale) */
    double za, zb;          /* standardized bounds, after reflection */
    int flip;               /* 1: [za, zb] is the mirror image of the bounds */
    double pa, mass, qb;    /* Φ(za), Φ(zb) − Φ(za), 1 − Φ(zb) */
    double min, max;        /* final clamp of x */
};

static const char *path_of(const struct mas_axis *a)
{
    return a->path ? a->path : "?";
}

/* Normal with mean mu, sd sigma, truncated to [lo, hi] (infinities allowed). */
static int prepare_normal(const struct mas_axis *a, struct axis_map *m, double lo,
                          double hi, char *err)
{
    double za = (lo - m->mu) / m->sigma, zb = (hi - m->mu) / m->sigma;
    m->flip = zb > -za;                 /* most of the interval above 0: mirror it */
    if (m->flip) {
        double t = za;
        za = -zb;
        zb = -t;
    }
    m->za = za;
    m->zb = zb;
    m->pa = isinf(za) ? 0.0 : gsl_cdf_ugaussian_P(za);
    m->qb = isinf(zb) ? 0.0 : gsl_cdf_ugaussian_Q(zb);
    double pb = zb <= 0 ? gsl_cdf_ugaussian_P(zb) : 1.0 - m->qb;
    m->mass = pb - m->pa;
    if (!(m->mass >= MIN_MASS))
        return mas_fail(err, MAS_EINPUT,
                        "sweep axis %s: the truncation [%g, %g] has no probability under "
                        "%s(%g, %g)", path_of(a), a->min, a->max, mas_dist_name(a->dist),
                        a->p1, a->p2);
    return MAS_OK;
}

/* Uniform on [lo, hi] ∩ [min, max], in x (uniform) or in log x (log-uniform). */
static int prepare_uniform(const struct mas_axis *a, struct axis_map *m, char *err)
{
    m->min = fmax(a->p1, a->min);
    m->max = fmin(a->p2, a->max);
    if (!(m->max > m->min))
        return mas_fail(err, MAS_EINPUT,
                        "sweep axis %s: the truncation [%g, %g] does not overlap [%g, %g]",
                        path_of(a), a->min, a->max, a->p1, a->p2);
    int log_scale = a->dist == MAS_DIST_LOG_UNIFORM;
    m->lo = log_scale ? log(m->min) : m->min;
    m->hi = log_scale ? log(m->max) : m->max;
    if (!isfinite(m->hi - m->lo))
        return mas_fail(err, MAS_EINPUT, "sweep axis %s: the range [%g, %g] is too wide",
                        path_of(a), m->min, m->max);
    return MAS_OK;
}

/* The distribution's own parameters; NULL when valid, else what is wrong. */
static const char *bad_parameters(const struct mas_axis *a)
{
    if (!isfinite(a->p1) || !isfinite(a->p2))
        return "distribution parameters must be finite numbers";
    switch (a->dist) {
    case MAS_DIST_UNIFORM:
        return a->p2 > a->p1 ? NULL : "uniform needs high > low";
    case MAS_DIST_LOG_UNIFORM:
        if (!(a->p1 > 0))
            return "log-uniform needs low > 0";
        return a->p2 > a->p1 ? NULL : "log-uniform needs high > low";
    case MAS_DIST_NORMAL:
        return a->p2 > 0 ? NULL : "normal needs sd > 0";
    case MAS_DIST_LOG_NORMAL:
        if (!(a->p1 > 0))
            return "log-normal needs median > 0";
        return a->p2 > 0 ? NULL : "log-normal needs sd > 0";
    }
    return "unknown distribution";
}

static int prepare_axis(const struct mas_axis *a, struct axis_map *m, char *err)
{
    memset(m, 0, sizeof *m);
    m->dist = a->dist;
    const char *bad = bad_parameters(a);
    if (bad)
        return mas_fail(err, MAS_EINPUT, "sweep axis %s: %s (got %g, %g)", path_of(a), bad,
                        a->p1, a->p2);
    if (isnan(a->min) || isnan(a->max) || !(a->min < a->max))
        return mas_fail(err, MAS_EINPUT, "sweep axis %s: min (%g) must be below max (%g)",
                        path_of(a), a->min, a->max);
    if (a->dist == MAS_DIST_UNIFORM || a->dist == MAS_DIST_LOG_UNIFORM)
        return prepare_uniform(a, m, err);
    m->min = a->min;
    m->max = a->max;
    m->sigma = a->p2;
    if (a->dist == MAS_DIST_NORMAL) {
        m->mu = a->p1;
        return prepare_normal(a, m, a->min, a->max, err);
    }
    m->mu = log(a->p1);
    if (!(a->max > 0))
        return mas_fail(err, MAS_EINPUT,
                        "sweep axis %s: the truncation [%g, %g] has no probability under "
                        "log-normal (max must be > 0)", path_of(a), a->min, a->max);
    return prepare_normal(a, m, a->min > 0 ? log(a->min) : -INFINITY, log(a->max), err);
}

/* Standard normal truncated to the map's [za, zb], at probability u. */
static double truncated_normal_z(const struct axis_map *m, double u)
{
    double p = m->pa + u * m->mass, z;
    if (p < 0.5)
        z = gsl_cdf_ugaussian_Pinv(fmax(p, DBL_TRUE_MIN));
    else
        z = gsl_cdf_ugaussian_Qinv(fmax(m->qb + (1.0 - u) * m->mass, DBL_TRUE_MIN));
    z = fmin(fmax(z, m->za), m->zb);
    return m->flip ? -z : z;
}

static double axis_value(const struct axis_map *m, double u)
{
    /* u is in (0,1) by construction; keep it so against rounding anyway. */
    u = fmin(fmax(u, 0x1p-60), 1.0 - 0x1p-53);
    double x;
    switch (m->dist) {
    case MAS_DIST_UNIFORM:
        x = m->lo + u * (m->hi - m->lo);
        break;
    case MAS_DIST_LOG_UNIFORM:
        x = exp(m->lo + u * (m->hi - m->lo));
        break;
    case MAS_DIST_NORMAL:
        x = m->mu + m->sigma * truncated_normal_z(m, u);
        break;
    default:
        x = exp(m->mu + m->sigma * truncated_normal_z(m, u));
        break;
    }
    return fmin(fmax(x, m->min), m->max);
}

/* ---- checking ---- */

static int check_grid(const struct mas_design *d, char *err)
{
    double product = 1;
    for (size_t k = 0; k < d->n_axes; k++) {
        const struct mas_axis *a = &d->axes[k];
        if (a->n_values == 0 || !a->values)
            return mas_fail(err, MAS_EINPUT, "sweep axis %s: a grid axis needs values",
                            path_of(a));
        for (size_t j = 0; j < a->n_values; j++)
            if (!isfinite(a->values[j]))
                return mas_fail(err, MAS_EINPUT, "sweep axis %s: value %zu is not a finite "
                                "number", path_of(a), j + 1);
        product *= (double)a->n_values;   /* no overflow: at most 1e308 */
        if (product >= MAX_RUNS)
            return mas_fail(err, MAS_EINPUT, "sweep axis %s: the grid has 2^53 runs or "
                            "more (the limit)", path_of(a));
    }
    if ((double)d->n_runs != product)
        return mas_fail(err, MAS_EINPUT, "sweep: the grid has %.0f runs but n_runs is %llu",
                        product, (unsigned long long)d->n_runs);
    return MAS_OK;
}

static int check_sampled(const struct mas_design *d, char *err)
{
    size_t nk = d->n_axes;
    if (d->method == MAS_DESIGN_SALTELLI && 2 * nk > SOBOL_MAX_AXES)
        return mas_fail(err, MAS_EINPUT, "sweep: saltelli takes at most %d axes (a Sobol "
                        "sequence of twice as many dimensions), not %zu", SOBOL_MAX_AXES / 2, nk);
    if (d->method == MAS_DESIGN_SALTELLI
        && (d->n_runs % (nk + 2) || d->n_runs / (nk + 2) > SOBOL_MAX_RUNS / 2))
        return mas_fail(err, MAS_EINPUT, "sweep: saltelli needs (axes + 2) runs per base "
                        "point and at most %u base points", SOBOL_MAX_RUNS / 2);
    if (d->method == MAS_DESIGN_MORRIS && (d->n_runs % (nk + 1) || d->levels < 2
                                           || d->levels % 2 || d->levels > 1000))
        return mas_fail(err, MAS_EINPUT, "sweep: morris needs (axes + 1) runs per trajectory "
                        "and an even number of levels from 2 to 1000");
    for (size_t j = 0; d->method == MAS_DESIGN_MORRIS && j < nk; j++) {
        const struct mas_axis *a = &d->axes[j];
        int bounded = a->dist == MAS_DIST_UNIFORM || a->dist == MAS_DIST_LOG_UNIFORM
                    || (isfinite(a->min) && isfinite(a->max)
                        && (a->dist == MAS_DIST_NORMAL || a->min > 0));
        if (!bounded)
            return mas_fail(err, MAS_EINPUT, "sweep axis %s: a morris design reaches the ends "
                            "of each axis: a %s distribution needs min: and max:%s",
                            path_of(a), mas_dist_name(a->dist),
                            a->dist == MAS_DIST_LOG_NORMAL ? " (min > 0)" : "");
    }
    if (d->method == MAS_DESIGN_SOBOL && d->n_axes > SOBOL_MAX_AXES)
        return mas_fail(err, MAS_EINPUT, "sweep: sobol takes at most %d axes, not %zu",
                        SOBOL_MAX_AXES, d->n_axes);
    if (d->method == MAS_DESIGN_SOBOL && d->n_runs > SOBOL_MAX_RUNS)
        return mas_fail(err, MAS_EINPUT, "sweep: sobol gives at most %u runs, not %llu",
                        SOBOL_MAX_RUNS, (unsigned long long)d->n_runs);
    for (size_t k = 0; k < d->n_axes; k++) {
        struct axis_map m;
        int rc = prepare_axis(&d->axes[k], &m, err);
        if (rc != MAS_OK)
            return rc;
    }
    return MAS_OK;
}

int mas_design_check(const struct mas_design *d, char *err)
{
    if (!d || d->n_axes == 0 || !d->axes)
        return mas_fail(err, MAS_EINPUT, "sweep: no axes");
    if ((unsigned)d->method > MAS_DESIGN_SALTELLI)
        return mas_fail(err, MAS_EINPUT, "sweep: unknown design method");
    if (d->method == MAS_DESIGN_GRID)
        return check_grid(d, err);      /* its runs: 1 <= product < 2^53 */
    if (d->n_runs == 0 || (double)d->n_runs >= MAX_RUNS)
        return mas_fail(err, MAS_EINPUT, "sweep: the number of runs must be at least 1 "
                        "and below 2^53, not %llu", (unsigned long long)d->n_runs);
    return check_sampled(d, err);
}

/* ---- the Latin-hypercube permutation ---- */

/* One step of the splitmix64 generator (Steele, Lea & Flood 2014). */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

static uint64_t splitmix64_next(uint64_t *state)
{
    *state += UINT64_C(0x9E3779B97F4A7C15);
    return mix64(*state);
}

static uint64_t feistel(const uint64_t *keys, unsigned half, uint64_t x)
{
    uint64_t mask = (UINT64_C(1) << half) - 1;
    uint64_t left = x >> half, right = x & mask;
    for (int r = 0; r < FEISTEL_ROUNDS; r++) {
        uint64_t t = left ^ (mix64(right ^ keys[r]) & mask);
        left = right;
        right = t;
    }
    return (left << half) | right;
}

/* ---- the iterator ---- */

struct mas_design_iter {
    const struct mas_design *d;   /* not owned; must outlive the iterator */
    uint64_t next;                /* the run the next call returns */
    gsl_rng *rng;                 /* RANDOM, LHS */
    gsl_qrng *qrng;               /* SOBOL */
    struct axis_map *maps;        /* sampled designs: one per axis */
    uint64_t *keys;               /* LHS: FEISTEL_ROUNDS per axis */
    unsigned half;                /* LHS: bits of a Feistel half */
    double *u;                    /* one point of (0,1)^d */
    double *ab;                   /* SALTELLI: the base point's A and B (2k) */
    uint64_t base;                /* SALTELLI: the base point in ab (UINT64_MAX: none) */
    size_t *order;                /* MORRIS: the trajectory's order of the axes */
};

/* ---- Morris trajectories ---- */

/* Trajectory t's base point (levels / (p - 1) into u), its order of the
 * axes (order), and the signed step of each axis (step, in u). */
static void morris_trajectory(const struct mas_design *d, uint64_t t, double *u, size_t *order,
                              double *step)
{
    size_t k = d->n_axes;
    unsigned p = d->levels;
    double delta = (double)p / (2.0 * (p - 1));
    uint64_t state = mix64(d->seed ^ mix64(UINT64_C(0x4D0221) + t));
    for (size_t j = 0; j < k; j++) {
        double x = (double)(splitmix64_next(&state) % p) / (double)(p - 1);
        u[j] = x;
        step[j] = x + delta <= 1.0 + 1e-12 ? delta : -delta;
        order[j] = j;
    }
    for (size_t j = k; j-- > 1;) {            /* Fisher-Yates */
        size_t r = (size_t)(splitmix64_next(&state) % (j + 1)), tmp = order[j];
        order[j] = order[r];
        order[r] = tmp;
    }
}

int mas_design_morris_step(const struct mas_design *d, uint64_t i, size_t *axis,
                           double *delta_u)
{
    size_t k = d->n_axes;
    uint64_t t = i / (k + 1), s = i % (k + 1);
    if (s == 0)
        return 0;
    double *u = malloc(2 * k * sizeof *u);
    size_t *order = malloc(k * sizeof *order);
    if (!u || !order) {
        free(u);
        free(order);
        *axis = 0;
        *delta_u = NAN;
        return 1;
    }
    morris_trajectory(d, t, u, order, u + k);
    *axis = order[s - 1];
    *delta_u = u[k + *axis];
    free(u);
    free(order);
    return 1;
}

static uint64_t lhs_stratum(const struct mas_design_iter *it, size_t k, uint64_t i)
{
    const uint64_t *keys = it->keys + k * FEISTEL_ROUNDS;
    uint64_t x = i;
    do
        x = feistel(keys, it->half, x);
    while (x >= it->d->n_runs);
    return x;
}

static void lhs_setup(struct mas_design_iter *it)
{
    it->half = 1;
    while (it->d->n_runs > UINT64_C(1) << (2 * it->half))
        it->half++;
    for (size_t k = 0; k < it->d->n_axes; k++) {
        uint64_t state = mix64(it->d->seed ^ mix64(UINT64_C(0x5EED) + k));
        for (int r = 0; r < FEISTEL_ROUNDS; r++)
            it->keys[k * FEISTEL_ROUNDS + r] = splitmix64_next(&state);
    }
}

/* Allocate the generators and move them to run `first`. */
static int generators_setup(struct mas_design_iter *it, uint64_t first, char *err)
{
    const struct mas_design *d = it->d;
    uint64_t skip = first < d->n_runs ? first : 0;
    if (d->method == MAS_DESIGN_MORRIS)
        return MAS_OK;                          /* stateless */
    if (d->method == MAS_DESIGN_SALTELLI) {
        it->qrng = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * d->n_axes));
        if (!it->qrng)
            return mas_fail(err, MAS_EIO, "sweep: out of memory");
        it->base = UINT64_MAX;
        uint64_t n_base = d->n_runs / (d->n_axes + 2), lead = 1;
        while (lead < n_base)
            lead *= 2;
        for (uint64_t j = 0; j < lead + skip / (d->n_axes + 2); j++)
            gsl_qrng_get(it->qrng, it->ab);
        return MAS_OK;
    }
    if (d->method == MAS_DESIGN_SOBOL) {
        it->qrng = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)d->n_axes);
        if (!it->qrng)
            return mas_fail(err, MAS_EIO, "sweep: out of memory");
        for (uint64_t i = 0; i < skip; i++)
            gsl_qrng_get(it->qrng, it->u);
        return MAS_OK;
    }
    it->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!it->rng)
        return mas_fail(err, MAS_EIO, "sweep: out of memory");
    gsl_rng_set(it->rng, (unsigned long)((d->seed ^ (d->seed >> 32)) & 0xffffffffu));
    for (uint64_t i = 0; i < skip; i++)
        for (size_t k = 0; k < d->n_axes; k++)
            gsl_rng_uniform_pos(it->rng);
    return MAS_OK;
}

int mas_design_iter_new(const struct mas_design *d, uint64_t first,
                        struct mas_design_iter **out, char *err)
{
    *out = NULL;
    int rc = mas_design_check(d, err);
    if (rc != MAS_OK)
        return rc;
    struct mas_design_iter *it = calloc(1, sizeof *it);
    if (!it)
        return mas_fail(err, MAS_EIO, "sweep: out of memory");
    it->d = d;
    it->next = first;
    if (d->method != MAS_DESIGN_GRID) {
        it->maps = calloc(d->n_axes, sizeof *it->maps);
        it->u = calloc(d->n_axes, sizeof *it->u);
        it->keys = calloc(d->n_axes * FEISTEL_ROUNDS, sizeof *it->keys);
        it->ab = calloc(2 * d->n_axes, sizeof *it->ab);
        it->order = calloc(d->n_axes, sizeof *it->order);
        if (!it->maps || !it->u || !it->keys || !it->ab || !it->order)
            rc = mas_fail(err, MAS_EIO, "sweep: out of memory");
        for (size_t k = 0; rc == MAS_OK && k < d->n_axes; k++)
            rc = prepare_axis(&d->axes[k], &it->maps[k], err);
        if (rc == MAS_OK && d->method == MAS_DESIGN_LHS)
            lhs_setup(it);
        if (rc == MAS_OK)
            rc = generators_setup(it, first, err);
    }
    if (rc != MAS_OK) {
        mas_design_iter_free(it);
        return rc;
    }
    *out = it;
    return MAS_OK;
}

static void grid_point(const struct mas_design *d, uint64_t i, double *x)
{
    for (size_t k = d->n_axes; k-- > 0;) {
        const struct mas_axis *a = &d->axes[k];
        x[k] = a->values[i % a->n_values];
        i /= a->n_values;
    }
}

static void unit_point(struct mas_design_iter *it, uint64_t i)
{
    const struct mas_design *d = it->d;
    size_t nk = d->n_axes;
    if (d->method == MAS_DESIGN_MORRIS) {
        uint64_t s = i % (nk + 1);
        morris_trajectory(d, i / (nk + 1), it->u, it->order, it->ab);
        for (uint64_t m = 0; m < s; m++)
            it->u[it->order[m]] += it->ab[it->order[m]];
        for (size_t j = 0; j < nk; j++)            /* the grid's levels, exactly */
            it->u[j] = fmin(1.0, fmax(0.0, round(it->u[j] * (d->levels - 1)) / (d->levels - 1)));
        return;
    }
    if (d->method == MAS_DESIGN_SALTELLI) {
        uint64_t j = i / (nk + 2), m = i % (nk + 2);
        if (it->base != j) {
            gsl_qrng_get(it->qrng, it->ab);
            it->base = j;
        }
        for (size_t a = 0; a < nk; a++)
            it->u[a] = m == nk + 1 || m == a + 1 ? it->ab[nk + a] : it->ab[a];
        return;
    }
    if (d->method == MAS_DESIGN_SOBOL) {
        gsl_qrng_get(it->qrng, it->u);
        return;
    }
    for (size_t k = 0; k < d->n_axes; k++) {
        double v = gsl_rng_uniform_pos(it->rng);
        if (d->method == MAS_DESIGN_LHS)
            v = ((double)lhs_stratum(it, k, i) + v) / (double)d->n_runs;
        it->u[k] = v;
    }
}

uint64_t mas_design_iter_next(struct mas_design_iter *it, double *x)
{
    const struct mas_design *d = it->d;
    if (it->next >= d->n_runs)
        return UINT64_MAX;
    uint64_t i = it->next++;
    if (d->method == MAS_DESIGN_GRID) {
        grid_point(d, i, x);
        return i;
    }
    unit_point(it, i);
    for (size_t k = 0; k < d->n_axes; k++)
        x[k] = axis_value(&it->maps[k], it->u[k]);
    return i;
}

void mas_design_iter_free(struct mas_design_iter *it)
{
    if (!it)
        return;
    if (it->rng)
        gsl_rng_free(it->rng);
    if (it->qrng)
        gsl_qrng_free(it->qrng);
    free(it->maps);
    free(it->keys);
    free(it->u);
    free(it->ab);
    free(it->order);
    free(it);
}

void mas_design_free(struct mas_design *d)
{
    if (!d)
        return;
    for (size_t k = 0; d->axes && k < d->n_axes; k++) {
        free(d->axes[k].path);
        free(d->axes[k].name);
        free(d->axes[k].values);
    }
    free(d->axes);
    memset(d, 0, sizeof *d);
}
