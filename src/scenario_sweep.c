/*
 * scenario_sweep.c — reads what a scenario says for `massim sweep`: the
 * keys `trajectories` and `every` of `output:`, and the `sweep:` section
 * (axes over settable paths; a grid, or a sampled design with a
 * distribution per axis) into s->trajectories and s->sweep (design.h).
 * Axis values are converted to their path's unit and checked as --set
 * checks them (scenario_set.c), so a grid that passes `massim check` has no
 * run refused for one of its values alone; a sampled axis must not be able
 * to leave its path's valid values.  Uses the YAML helpers of scenario.c
 * (scenario_rules.h).  Syntax and rules: docs/sweeps.md.
 */
#include "scenario_rules.h"

#include "massim.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const sweep_keys[] = { "axes", "samples", NULL };
static const char *const axis_keys[] = {
    "path", "values", "range", "steps", "scale", "distribution", "mean", "sd", "median",
    "sd_log", "min", "max", NULL };
static const char *const sample_keys[] = { "method", "n", "seed", "trajectories", "levels",
                                           "base", NULL };
static const char *const scales[] = { "linear", "log", NULL };
static const char *const methods[] = { "random", "latin-hypercube", "sobol", "morris",
                                       "saltelli", NULL };
static const char *const dists[] = { "uniform", "log-uniform", "normal", "log-normal", NULL };
/* The parameter keys of the distributions, and which one takes which. */
static const char *const dist_params[] = { "range", "mean", "sd", "median", "sd_log", NULL };
static const char *const dist_takes[][3] = {
    [MAS_DIST_UNIFORM] = { "range", NULL }, [MAS_DIST_LOG_UNIFORM] = { "range", NULL },
    [MAS_DIST_NORMAL] = { "mean", "sd", NULL }, [MAS_DIST_LOG_NORMAL] = { "median", "sd_log", NULL },
};
static const char *const sampled_only[] = {
    "distribution", "mean", "sd", "median", "sd_log", "min", "max", NULL };
#define MAX_STEPS 1000000ULL
#define MAX_RUNS ((1ULL << 53) - 1)

/* One axis being read: where it is, its path, the axis it fills. */
struct ax {
    struct mas_reader *r;
    yaml_node_t *map;
    char where[48];              /* "sweep.axes[2]" */
    struct mas_path p;
    struct mas_axis *a;
};

static const char *text(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static int is_scalar(const yaml_node_t *n)
{
    return n->type == YAML_SCALAR_NODE && !mas_rd_is_null(n);
}

static int in(const char *word, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(word, names[i]))
            return i;
    return -1;
}

static void join(const char *const *names, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; names[i] && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", names[i]);
}

/* One of `choices` at n ("did you mean" when close). */
static int read_choice(struct mas_reader *r, const yaml_node_t *n, const char *what,
                       const char *const *choices, int *index)
{
    char buf[80], list[128];
    join(choices, list, sizeof list);
    if (!is_scalar(n))
        return mas_rd_fail(r, n, "%s: expected one of %s, found %s", what, list,
                           mas_rd_describe(n, buf, sizeof buf));
    if ((*index = in(text(n), choices)) >= 0)
        return MAS_OK;
    const char *near = mas_rd_suggest(text(n), choices);
    if (near)
        return mas_rd_fail(r, n, "%s: unknown value '%s'; did you mean '%s'? (expected one "
                           "of %s)", what, text(n), near, list);
    return mas_rd_fail(r, n, "%s: unknown value '%s' (expected one of %s)", what, text(n), list);
}

/* A whole number lo..hi (plain digits). */
static int read_whole(struct mas_reader *r, const yaml_node_t *n, const char *what,
                      unsigned long long lo, unsigned long long hi, unsigned long long *out)
{
    char buf[80];
    const char *s = is_scalar(n) ? text(n) : "";
    size_t digits = strspn(s, "0123456789");
    errno = 0;
    unsigned long long v = digits && digits <= 20 && !s[digits] ? strtoull(s, NULL, 10) : 0;
    if (digits && digits <= 20 && !s[digits] && errno == 0 && v >= lo && v <= hi) {
        *out = v;
        return MAS_OK;
    }
    return mas_rd_fail(r, n, "%s must be a whole number from %llu to %llu, found %s", what, lo,
                       hi, mas_rd_describe(n, buf, sizeof buf));
}

/* A plain number (no unit, no %). */
static int plain_number(const char *s, double *v)
{
    char msg[MAS_ERR_LEN];
    return !strchr(s, '%') && mas_units_parse(s, MAS_Q_DIMENSIONLESS, NULL, v, msg) == MAS_OK;
}

/* ---- output: trajectories, every ----------------------------------------- */


static int read_trajectory(struct mas_reader *r, yaml_node_t *n, size_t i)
{
    char buf[80];
    struct mas_scenario *s = r->s;
    if (!is_scalar(n))
        return mas_rd_fail(r, n, "output.trajectories[%zu]: expected a state or observable "
                           "name, found %s", i, mas_rd_describe(n, buf, sizeof buf));
    if (mas_model_find_state(r->m, text(n)) < 0 && mas_model_find_obs(r->m, text(n)) < 0) {
        const char *near = mas_model_suggest_var(r->m, text(n));
        if (near)
            return mas_rd_fail(r, n, "output.trajectories: unknown state or observable '%s'; "
                               "did you mean '%s'?", text(n), near);
        return mas_rd_fail(r, n, "output.trajectories: unknown state or observable '%s' "
                           "(`massim states` lists them)", text(n));
    }
    for (int k = 0; k < s->n_trajectories; k++)
        if (!strcmp(s->trajectories[k], text(n)))
            return mas_rd_fail(r, n, "output.trajectories: '%s' is listed twice", text(n));
    if (!(s->trajectories[s->n_trajectories] = strdup(text(n))))
        return mas_fail(r->err, MAS_EIO, "out of memory");
    s->n_trajectories++;
    return MAS_OK;
}

static int read_every(struct mas_reader *r, yaml_node_t *n)
{
    char buf[80], msg[MAS_ERR_LEN];
    const struct mas_scenario *s = r->s;
    double v, every = s->output_every_day, span = s->t_end_day - s->t_start_day;
    if (!is_scalar(n))
        return mas_rd_fail(r, n, "output.every: expected a time (e.g. '6 h'), found %s",
                           mas_rd_describe(n, buf, sizeof buf));
    if (mas_units_parse(text(n), MAS_Q_TIME, "d", &v, msg))
        return mas_rd_fail(r, n, "output.every: %s", msg);
    if (!(v > 0))
        return mas_rd_fail(r, n, "output.every must be > 0, found %g d", v);
    double k = v / every, whole = nearbyint(k);
    if (whole < 1 || fabs(k - whole) > 1e-9 * k)
        return mas_rd_fail(r, n, "output.every (%g h) must be a whole multiple of "
                           "time.output_every (%g h)", v * 24, every * 24);
    if (span > 0 && v > span * (1 + 1e-12))
        return mas_rd_fail(r, n, "output.every (%g d) is longer than the simulated span "
                           "(%g d)", v, span);
    r->s->trajectory_every_day = v;
    return MAS_OK;
}

int mas_rd_output_sweep(struct mas_reader *r, yaml_node_t *map)
{
    char buf[80];
    int rc;
    yaml_node_t *list = mas_rd_lookup(r, map, "trajectories"), *every = mas_rd_lookup(r, map, "every");
    if (every && !list)
        return mas_rd_fail(r, mas_rd_key(r, map, "every"), "output.every applies to "
                           "trajectories: give output.trajectories too");
    if (!list)
        return MAS_OK;
    size_t n = list->type == YAML_SEQUENCE_NODE
        ? (size_t)(list->data.sequence.items.top - list->data.sequence.items.start) : 0;
    if (n == 0)
        return mas_rd_fail(r, list, "output.trajectories: expected a non-empty list of state "
                           "or observable names, found %s", list->type == YAML_SEQUENCE_NODE
                           ? "an empty list" : mas_rd_describe(list, buf, sizeof buf));
    if (!(r->s->trajectories = calloc(n, sizeof *r->s->trajectories)))
        return mas_fail(r->err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < n; i++)
        if ((rc = read_trajectory(r, mas_rd_node(r, list->data.sequence.items.start[i]), i)))
            return rc;
    return every ? read_every(r, every) : MAS_OK;
}

/* YAML ends a plain scalar in a flow mapping at '[': {path: therapies[0].start}
 * is a syntax error, {path: "therapies[0].start"} is not. */
const char *mas_rd_flow_path_hint(const char *text, size_t line)
{
    for (; line > 0 && text; line--)
        if ((text = strchr(text, '\n')))
            text++;
    const char *end = text ? strchr(text, '\n') : NULL;
    const char *at = text ? strstr(text, "path: therapies[") : NULL;
    if (!at || (end && at > end) || !memchr(text, '{', (size_t)(at - text)))
        return "";
    return " (a path with brackets must be quoted in a flow mapping: "
           "{path: \"therapies[0].start\", ...}, or use block style)";
}

/* ---- sweep: one axis --------------------------------------------------------- */

/* A value of the axis's path at n: bare in the path's unit, or with a unit. */
static int quantity(struct ax *x, const yaml_node_t *n, const char *key, double *v)
{
    char buf[80], msg[MAS_ERR_LEN];
    if (!is_scalar(n))
        return mas_rd_fail(x->r, n, "%s.%s: expected a value in %s, found %s", x->where, key,
                           x->p.unit, mas_rd_describe(n, buf, sizeof buf));
    if (mas_path_value(x->r->s, x->r->m, &x->p, text(n), v, msg))
        return mas_rd_fail(x->r, n, "%s.%s: %s", x->where, key, msg);
    return MAS_OK;
}

/* A spread (sd): a plain number in the path's unit, or a quantity. */
static int spread(struct ax *x, const yaml_node_t *n, const char *key, double *v)
{
    if (is_scalar(n) && plain_number(text(n), v))
        return MAS_OK;
    return quantity(x, n, key, v);
}

/* range: [low, high] with low < high. */
static int read_pair(struct ax *x, yaml_node_t *n, double *lo, double *hi)
{
    char buf[80];
    int rc;
    if (n->type != YAML_SEQUENCE_NODE
        || n->data.sequence.items.top - n->data.sequence.items.start != 2)
        return mas_rd_fail(x->r, n, "%s.range: expected [low, high], found %s", x->where,
                           n->type == YAML_SEQUENCE_NODE ? "a list of another length"
                           : mas_rd_describe(n, buf, sizeof buf));
    if ((rc = quantity(x, mas_rd_node(x->r, n->data.sequence.items.start[0]), "range", lo))
        || (rc = quantity(x, mas_rd_node(x->r, n->data.sequence.items.start[1]), "range", hi)))
        return rc;
    if (!(*lo < *hi))
        return mas_rd_fail(x->r, n, "%s.range: low (%g) must be below high (%g)", x->where,
                           *lo, *hi);
    return MAS_OK;
}

/* v in the path's unit as a reader writes it: "day 3", "0.5", "6 mg/kg". */
static const char *show(const struct mas_path *p, double v, char *buf, size_t size)
{
    if (!strcmp(p->unit, "day"))
        snprintf(buf, size, "day %g", v);
    else
        snprintf(buf, size, "%g%s%s", v, strcmp(p->unit, "1") ? " " : "",
                 strcmp(p->unit, "1") ? p->unit : "");
    return buf;
}

/* Checking a value of a therapy's start costs the infusion doses (their
 * overlaps); n values of an axis may cost at most this much in all. */
#define MAX_CHECK_WORK 2000000.0

static int check_budget(struct ax *x, const yaml_node_t *at, size_t n_values)
{
    if (x->p.kind != MAS_PATH_THERAPY_START && x->p.kind != MAS_PATH_PHASE_START)
        return MAS_OK;
    double work = (double)n_values * (double)mas_scenario_infusion_doses(x->r->s);
    if (work <= MAX_CHECK_WORK)
        return MAS_OK;
    return mas_rd_fail(x->r, at, "%s: %zu values of a therapy's start, each checked against "
                       "%zu infusion doses for overlaps, is more than %.0e checks; use fewer "
                       "values or a sampled design", x->where, n_values,
                       mas_scenario_infusion_doses(x->r->s), MAX_CHECK_WORK);
}

/* Would --set accept v at the axis's path (on the scenario as read)? */
static int check_value(struct ax *x, const yaml_node_t *at, double v)
{
    char msg[MAS_ERR_LEN], buf[64];
    if (mas_path_try(x->r->s, x->r->m, &x->p, v, msg) == MAS_OK)
        return MAS_OK;
    return mas_rd_fail(x->r, at, "%s: value %s: %s", x->where, show(&x->p, v, buf, sizeof buf),
                       msg);
}

static int read_values(struct ax *x, yaml_node_t *list)
{
    char buf[80];
    int rc;
    size_t n = list->type == YAML_SEQUENCE_NODE
        ? (size_t)(list->data.sequence.items.top - list->data.sequence.items.start) : 0;
    if (n == 0)
        return mas_rd_fail(x->r, list, "%s.values: expected a non-empty list, found %s",
                           x->where, list->type == YAML_SEQUENCE_NODE ? "an empty list"
                           : mas_rd_describe(list, buf, sizeof buf));
    if ((rc = check_budget(x, list, n)))
        return rc;
    if (!(x->a->values = malloc(n * sizeof *x->a->values)))
        return mas_fail(x->r->err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = mas_rd_node(x->r, list->data.sequence.items.start[i]);
        if ((rc = quantity(x, item, "values", &x->a->values[i]))
            || (rc = check_value(x, item, x->a->values[i])))
            return rc;
        x->a->n_values++;
    }
    return MAS_OK;
}

/* steps values from lo to hi (both included), evenly in value or in log. */
static int expand_range(struct ax *x, const yaml_node_t *at, double lo, double hi,
                        size_t steps, int log_scale)
{
    int rc;
    if ((rc = check_budget(x, at, steps)))
        return rc;
    if (!(x->a->values = malloc(steps * sizeof *x->a->values)))
        return mas_fail(x->r->err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < steps; i++) {
        double f = (double)i / (double)(steps - 1);
        double v = log_scale ? exp(log(lo) + f * (log(hi) - log(lo))) : lo + f * (hi - lo);
        x->a->values[i] = i == 0 ? lo : i == steps - 1 ? hi : v;
        if ((rc = check_value(x, at, x->a->values[i])))
            return rc;
        x->a->n_values++;
    }
    return MAS_OK;
}

static int read_grid_range(struct ax *x, yaml_node_t *range)
{
    yaml_node_t *steps = mas_rd_lookup(x->r, x->map, "steps");
    yaml_node_t *scale = mas_rd_lookup(x->r, x->map, "scale");
    unsigned long long n;
    double lo, hi;
    int log_scale = 0, rc;
    char what[64];
    snprintf(what, sizeof what, "%s.steps", x->where);
    if (!steps)
        return mas_rd_fail(x->r, x->map, "%s: a range in a grid needs 'steps' (how many "
                           "values, >= 2)", x->where);
    if ((rc = read_pair(x, range, &lo, &hi)) || (rc = read_whole(x->r, steps, what, 2,
                                                                  MAX_STEPS, &n)))
        return rc;
    snprintf(what, sizeof what, "%s.scale", x->where);
    if (scale && (rc = read_choice(x->r, scale, what, scales, &log_scale)))
        return rc;
    if (log_scale && !(lo > 0))
        return mas_rd_fail(x->r, range, "%s.range: a log scale needs values above 0, found "
                           "%g to %g", x->where, lo, hi);
    return expand_range(x, range, lo, hi, (size_t)n, log_scale);
}

static int read_grid_axis(struct ax *x)
{
    yaml_node_t *k, *values = mas_rd_lookup(x->r, x->map, "values");
    yaml_node_t *range = mas_rd_lookup(x->r, x->map, "range");
    for (int i = 0; sampled_only[i]; i++)
        if ((k = mas_rd_key(x->r, x->map, sampled_only[i])))
            return mas_rd_fail(x->r, k, "%s: '%s' is for sampled designs (add samples:); a "
                               "grid axis takes values, or range and steps", x->where,
                               sampled_only[i]);
    if (values && range)
        return mas_rd_fail(x->r, mas_rd_key(x->r, x->map, "range"), "%s: give 'values' or "
                           "'range', not both", x->where);
    if (values) {
        if ((k = mas_rd_key(x->r, x->map, "steps")) || (k = mas_rd_key(x->r, x->map, "scale")))
            return mas_rd_fail(x->r, k, "%s: '%s' goes with 'range', not with 'values'",
                               x->where, text(k));
        return read_values(x, values);
    }
    if (!range)
        return mas_rd_fail(x->r, x->map, "%s: missing 'values' (a list), or 'range' and "
                           "'steps'", x->where);
    return read_grid_range(x, range);
}

/* The keys of the axis fit its distribution d. */
static int check_dist_keys(struct ax *x, enum mas_dist d)
{
    char list[64];
    yaml_node_t *k;
    join(dist_takes[d], list, sizeof list);
    for (int i = 0; dist_params[i]; i++) {
        int takes = in(dist_params[i], dist_takes[d]) >= 0;
        if (!takes && (k = mas_rd_key(x->r, x->map, dist_params[i])))
            return mas_rd_fail(x->r, k, "%s: '%s' does not apply to a %s distribution (it "
                               "takes %s)", x->where, dist_params[i], dists[d], list);
        if (takes && !mas_rd_key(x->r, x->map, dist_params[i]))
            return mas_rd_fail(x->r, x->map, "%s: a %s distribution needs '%s' (it takes %s)",
                               x->where, dists[d], dist_params[i], list);
    }
    return MAS_OK;
}

static int read_dist_params(struct ax *x, enum mas_dist d)
{
    struct mas_axis *a = x->a;
    yaml_node_t *n;
    int rc;
    switch (d) {
    case MAS_DIST_UNIFORM:
    case MAS_DIST_LOG_UNIFORM:
        n = mas_rd_lookup(x->r, x->map, "range");
        if ((rc = read_pair(x, n, &a->p1, &a->p2)))
            return rc;
        if (d == MAS_DIST_LOG_UNIFORM && !(a->p1 > 0))
            return mas_rd_fail(x->r, n, "%s.range: a log-uniform distribution needs values "
                               "above 0, found %g to %g", x->where, a->p1, a->p2);
        return MAS_OK;
    case MAS_DIST_NORMAL:
        n = mas_rd_lookup(x->r, x->map, "sd");
        if ((rc = quantity(x, mas_rd_lookup(x->r, x->map, "mean"), "mean", &a->p1))
            || (rc = spread(x, n, "sd", &a->p2)))
            return rc;
        return a->p2 > 0 ? MAS_OK : mas_rd_fail(x->r, n, "%s.sd must be > 0, found %g",
                                                x->where, a->p2);
    case MAS_DIST_LOG_NORMAL:
        n = mas_rd_lookup(x->r, x->map, "median");
        if ((rc = quantity(x, n, "median", &a->p1)))
            return rc;
        if (!(a->p1 > 0))
            return mas_rd_fail(x->r, n, "%s.median must be > 0, found %g", x->where, a->p1);
        n = mas_rd_lookup(x->r, x->map, "sd_log");
        if (!is_scalar(n) || !plain_number(text(n), &a->p2) || !(a->p2 > 0))
            return mas_rd_fail(x->r, n, "%s.sd_log must be a number > 0 (the standard "
                               "deviation of the natural log)", x->where);
        return MAS_OK;
    }
    return MAS_OK;
}

static int read_bounds(struct ax *x)
{
    yaml_node_t *lo = mas_rd_lookup(x->r, x->map, "min"), *hi = mas_rd_lookup(x->r, x->map, "max");
    int rc;
    if ((lo && (rc = quantity(x, lo, "min", &x->a->min)))
        || (hi && (rc = quantity(x, hi, "max", &x->a->max))))
        return rc;
    if (lo && hi && !(x->a->min < x->a->max))
        return mas_rd_fail(x->r, hi, "%s: max (%g) must be above min (%g)", x->where,
                           x->a->max, x->a->min);
    return MAS_OK;
}

static void describe_valid(const struct mas_path *p, char *buf, size_t size)
{
    char lo[64], hi[64];
    show(p, p->lo, lo, sizeof lo);
    if (p->hi < INFINITY)
        snprintf(buf, size, "from %s to %s", lo, show(p, p->hi, hi, sizeof hi));
    else
        snprintf(buf, size, "%s %s", p->lo_open ? ">" : ">=", lo);
}

/* The values the (truncated) distribution can take stay valid for the path. */
static int check_support(struct ax *x, yaml_node_t *at)
{
    const struct mas_axis *a = x->a;
    const struct mas_path *p = &x->p;
    char valid[96];
    int lo_open = a->dist == MAS_DIST_LOG_NORMAL && !(a->min > 0);
    double lo = a->dist <= MAS_DIST_LOG_UNIFORM ? a->p1 : a->dist == MAS_DIST_NORMAL ? -INFINITY : 0;
    double hi = a->dist <= MAS_DIST_LOG_UNIFORM ? a->p2 : INFINITY;
    lo = fmax(lo, a->min);
    hi = fmin(hi, a->max);
    describe_valid(p, valid, sizeof valid);
    if (!(lo < hi))
        return mas_rd_fail(x->r, at, "%s: min and max leave no value of the %s distribution",
                           x->where, dists[a->dist]);
    int low_bad = lo < p->lo || (lo == p->lo && p->lo_open && !lo_open);
    int high_bad = hi > p->hi;
    if (!low_bad && !high_bad)
        return MAS_OK;
    if ((low_bad && lo == -INFINITY) || (high_bad && hi == INFINITY))
        return mas_rd_fail(x->r, at, "%s: a %s distribution can leave the valid values of %s "
                           "(%s): add %s", x->where, dists[a->dist], p->name, valid,
                           low_bad && high_bad ? "min: and max:" : low_bad ? "min:" : "max:");
    return mas_rd_fail(x->r, at, "%s: values from %g to %g leave the valid values of %s (%s)",
                       x->where, lo, hi, p->name, valid);
}

static int read_sampled_axis(struct ax *x)
{
    static const char *const grid_only[] = { "values", "steps", NULL };
    yaml_node_t *k, *dist = mas_rd_lookup(x->r, x->map, "distribution");
    yaml_node_t *range = mas_rd_lookup(x->r, x->map, "range");
    yaml_node_t *scale = mas_rd_key(x->r, x->map, "scale");
    char what[64];
    int d, rc;
    for (int i = 0; grid_only[i]; i++)
        if ((k = mas_rd_key(x->r, x->map, grid_only[i])))
            return mas_rd_fail(x->r, k, "%s: '%s' is for grids; in a sampled design (samples:) "
                               "each axis has a distribution (or a range: uniform)", x->where,
                               grid_only[i]);
    if (dist && scale)
        return mas_rd_fail(x->r, scale, "%s: 'scale' goes with a range without "
                           "'distribution' (for a log scale use distribution: log-uniform)",
                           x->where);
    if (!dist && !range)
        return mas_rd_fail(x->r, x->map, "%s: missing 'distribution' (uniform, log-uniform, "
                           "normal, log-normal) or 'range' (uniform)", x->where);
    snprintf(what, sizeof what, "%s.%s", x->where, dist ? "distribution" : "scale");
    if (dist)
        rc = read_choice(x->r, dist, what, dists, &d);
    else if (!scale)
        rc = (d = MAS_DIST_UNIFORM, MAS_OK);
    else if ((rc = read_choice(x->r, mas_rd_lookup(x->r, x->map, "scale"), what, scales, &d)) == 0)
        d = d ? MAS_DIST_LOG_UNIFORM : MAS_DIST_UNIFORM;
    if (rc)
        return rc;
    x->a->dist = (enum mas_dist)d;
    if ((rc = check_dist_keys(x, x->a->dist)) || (rc = read_dist_params(x, x->a->dist))
        || (rc = read_bounds(x)))
        return rc;
    return check_support(x, dist ? dist : range);
}

/* Column name: '[', ']' and '.' become '_', runs of '_' one, none at the end. */
static char *axis_name(const char *path)
{
    char *name = malloc(strlen(path) + 1);
    size_t k = 0;
    if (!name)
        return NULL;
    for (const char *c = path; *c; c++) {
        char ch = strchr("[].", *c) ? '_' : *c;
        if (!(ch == '_' && k > 0 && name[k - 1] == '_'))
            name[k++] = ch;
    }
    while (k > 0 && name[k - 1] == '_')
        k--;
    name[k] = '\0';
    return name;
}

static int read_path(struct ax *x, const struct mas_design *d)
{
    char buf[80], msg[MAS_ERR_LEN];
    yaml_node_t *n = mas_rd_lookup(x->r, x->map, "path");
    if (!n)
        return mas_rd_fail(x->r, x->map, "%s: missing required key 'path' (e.g. "
                           "therapies[0].start)", x->where);
    if (!is_scalar(n))
        return mas_rd_fail(x->r, n, "%s.path: expected a path, found %s", x->where,
                           mas_rd_describe(n, buf, sizeof buf));
    if (mas_path_resolve(x->r->s, x->r->m, text(n), &x->p, msg))
        return mas_rd_fail(x->r, n, "%s.path: %s", x->where, msg);
    if (!(x->a->path = strdup(text(n))) || !(x->a->name = axis_name(text(n))))
        return mas_fail(x->r->err, MAS_EIO, "out of memory");
    snprintf(x->a->unit, sizeof x->a->unit, "%s", x->p.unit);
    for (size_t k = 0; k + 1 < d->n_axes; k++)
        if (!strcmp(d->axes[k].name, x->a->name))
            return mas_rd_fail(x->r, n, "%s.path: '%s' is swept twice (also by "
                               "sweep.axes[%zu], line %d)", x->where, text(n), k,
                               d->axes[k].line);
    return MAS_OK;
}

static int read_axis(struct mas_reader *r, yaml_node_t *map, const struct mas_design *d,
                     struct mas_axis *a, size_t i)
{
    char buf[80];
    struct ax x = { .r = r, .map = map, .a = a };
    int rc;
    snprintf(x.where, sizeof x.where, "sweep.axes[%zu]", i);
    a->min = -INFINITY;
    a->max = INFINITY;
    a->line = (int)map->start_mark.line + 1;
    a->col = (int)map->start_mark.column + 1;
    if (map->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, map, "%s: expected a mapping (path:, values: ...), found %s",
                           x.where, mas_rd_describe(map, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, map, "in a sweep axis", axis_keys))
        || (rc = read_path(&x, d)))
        return rc;
    return d->method == MAS_DESIGN_GRID ? read_grid_axis(&x) : read_sampled_axis(&x);
}

/* ---- sweep: the design ------------------------------------------------------- */

static int read_samples(struct mas_reader *r, yaml_node_t *map, struct mas_design *d)
{
    char buf[80];
    yaml_node_t *method = mas_rd_lookup(r, map, "method"), *n = mas_rd_lookup(r, map, "n");
    yaml_node_t *seed = mas_rd_lookup(r, map, "seed"), *traj = mas_rd_lookup(r, map, "trajectories");
    yaml_node_t *levels = mas_rd_lookup(r, map, "levels"), *base = mas_rd_lookup(r, map, "base");
    unsigned long long v;
    int i, rc;
    if (map->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, map, "sweep.samples: expected a mapping (method:, n:, seed:), "
                           "found %s", mas_rd_describe(map, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, map, "in sweep.samples", sample_keys)))
        return rc;
    if (!method)
        return mas_rd_fail(r, map, "sweep.samples: missing required key 'method'");
    if ((rc = read_choice(r, method, "sweep.samples.method", methods, &i)))
        return rc;
    if ((i = mas_design_method_from_name(methods[i])) < 0)
        return mas_rd_fail(r, method, "sweep.samples.method: '%s' is not available",
                           text(method));
    d->method = (enum mas_design_method)i;
    /* the runs: n, or for the sensitivity designs trajectories (morris) or
     * base points (saltelli), multiplied by the axes once they are read */
    int morris = d->method == MAS_DESIGN_MORRIS, saltelli = d->method == MAS_DESIGN_SALTELLI;
    yaml_node_t *count = morris ? traj : saltelli ? base : n;
    const char *count_key = morris ? "trajectories" : saltelli ? "base" : "n";
    yaml_node_t *stray[3] = { morris || saltelli ? n : NULL, morris ? NULL : traj,
                              saltelli ? NULL : base };
    for (int k = 0; k < 3; k++)
        if (stray[k])
            return mas_rd_fail(r, mas_rd_key(r, map, k == 0 ? "n" : k == 1 ? "trajectories"
                                                                            : "base"),
                               "sweep.samples: '%s' is not a key of a %s design (it takes "
                               "%s:)", k == 0 ? "n" : k == 1 ? "trajectories" : "base",
                               text(method), count_key);
    if (levels && !morris)
        return mas_rd_fail(r, mas_rd_key(r, map, "levels"), "sweep.samples: 'levels' is for "
                           "morris designs");
    if (!count)
        return mas_rd_fail(r, map, "sweep.samples: missing required key '%s'", count_key);
    if ((rc = read_whole(r, count, morris ? "sweep.samples.trajectories" : saltelli
                         ? "sweep.samples.base" : "sweep.samples.n", 1, MAX_RUNS, &v)))
        return rc;
    d->n_runs = v;
    d->levels = 4;
    if (levels) {
        if ((rc = read_whole(r, levels, "sweep.samples.levels", 2, 1000, &v)))
            return rc;
        if (v % 2)
            return mas_rd_fail(r, levels, "sweep.samples.levels: expected an even number "
                               "(the steps are half the levels), found %llu", v);
        d->levels = (unsigned)v;
    }
    if (!seed && d->method != MAS_DESIGN_SOBOL && !saltelli)
        return mas_rd_fail(r, map, "sweep.samples: a %s design needs a 'seed' (a whole "
                           "number), so that it can be repeated", text(method));
    if (seed && (rc = read_whole(r, seed, "sweep.samples.seed", 0, UINT64_MAX, &v)))
        return rc;
    d->seed = seed ? v : 0;
    return MAS_OK;
}

static int read_axes(struct mas_reader *r, yaml_node_t *list, struct mas_design *d)
{
    char buf[80];
    int rc;
    size_t n = list->type == YAML_SEQUENCE_NODE
        ? (size_t)(list->data.sequence.items.top - list->data.sequence.items.start) : 0;
    if (n == 0)
        return mas_rd_fail(r, list, "sweep.axes: expected a non-empty list of axes, found %s",
                           list->type == YAML_SEQUENCE_NODE ? "an empty list"
                           : mas_rd_describe(list, buf, sizeof buf));
    if (!(d->axes = calloc(n, sizeof *d->axes)))
        return mas_fail(r->err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < n; i++) {
        struct mas_axis *a = &d->axes[d->n_axes++];
        if ((rc = read_axis(r, mas_rd_node(r, list->data.sequence.items.start[i]), d, a, i)))
            return rc;
    }
    return MAS_OK;
}

int mas_rd_sweep(struct mas_reader *r, yaml_node_t *map)
{
    char buf[80], msg[MAS_ERR_LEN];
    yaml_node_t *samples, *axes;
    int rc;
    if (map->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, map, "sweep: expected a mapping (axes:, samples:), found %s",
                           mas_rd_describe(map, buf, sizeof buf));
    if ((rc = mas_rd_check_keys(r, map, "in sweep", sweep_keys)))
        return rc;
    if (!(axes = mas_rd_lookup(r, map, "axes")))
        return mas_rd_fail(r, map, "sweep: missing required key 'axes'");
    struct mas_design *d = r->s->sweep = calloc(1, sizeof *d);
    if (!d)
        return mas_fail(r->err, MAS_EIO, "out of memory");
    if (((samples = mas_rd_lookup(r, map, "samples")) && (rc = read_samples(r, samples, d)))
        || (rc = read_axes(r, axes, d)))
        return rc;
    if (d->method == MAS_DESIGN_GRID) {
        d->n_runs = 1;
        for (size_t i = 0; i < d->n_axes; i++)
            d->n_runs = d->n_runs > UINT64_MAX / d->axes[i].n_values
                ? UINT64_MAX : d->n_runs * d->axes[i].n_values;
    } else if (d->method == MAS_DESIGN_MORRIS || d->method == MAS_DESIGN_SALTELLI) {
        uint64_t per = d->n_axes + (d->method == MAS_DESIGN_MORRIS ? 1 : 2);
        if (d->n_runs > (UINT64_C(1) << 53) / per)
            return mas_rd_fail(r, map, "sweep: %llu %s of %llu runs each: 2^53 runs or more",
                               (unsigned long long)d->n_runs, d->method == MAS_DESIGN_MORRIS
                               ? "trajectories" : "base points", (unsigned long long)per);
        d->n_runs *= per;
    }
    if (mas_design_check(d, msg))
        return mas_rd_fail(r, map, "%s", msg);   /* "sweep: ..." or "sweep axis ...: ..." */
    return MAS_OK;
}
