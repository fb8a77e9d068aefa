/*
 * run.c — one simulation from scenario to sampled trajectory.
 *
 * Owns the order in which a scenario becomes parameters (background preset,
 * then patient fields, then `parameters:` overrides and --set), expands the
 * therapies into doses for the patient, has schedule.c turn the trigger and
 * the doses into breakpoint events, builds the output grid, calls the
 * solver, samples the observables, checks that no concentration went
 * negative, and computes the summary metrics.  What goes wrong without
 * stopping the run becomes a warning on it (mas_warn, warnings.c).
 */
#include "run.h"
#include "outcomes.h"
#include "criteria_model.h"
#include "massim.h"
#include "schedule.h"

#include <gsl/gsl_errno.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int mas_run_var(const struct mas_model *m, const char *name)
{
    int is_obs, i = mas_model_find_var(m, name, &is_obs);
    return i < 0 ? -1 : is_obs ? MAS_VAR_OBS(i) : i;
}

/* The parameters before the patient and the overrides: the model's
 * values, then the presets of the patient's background
 * (models/backgrounds.c; docs/model.md lists them), into r->p_base. */
static int resolve_base_params(struct mas_run *r, char *err)
{
    const struct mas_background_def *bg = mas_background_def(r->sc.patient.bg);
    if (!bg)
        return mas_fail(err, MAS_EINPUT, "unknown patient background %d", (int)r->sc.patient.bg);
    for (int i = 0; i < bg->n_presets; i++) {
        int q = mas_model_find_param(&r->model, bg->presets[i].param);
        if (q < 0)
            return mas_fail(err, MAS_EINPUT, "background preset names unknown parameter '%s'",
                            bg->presets[i].param);
        r->model.p[q] = bg->presets[i].value;
    }
    size_t n = (size_t)r->model.n_params + 1;
    r->p_base = malloc(n * sizeof *r->p_base);
    if (!r->p_base)
        return mas_fail(err, MAS_EIO, "out of memory");
    memcpy(r->p_base, r->model.p, n * sizeof *r->p_base);
    return MAS_OK;
}

static const char *const patient_params[3] = {"cytotoxic_function", "body_weight_kg",
                                              "body_height_cm"};

/* The patient's fields as model parameters (before `parameters:` and --set,
 * which win); the indices were looked up by mas_run_setup. */
static int apply_patient(struct mas_run *r, char *err)
{
    const double fields[3] = {r->sc.patient.cytotoxic_function, r->sc.patient.weight_kg,
                              r->sc.patient.height_cm};
    for (size_t i = 0; i < 3; i++) {
        if (isnan(fields[i]))
            continue;
        int q = r->patient_param[i];
        if (q < 0)
            return mas_fail(err, MAS_EINPUT, "patient field names unknown parameter '%s'",
                            patient_params[i]);
        r->model.p[q] = fields[i];
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
            return mas_fail(err, MAS_EINPUT, "--set %s: unknown stepper '%s' (rodas4, msbdf, bsimp, rk4imp, ...)",
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

/* The model's value of patient parameter i (patient_params), or
 * `fallback` if the model has no such parameter. */
static double patient_value(const struct mas_run *r, int i, double fallback)
{
    int q = r->patient_param[i];
    return q >= 0 ? r->model.p[q] : fallback;
}

/* The therapies as doses for this patient; doses outside [time.start,
 * time.end] are not given (counted in n_doses_outside, not listed). */
static int expand_doses(struct mas_run *r, char *err)
{
    const struct mas_scenario *sc = &r->sc;
    double weight = patient_value(r, 1, sc->patient.weight_kg);
    double height = patient_value(r, 2, sc->patient.height_cm);
    r->n_doses = r->n_doses_outside = 0;
    int rc = mas_therapy_expand_into(sc->regimens, sc->n_regimens, weight, height, &r->doses,
                                     &r->cap_doses, &r->n_doses, err);
    if (rc != MAS_OK)
        return rc;
    size_t kept = 0, out = 0;
    struct mas_dose first_out = {0};     /* the first dose not given, in time order */
    for (size_t i = 0; i < r->n_doses; i++)
        if (r->doses[i].day >= sc->t_start_day && r->doses[i].day <= sc->t_end_day)
            r->doses[kept++] = r->doses[i];
        else if (out++ == 0)
            first_out = r->doses[i];
    r->n_doses_outside = r->n_doses - kept;
    r->n_doses = kept;
    if (r->n_doses_outside)
        mas_warn(r, "doses_outside", "%zu dose%s outside the simulated time [%g, %g] day "
                 "not given (the first: %s on day %g)", r->n_doses_outside,
                 r->n_doses_outside == 1 ? "" : "s", sc->t_start_day, sc->t_end_day,
                 first_out.drug ? first_out.drug : "?", first_out.day);
    return MAS_OK;
}

int mas_run_prepare(struct mas_run *r, const char *scenario_path,
                    const char *const *sets, int n_sets, char *err)
{
    return mas_run_prepare_text(r, scenario_path, NULL, sets, n_sets, err);
}

int mas_run_prepare_text(struct mas_run *r, const char *scenario_path, const char *text,
                         const char *const *sets, int n_sets, char *err)
{
    int rc = mas_run_setup(r, scenario_path, text, sets, n_sets, err);
    if (rc == MAS_OK)
        rc = mas_run_instantiate(r, err);
    if (rc != MAS_OK)
        return rc;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r->created, sizeof r->created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return MAS_OK;
}

int mas_run_setup(struct mas_run *r, const char *scenario_path, const char *text,
                  const char *const *sets, int n_sets, char *err)
{
    memset(r, 0, sizeof *r);
    mas_solver_defaults(&r->opts);
    int rc = mas_model_init(&r->model, err);
    /* Every variable the metrics and the criteria panel name must exist: a
     * renamed state is refused here, before any run, not dropped later. */
    if (rc == MAS_OK)
        rc = mas_outcomes_check_model(&r->model, err);
    if (rc == MAS_OK)
        rc = mas_criteria_check_model(&r->model, err);
    if (rc != MAS_OK)
        return rc;
    rc = text ? mas_scenario_load_text(scenario_path, text, &r->model, &r->sc, err)
              : mas_scenario_load(scenario_path, &r->model, &r->sc, err);
    for (int i = 0; rc == MAS_OK && i < n_sets; i++)
        rc = strncmp(sets[i], "solver.", strlen("solver.")) == 0
           ? set_solver_option(r, sets[i], err)
           : mas_scenario_set(&r->sc, &r->model, sets[i], err);
    if (rc == MAS_OK)
        rc = resolve_base_params(r, err);
    if (rc == MAS_OK)
        rc = mas_schedule_resolve(&r->sched, &r->model, &r->sc, err);
    if (rc != MAS_OK)
        return rc;
    int n = r->model.n_states;
    r->names = calloc((size_t)n, sizeof *r->names);
    r->y0 = calloc((size_t)n, sizeof *r->y0);
    if (!r->names || !r->y0)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (int i = 0; i < n; i++)
        r->names[i] = mas_model_state(&r->model, i)->name;
    for (int i = 0; i < 3; i++)
        r->patient_param[i] = mas_model_find_param(&r->model, patient_params[i]);
    mas_outcomes_resolve(r);
    mas_criteria_resolve(r);
    r->vars_resolved = 1;
    return MAS_OK;
}

int mas_run_instantiate(struct mas_run *r, char *err)
{
    /* the last run's results go; their storage stays */
    r->n_doses = r->n_doses_outside = r->n_clamped = 0;
    r->n_time = 0;
    r->n_metrics = 0;
    memset(&r->stats, 0, sizeof r->stats);
    mas_warnings_free(&r->warnings);
    memcpy(r->model.p, r->p_base, ((size_t)r->model.n_params + 1) * sizeof *r->model.p);
    int rc = apply_patient(r, err);
    if (rc != MAS_OK)
        return rc;
    for (int i = 0; i < r->sc.n_overrides; i++)
        r->model.p[r->sc.overrides[i].param] = r->sc.overrides[i].value;
    return expand_doses(r, err);
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
    size_t n_time = n + (end_on_grid ? 0 : 1);
    if (r->grid) {
        for (size_t k = 0; k < r->n_grid; k++)
            if (!(r->grid[k] >= sc->t_start_day && r->grid[k] <= sc->t_end_day
                  && (k == 0 || r->grid[k] > r->grid[k - 1])))
                return mas_fail(err, MAS_EINPUT, "%s: output day %g is not after the one "
                                "before it within the simulated time (day %g to %g)", sc->path,
                                r->grid[k], sc->t_start_day, sc->t_end_day);
        n = n_time = r->n_grid;
    }
    size_t width = (size_t)r->model.n_states > (size_t)r->model.n_obs + 1
                 ? (size_t)r->model.n_states : (size_t)r->model.n_obs + 1;
    if (n_time > SIZE_MAX / sizeof(double) / width)
        return mas_fail(err, MAS_EINPUT, "%s: %zu output times of %zu values do not fit "
                        "in memory", sc->path, n_time, width);
    if (n_time > r->cap_time) {             /* grown only when it does not fit */
        free(r->time);
        free(r->y);
        free(r->obs);
        r->cap_time = 0;
        r->time = malloc(n_time * sizeof *r->time);
        r->y = malloc(n_time * (size_t)r->model.n_states * sizeof *r->y);
        r->obs = malloc(n_time * (size_t)(r->model.n_obs + 1) * sizeof *r->obs);
        if (!r->time || !r->y || !r->obs)
            return mas_fail(err, MAS_EIO, "out of memory for %zu output times", n_time);
        r->cap_time = n_time;
    }
    r->n_time = n_time;
    memset(r->y, 0, n_time * (size_t)r->model.n_states * sizeof *r->y);
    memset(r->obs, 0, n_time * (size_t)(r->model.n_obs + 1) * sizeof *r->obs);
    if (r->grid) {
        memcpy(r->time, r->grid, n_time * sizeof *r->time);
        return MAS_OK;
    }
    for (size_t k = 0; k < n; k++)
        r->time[k] = sc->t_start_day + (double)k * sc->output_every_day;
    r->time[r->n_time - 1] = sc->t_end_day;
    return MAS_OK;
}

/* Every state of the model is an amount or a concentration.  Round-off of
 * the integrator may leave values a hair below zero; those are set to zero
 * and counted (r->n_clamped, /solver/clamped_values).  Most are far below
 * the absolute tolerance (1e-20 and less: a decaying state's round-off);
 * a state with a clamped value beyond -atol, the accuracy asked for, gets
 * a warning (how many, the smallest, from when).  A clearly negative value
 * means the model or the solver is wrong: error. */
int mas_run_check_nonnegative(struct mas_run *r, char *err)
{
    int n = r->model.n_states;
    for (int i = 0; i < n; i++) {
        double scale = 0.0;
        for (size_t k = 0; k < r->n_time; k++)
            scale = fmax(scale, fabs(r->y[k * (size_t)n + (size_t)i]));
        double tolerance = 100.0 * r->opts.atol + 1e-6 * scale;
        size_t clamped = 0, beyond = 0;
        double smallest = 0.0, first_day = NAN;
        for (size_t k = 0; k < r->n_time; k++) {
            double *v = &r->y[k * (size_t)n + (size_t)i];
            if (*v >= 0.0)
                continue;
            if (*v < -tolerance)
                return mas_fail(err, MAS_ESOLVER,
                                "negative concentration at t = %g day: state '%s' = %g %s",
                                r->time[k], mas_model_state(&r->model, i)->name, *v,
                                mas_model_state(&r->model, i)->unit);
            clamped++;
            if (*v < -r->opts.atol && beyond++ == 0)
                first_day = r->time[k];
            smallest = fmin(smallest, *v);
            *v = 0.0;
        }
        r->n_clamped += clamped;
        if (beyond) {
            const struct mas_state_def *s = mas_model_state(&r->model, i);
            int unit = strcmp(s->unit, "1") != 0;
            char key[160];
            snprintf(key, sizeof key, "clamped:%s", s->name);
            mas_warn(r, key, "state '%s' was negative beyond the absolute tolerance %g at "
                     "%zu output time%s from day %g (smallest %.3g%s%s, within the limit %.3g): "
                     "set to 0", s->name, r->opts.atol, beyond, beyond == 1 ? "" : "s",
                     first_day, smallest, unit ? " " : "", unit ? s->unit : "", tolerance);
        }
    }
    return MAS_OK;
}

/* ---- conditions: therapies started `when:` something holds ----------------- */

_Static_assert(MAS_MAX_CONDITIONS <= MAS_SOLVER_MAX_ROOTS,
               "the solver watches fewer conditions than a scenario may have");

static int run_apply(double t, double *y, void *ctx, char *err)
{
    struct mas_run *r = ctx;
    if (r->criteria_samples)
        mas_criteria_take_samples(r, t, y);      /* before the doses of that moment act */
    return mas_schedule_apply(t, y, &r->sched, err);
}

/* g of each condition at (t, y): >= 0 where it holds (solver.h).  A
 * comparison is the signed distance to its threshold (a strict one does
 * not hold at the threshold itself); a criteria set is +1 met, -1 not. */
static int run_roots(double t, const double *y, double *g, void *ctx)
{
    struct mas_run *r = ctx;
    mas_model_observe(&r->model, t, y, r->obs_now);
    for (int i = 0; i < r->sc.n_conditions; i++) {
        const struct mas_condition *c = &r->sc.conditions[i];
        if (c->op == MAS_COND_MET) {
            g[i] = mas_criteria_met_at(r, (enum mas_criteria_set)c->set, t, y, r->obs_now)
                 ? 1.0 : -1.0;
            continue;
        }
        double v = c->state >= 0 ? y[c->state] : r->obs_now[c->obs];
        double d = c->op == MAS_COND_GT || c->op == MAS_COND_GE ? v - c->threshold
                                                                 : c->threshold - v;
        if (d == 0.0 && (c->op == MAS_COND_GT || c->op == MAS_COND_LT))
            d = -DBL_MIN;
        g[i] = isnan(v) ? -1.0 : d;
    }
    return MAS_OK;
}

/* Condition i held at t: its therapy's doses from t + after join the
 * run's doses and the schedule (those past time.end are not given). */
static int run_fire(double t, const double *y, size_t i, struct mas_breakpoints *bp, char *err)
{
    struct mas_run *r = bp->ctx;
    const struct mas_scenario *sc = &r->sc;
    const struct mas_condition *c = &sc->conditions[i];
    (void)y;
    r->fired_day[i] = t;
    size_t n = 0, kept = 0;
    double weight = patient_value(r, 1, sc->patient.weight_kg);
    double height = patient_value(r, 2, sc->patient.height_cm);
    int rc = mas_therapy_expand_when(sc->regimens, sc->n_regimens, (int)i + 1,
                                     t + c->after_day, weight, height, &r->cond_doses,
                                     &r->cap_cond_doses, &n, err);
    if (rc != MAS_OK)
        return rc;
    for (size_t k = 0; k < n; k++)
        if (r->cond_doses[k].day <= sc->t_end_day)
            r->cond_doses[kept++] = r->cond_doses[k];
    if (n > kept) {
        r->n_doses_outside += n - kept;
        mas_warn(r, NULL, "therapies[%d]: %zu dose%s after time.end (day %g) not given: its "
                 "condition '%s' held on day %.4g", c->therapy, n - kept,
                 n - kept == 1 ? "" : "s", sc->t_end_day, c->text, t);
    }
    if (r->n_doses + kept > MAS_MAX_DOSES)
        return mas_fail(err, MAS_EINPUT, "the therapies give more than %d doses", MAS_MAX_DOSES);
    if (r->n_doses + kept > r->cap_doses) {
        struct mas_dose *more = realloc(r->doses, (r->n_doses + kept) * sizeof *more);
        if (!more)
            return mas_fail(err, MAS_EIO, "out of memory for the doses");
        r->doses = more;
        r->cap_doses = r->n_doses + kept;
    }
    memcpy(r->doses + r->n_doses, r->cond_doses, kept * sizeof *r->doses);
    r->n_doses += kept;
    mas_dose_sort(r->doses, r->n_doses);
    size_t a, b;
    if (kept && mas_therapy_find_overlap(r->doses, r->n_doses, &a, &b))
        mas_warn(r, "condition_overlap", "iv infusions of %s overlap (day %g to %g, and from "
                 "day %g): their rates add", r->doses[b].drug, r->doses[a].day,
                 r->doses[a].day + r->doses[a].duration_day, r->doses[b].day);
    rc = mas_schedule_add_doses(&r->sched, r->cond_doses, kept, sc->t_end_day, err);
    bp->t = r->sched.times;
    bp->n = r->sched.n_times;
    return rc;
}

int mas_run_execute(struct mas_run *r, char *err)
{
    int n = r->model.n_states;
    int rc = make_grid(r, err);
    if (rc == MAS_OK)
        rc = mas_schedule_fill(&r->sched, &r->sc, r->doses, r->n_doses, err);
    if (rc != MAS_OK)
        return rc;
    mas_model_initial(&r->model, r->y0);
    for (int k = 0; k < r->sc.n_initial; k++)      /* scenario's initial: */
        r->y0[r->sc.initial[k].state] = r->sc.initial[k].value;
    mas_schedule_initial(&r->sched, r->sc.t_start_day, r->y0);

    if (!r->solver) {
        struct mas_sparsity pattern = {n, r->model.nnz, r->model.colptr, r->model.rowind};
        struct mas_system sys = {(size_t)n, mas_model_rhs, mas_model_jac, &r->model, r->names,
                                 &pattern, mas_model_jac_sparse};
        rc = mas_solver_new(&sys, &r->opts, &r->solver, err);
        if (rc != MAS_OK)
            return rc;
    }
    int nc = r->sc.n_conditions;
    r->criteria_samples = 0;
    for (int i = 0; i < nc; i++) {
        r->fired_day[i] = NAN;
        r->criteria_samples |= r->sc.conditions[i].op == MAS_COND_MET;
    }
    if (nc && !r->obs_now && !(r->obs_now = malloc(((size_t)r->model.n_obs + 1) * sizeof *r->obs_now)))
        return mas_fail(err, MAS_EIO, "out of memory");
    if (r->criteria_samples) {              /* the samples a criteria condition reads */
        mas_criteria_plan_samples(r);
        rc = mas_schedule_add_marks(&r->sched, r->clinic_sample.day, 2, r->sc.t_start_day,
                                    r->sc.t_end_day, err);
        if (rc != MAS_OK)
            return rc;
        for (int i = 0; i < 2; i++)         /* a sample at the start: the initial state */
            if (r->clinic_sample.day[i] <= r->sc.t_start_day)
                mas_criteria_take_samples(r, r->clinic_sample.day[i], r->y0);
    }
    struct mas_breakpoints bp = {r->sched.times, r->sched.n_times, run_apply, r,
                                 (size_t)nc, nc ? run_roots : NULL, nc ? run_fire : NULL};
    rc = mas_solver_run(r->solver, r->sc.t_start_day, r->y0, r->time, r->n_time, r->y, &bp,
                        &r->stats, err);
    if (r->stats.reset_failures)
        mas_warn(r, "gsl_reset", "GSL could not reset the stepper at %lu of %lu breakpoints "
                 "(first status %d: %s); the integration went on from the stepper's old "
                 "history", r->stats.reset_failures, r->stats.resets, r->stats.reset_status,
                 gsl_strerror(r->stats.reset_status));
    if (rc == MAS_OK)
        rc = mas_run_check_nonnegative(r, err);
    if (rc != MAS_OK)
        return rc;
    for (size_t k = 0; k < r->n_time; k++)
        mas_model_observe(&r->model, r->time[k], r->y + k * (size_t)n,
                          r->obs + k * (size_t)r->model.n_obs);
    mas_outcomes_compute(r, r->n_doses > 0 ? r->doses[0].day : NAN);
    return MAS_OK;
}

void mas_run_free(struct mas_run *r)
{
    free(r->time);
    free(r->y);
    free(r->obs);
    free(r->doses);
    free(r->metrics);
    mas_warnings_free(&r->warnings);
    mas_criteria_course_delete(r->criteria);
    mas_scenario_free(&r->sc);
    mas_model_free(&r->model);
    mas_schedule_free(&r->sched);
    mas_solver_free(r->solver);
    free(r->p_base);
    free(r->names);
    free(r->y0);
    free(r->obs_now);
    free(r->cond_doses);
    memset(r, 0, sizeof *r);
}
