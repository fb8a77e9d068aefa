/*
 * run.c — one simulation from scenario to sampled trajectory.
 *
 * Owns the order in which a scenario becomes parameters (background preset,
 * then `parameters:` overrides and --set, then patient fields), turns the
 * trigger into breakpoint events (state jumps and switches), builds the
 * output grid, calls the solver, samples the observables, checks that no
 * concentration went negative, and computes the summary metrics.
 */
#include "run.h"
#include "massim.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Parameters implied by the patient's background, before any override.
 * docs/scenarios.md lists them. */
static const struct background_preset {
    const char *background;
    const char *param;
    double value;
} presets[] = {
    {"sjia", "suppression_max", 0.5},   /* IL-6 lowers NK perforin/granzyme (Cifaldi 2015) */
    {"fhl", "cytotoxic_function", 0.02}, /* biallelic PRF1/UNC13D/STX11 */
    {"carrier", "cytotoxic_function", 0.5}, /* heterozygous FHL variant */
};

/* Summary metrics: the extreme of one variable, and the day it is reached. */
enum metric_kind { PEAK, NADIR, FINAL };
static const struct metric_def {
    const char *name;
    const char *day_name;     /* the day the extreme is reached, or NULL */
    const char *variable;     /* a state or an observable */
    enum metric_kind kind;
} metric_defs[] = {
    {"peak_ferritin", "peak_ferritin_day", "ferritin", PEAK},
    {"nadir_fibrinogen", "nadir_fibrinogen_day", "fibrinogen", NADIR},
    {"peak_fibrinogen", "peak_fibrinogen_day", "fibrinogen", PEAK},
    {"peak_ifng", "peak_ifng_day", "ifng", PEAK},
    {"peak_cxcl9", "peak_cxcl9_day", "cxcl9", PEAK},
    {"peak_il6", "peak_il6_day", "il6", PEAK},
    {"peak_crp", "peak_crp_day", "crp", PEAK},
    {"peak_d_dimer", "peak_d_dimer_day", "d_dimer", PEAK},
    {"peak_esr", "peak_esr_day", "esr", PEAK},
    {"nadir_esr", "nadir_esr_day", "esr", NADIR},
    {"nadir_hemoglobin", "nadir_hemoglobin_day", "hemoglobin", NADIR},
    {"final_ferritin", NULL, "ferritin", FINAL},
    {"final_fibrinogen", NULL, "fibrinogen", FINAL},
};

/* One trigger event: add to, or set, a state at a time. */
struct event {
    double t;
    int state;
    int set;          /* 1: y = value, 0: y += value */
    double value;
};

struct schedule {
    struct event ev[4];
    int n;
    double times[4];
    size_t n_times;
};

static int apply_presets(struct mas_run *r, char *err)
{
    for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        if (strcmp(presets[i].background, r->sc.patient.background) != 0)
            continue;
        int q = mas_model_find_param(&r->model, presets[i].param);
        if (q < 0)
            return mas_fail(err, MAS_EINPUT, "background preset names unknown parameter '%s'",
                            presets[i].param);
        r->model.p[q] = presets[i].value;
    }
    return MAS_OK;
}

/* --set solver.NAME=VALUE: the integrator's settings (docs/solver.md). */
static int set_solver_option(struct mas_run *r, const char *assignment, char *err)
{
    const char *key = assignment + strlen("solver.");
    const char *eq = strchr(key, '=');
    if (!eq)
        return mas_fail(err, MAS_EINPUT, "--set %s: expected solver.NAME=VALUE", assignment);
    size_t len = (size_t)(eq - key);
    const char *value = eq + 1;
    if (len == strlen("stepper") && strncmp(key, "stepper", len) == 0) {
        if (isnan(mas_solver_local_tolerance_factor(value)) || strlen(value) >= sizeof r->stepper)
            return mas_fail(err, MAS_EINPUT, "--set %s: unknown stepper '%s' (msbdf, bsimp, rk4imp, ...)",
                            assignment, value);
        strcpy(r->stepper, value);
        r->opts.stepper = r->stepper;
        return MAS_OK;
    }
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end != '\0' || !isfinite(v) || v <= 0.0)
        return mas_fail(err, MAS_EINPUT, "--set %s: expected a positive number, found '%s'",
                        assignment, value);
    static const char *const names[] = {"rtol", "atol", "h0", "hmax", "max_steps"};
    double *fields[] = {&r->opts.rtol, &r->opts.atol, &r->opts.h0, &r->opts.hmax, NULL};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strlen(names[i]) != len || strncmp(key, names[i], len) != 0)
            continue;
        if (fields[i]) {
            *fields[i] = v;
        } else {
            /* A step budget: a whole number that fits an unsigned long. */
            if (v != floor(v) || v < 1.0 || v > 1e12)
                return mas_fail(err, MAS_EINPUT, "--set %s: max_steps must be a whole number "
                                "from 1 to 1e12, found '%s'", assignment, value);
            r->opts.max_steps = (unsigned long)v;
        }
        return MAS_OK;
    }
    return mas_fail(err, MAS_EINPUT,
                    "--set %s: unknown solver setting (stepper, rtol, atol, h0, hmax, max_steps)",
                    assignment);
}

int mas_run_prepare(struct mas_run *r, const char *scenario_path,
                    const char *const *sets, int n_sets, char *err)
{
    memset(r, 0, sizeof *r);
    mas_solver_defaults(&r->opts);
    int rc = mas_model_init(&r->model, err);
    if (rc != MAS_OK)
        return rc;
    rc = mas_scenario_load(scenario_path, &r->model, &r->sc, err);
    for (int i = 0; rc == MAS_OK && i < n_sets; i++)
        rc = strncmp(sets[i], "solver.", strlen("solver.")) == 0
           ? set_solver_option(r, sets[i], err)
           : mas_scenario_set(&r->sc, &r->model, sets[i], err);
    if (rc == MAS_OK)
        rc = apply_presets(r, err);
    if (rc != MAS_OK)
        return rc;
    for (int i = 0; i < r->sc.n_overrides; i++)
        r->model.p[r->sc.overrides[i].param] = r->sc.overrides[i].value;
    if (!isnan(r->sc.patient.cytotoxic_function))
        r->model.p[mas_model_find_param(&r->model, "cytotoxic_function")] =
            r->sc.patient.cytotoxic_function;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r->created, sizeof r->created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return MAS_OK;
}

static void add_event(struct schedule *s, double t, int state, int set, double value)
{
    s->ev[s->n++] = (struct event){t, state, set, value};
}

/* The trigger as events; events at or before the start act on y0. */
static void build_schedule(const struct mas_run *r, struct schedule *s)
{
    const struct mas_scenario *sc = &r->sc;
    memset(s, 0, sizeof *s);
    if (sc->trigger.kind == MAS_TRIGGER_INFECTION) {
        add_event(s, sc->trigger.at_day, mas_model_find_state(&r->model, "pathogen"), 0,
                  sc->trigger.load);
    } else if (sc->trigger.kind == MAS_TRIGGER_FLARE) {
        int drive = mas_model_find_state(&r->model, "flare_drive");
        add_event(s, sc->trigger.at_day, drive, 1, sc->trigger.load);
        add_event(s, sc->trigger.at_day + sc->trigger.duration_day, drive, 1, 0.0);
    }
    for (int i = 0; i < s->n; i++) {
        double t = s->ev[i].t;
        if (t <= sc->t_start_day || t >= sc->t_end_day)
            continue;
        size_t k = 0;
        while (k < s->n_times && s->times[k] < t)
            k++;
        if (k < s->n_times && s->times[k] == t)
            continue;
        memmove(&s->times[k + 1], &s->times[k], (s->n_times - k) * sizeof s->times[0]);
        s->times[k] = t;
        s->n_times++;
    }
}

static void apply_events_at(const struct schedule *s, double t, double *y)
{
    for (int i = 0; i < s->n; i++) {
        if (s->ev[i].t != t)
            continue;
        if (s->ev[i].set)
            y[s->ev[i].state] = s->ev[i].value;
        else
            y[s->ev[i].state] += s->ev[i].value;
    }
}

static int apply_breakpoint(double t, double *y, void *ctx, char *err)
{
    (void)err;
    apply_events_at(ctx, t, y);
    return MAS_OK;
}

static int make_grid(struct mas_run *r, char *err)
{
    const struct mas_scenario *sc = &r->sc;
    double span = sc->t_end_day - sc->t_start_day;
    double steps = floor(span / sc->output_every_day * (1.0 + 1e-12));
    /* The scenario reader refuses such grids; this guards the conversion to
     * size_t and the sizes below for any other caller. */
    if (!(span > 0 && steps >= 0 && steps <= MAS_MAX_OUTPUT_TIMES))
        return mas_fail(err, MAS_EINPUT, "%s: time span %g d with output every %g d gives "
                        "no usable output grid (at most %.0f output times)", sc->path, span,
                        sc->output_every_day, MAS_MAX_OUTPUT_TIMES);
    size_t n = (size_t)steps + 1;
    int end_on_grid = fabs((double)(n - 1) * sc->output_every_day - span) <= 1e-9 * span;
    r->n_time = n + (end_on_grid ? 0 : 1);
    size_t width = (size_t)r->model.n_states > (size_t)r->model.n_obs + 1
                 ? (size_t)r->model.n_states : (size_t)r->model.n_obs + 1;
    if (r->n_time > SIZE_MAX / sizeof(double) / width)
        return mas_fail(err, MAS_EINPUT, "%s: %zu output times of %zu values do not fit "
                        "in memory", sc->path, r->n_time, width);
    r->time = calloc(r->n_time, sizeof *r->time);
    r->y = calloc(r->n_time * (size_t)r->model.n_states, sizeof *r->y);
    r->obs = calloc(r->n_time * (size_t)(r->model.n_obs + 1), sizeof *r->obs);
    if (!r->time || !r->y || !r->obs)
        return mas_fail(err, MAS_EIO, "out of memory for %zu output times", r->n_time);
    for (size_t k = 0; k < n; k++)
        r->time[k] = sc->t_start_day + (double)k * sc->output_every_day;
    r->time[r->n_time - 1] = sc->t_end_day;
    return MAS_OK;
}

/* Every state of the model is an amount or a concentration.  Round-off of
 * the integrator may leave values a hair below zero; those are set to zero.
 * A clearly negative value means the model or the solver is wrong: error. */
static int check_nonnegative(struct mas_run *r, char *err)
{
    int n = r->model.n_states;
    for (int i = 0; i < n; i++) {
        double scale = 0.0;
        for (size_t k = 0; k < r->n_time; k++)
            scale = fmax(scale, fabs(r->y[k * (size_t)n + (size_t)i]));
        double tolerance = 100.0 * r->opts.atol + 1e-6 * scale;
        for (size_t k = 0; k < r->n_time; k++) {
            double *v = &r->y[k * (size_t)n + (size_t)i];
            if (*v >= 0.0)
                continue;
            if (*v < -tolerance)
                return mas_fail(err, MAS_ESOLVER,
                                "negative concentration at t = %g day: state '%s' = %g %s",
                                r->time[k], mas_model_state(&r->model, i)->name, *v,
                                mas_model_state(&r->model, i)->unit);
            *v = 0.0;
        }
    }
    return MAS_OK;
}

/* Column of a state or observable by name, with its unit. */
static int variable_column(const struct mas_run *r, const char *name, const double **base,
                           size_t *stride, const char **unit)
{
    int i = mas_model_find_state(&r->model, name);
    if (i >= 0) {
        *base = r->y + i;
        *stride = (size_t)r->model.n_states;
        *unit = mas_model_state(&r->model, i)->unit;
        return 1;
    }
    i = mas_model_find_obs(&r->model, name);
    if (i >= 0) {
        *base = r->obs + i;
        *stride = (size_t)r->model.n_obs;
        *unit = mas_model_obs(&r->model, i)->unit;
        return 1;
    }
    return 0;
}

static void add_metric(struct mas_run *r, const char *name, const char *unit, double value)
{
    if (r->n_metrics < MAS_MAX_METRICS)
        r->metrics[r->n_metrics++] = (struct mas_metric){name, unit, value};
}

/* Peak, nadir or final value of each metric variable, with the day of the
 * extreme stored as a sibling metric NAME_day. */
static void compute_metrics(struct mas_run *r)
{
    for (size_t m = 0; m < sizeof metric_defs / sizeof metric_defs[0]; m++) {
        const struct metric_def *d = &metric_defs[m];
        const double *col;
        size_t stride;
        const char *unit;
        if (!variable_column(r, d->variable, &col, &stride, &unit))
            continue;
        size_t best = d->kind == FINAL ? r->n_time - 1 : 0;
        for (size_t k = 1; d->kind != FINAL && k < r->n_time; k++) {
            double v = col[k * stride], b = col[best * stride];
            if ((d->kind == PEAK && v > b) || (d->kind == NADIR && v < b))
                best = k;
        }
        add_metric(r, d->name, unit, col[best * stride]);
        if (d->day_name)
            add_metric(r, d->day_name, "day", r->time[best]);
    }
}

int mas_run_execute(struct mas_run *r, char *err)
{
    int n = r->model.n_states;
    int rc = make_grid(r, err);
    if (rc != MAS_OK)
        return rc;
    struct schedule sched;
    build_schedule(r, &sched);
    double *y0 = calloc((size_t)n, sizeof *y0);
    const char **names = calloc((size_t)n, sizeof *names);
    if (!y0 || !names) {
        free(y0);
        free(names);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    mas_model_initial(&r->model, y0);
    for (int i = 0; i < n; i++)
        names[i] = mas_model_state(&r->model, i)->name;
    for (int i = 0; i < sched.n; i++)
        if (sched.ev[i].t <= r->sc.t_start_day)
            apply_events_at(&sched, sched.ev[i].t, y0);

    struct mas_system sys = {(size_t)n, mas_model_rhs, mas_model_jac, &r->model, names};
    struct mas_breakpoints bp = {sched.times, sched.n_times, apply_breakpoint, &sched};
    rc = mas_solve(&sys, &r->opts, r->sc.t_start_day, y0, r->time, r->n_time, r->y, &bp,
                   &r->stats, err);
    free(y0);
    free(names);
    if (rc == MAS_OK)
        rc = check_nonnegative(r, err);
    if (rc != MAS_OK)
        return rc;
    for (size_t k = 0; k < r->n_time; k++)
        mas_model_observe(&r->model, r->time[k], r->y + k * (size_t)n,
                          r->obs + k * (size_t)r->model.n_obs);
    compute_metrics(r);
    return MAS_OK;
}

void mas_run_free(struct mas_run *r)
{
    free(r->time);
    free(r->y);
    free(r->obs);
    mas_scenario_free(&r->sc);
    mas_model_free(&r->model);
    memset(r, 0, sizeof *r);
}
