/*
 * schedule.c — builds the breakpoint events of a run from the trigger and
 * the expanded doses (therapy.c), and applies them when the solver
 * reaches their time (solver.h: integrate exactly to the time, apply,
 * reset the stepper).  Doses are never smeared over a step: a bolus is a
 * jump of the state at its time, an infusion a step of its rate state.
 */
#include "schedule.h"

#include "massim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int add_event(struct mas_schedule *s, double t, int state, enum mas_event_op op,
                     double value, char *err)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        struct mas_event *more = realloc(s->ev, cap * sizeof *more);
        if (!more)
            return mas_fail(err, MAS_EIO, "out of memory for the schedule");
        s->ev = more;
        s->cap = cap;
    }
    s->ev[s->n] = (struct mas_event){ t, state, op, value, s->n };
    s->n++;
    return MAS_OK;
}

static int state_of(const struct mas_model *m, const char *name, int *i)
{
    *i = name ? mas_model_find_state(m, name) : -1;
    return *i >= 0;
}

int mas_schedule_resolve(struct mas_schedule *s, const struct mas_model *m,
                         const struct mas_scenario *sc, char *err)
{
    static const char *const kind_state[3] = {NULL, "pathogen", "flare_trigger"};
    static const char *const kind_name[3] = {"none", "infection", "flare"};
    for (int k = 0; k < 3; k++)
        s->kind_state[k] = -1;
    for (int t = 0; t <= sc->n_more_triggers; t++) {
        enum mas_trigger_kind kind = t ? sc->more_triggers[t - 1].kind : sc->trigger.kind;
        if (kind_state[kind] && s->kind_state[kind] < 0
            && !state_of(m, kind_state[kind], &s->kind_state[kind]))
            return mas_fail(err, MAS_EINPUT, "the %s trigger names unknown state '%s'",
                            kind_name[kind], kind_state[kind]);
    }
    free(s->regimen_state);
    s->n_regimens = 0;
    s->regimen_state = malloc((sc->n_regimens ? (size_t)sc->n_regimens : 1) * sizeof *s->regimen_state);
    if (!s->regimen_state)
        return mas_fail(err, MAS_EIO, "out of memory for the schedule");
    for (int k = 0; k < sc->n_regimens; k++) {
        const struct mas_regimen *g = &sc->regimens[k];
        const struct mas_drug *drug = g->drug ? mas_model_find_drug(m, g->drug->name) : NULL;
        if (!drug)
            return mas_fail(err, MAS_EINPUT, "unknown drug '%s' in the schedule",
                            g->drug ? g->drug->name : "(none)");
        const char *state = mas_route_state(drug, g->route);
        if (!state_of(m, state, &s->regimen_state[k]))
            return mas_fail(err, MAS_EINPUT, "drug '%s' (route %s) names unknown state '%s'",
                            drug->name, mas_route_names[g->route], state ? state : "(none)");
    }
    s->n_regimens = sc->n_regimens;
    return MAS_OK;
}

static int add_trigger(struct mas_schedule *s, const struct mas_trigger *t, char *err)
{
    int i = s->kind_state[t->kind], rc = MAS_OK;
    if (t->kind == MAS_TRIGGER_INFECTION) {
        rc = add_event(s, t->at_day, i, MAS_EV_ADD, t->load, err);
    } else if (t->kind == MAS_TRIGGER_FLARE) {
        if ((rc = add_event(s, t->at_day, i, MAS_EV_SET, t->load, err)) == MAS_OK)
            rc = add_event(s, t->at_day + t->duration_day, i, MAS_EV_SET, 0.0, err);
    }
    return rc;
}

static int add_dose(struct mas_schedule *s, const struct mas_dose *d, char *err)
{
    if (d->regimen < 0 || d->regimen >= s->n_regimens)
        return mas_fail(err, MAS_EINPUT, "a dose of '%s' from regimen %d, which the schedule "
                        "does not have", d->drug, d->regimen);
    int i = s->regimen_state[d->regimen], rc;
    switch (d->route) {
    case MAS_ROUTE_PROCEDURE:
        return add_event(s, d->day, i, MAS_EV_SET, 1.0, err);
    case MAS_ROUTE_INFUSION: {
        double rate = d->amount / d->duration_day;         /* mg/d (mL/d) */
        rc = add_event(s, d->day, i, MAS_EV_ADD, rate, err);
        return rc ? rc : add_event(s, d->day + d->duration_day, i, MAS_EV_STOP, rate, err);
    }
    default:
        return add_event(s, d->day, i, MAS_EV_ADD, d->amount, err);
    }
}

/* Ties keep the order of addition, stops first: a total order. */
static int by_time(const void *a, const void *b)
{
    const struct mas_event *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if ((x->op == MAS_EV_STOP) != (y->op == MAS_EV_STOP))
        return x->op == MAS_EV_STOP ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

/* The distinct times in (t_start, t_end] of the events not applied. */
static int collect_times(struct mas_schedule *s, double t_start, double t_end, char *err)
{
    s->n_times = 0;
    if (s->n > s->cap_times || !s->times) {
        size_t cap = s->n > s->cap ? s->n : s->cap;
        double *more = realloc(s->times, (cap ? cap : 1) * sizeof *more);
        if (!more)
            return mas_fail(err, MAS_EIO, "out of memory for the schedule");
        s->times = more;
        s->cap_times = cap ? cap : 1;
    }
    for (size_t i = s->applied; i < s->n; i++) {
        double t = s->ev[i].t;
        if (t > t_start && t <= t_end && (s->n_times == 0 || s->times[s->n_times - 1] != t))
            s->times[s->n_times++] = t;
    }
    return MAS_OK;
}

int mas_schedule_fill(struct mas_schedule *s, const struct mas_scenario *sc,
                      const struct mas_dose *doses, size_t n_doses, char *err)
{
    s->n = 0;
    s->n_times = 0;
    s->applied = 0;
    int rc = add_trigger(s, &sc->trigger, err);
    for (int t = 0; rc == MAS_OK && t < sc->n_more_triggers; t++)
        rc = add_trigger(s, &sc->more_triggers[t], err);
    for (size_t i = 0; rc == MAS_OK && i < n_doses; i++)
        rc = add_dose(s, &doses[i], err);
    if (rc == MAS_OK) {
        mas_sort(s->ev, s->n, sizeof *s->ev, by_time);
        rc = collect_times(s, sc->t_start_day, sc->t_end_day, err);
    }
    return rc;
}

int mas_schedule_build(struct mas_schedule *s, const struct mas_model *m,
                       const struct mas_scenario *sc, const struct mas_dose *doses,
                       size_t n_doses, char *err)
{
    memset(s, 0, sizeof *s);
    int rc = mas_schedule_resolve(s, m, sc, err);
    return rc == MAS_OK ? mas_schedule_fill(s, sc, doses, n_doses, err) : rc;
}

static void apply_event(const struct mas_event *e, double *y)
{
    double *v = &y[e->state];
    switch (e->op) {
    case MAS_EV_SET: *v = e->value; break;
    case MAS_EV_ADD: *v += e->value; break;
    case MAS_EV_MARK: break;
    case MAS_EV_STOP:
        *v -= e->value;
        if (fabs(*v) <= 1e-9 * fabs(e->value))
            *v = 0.0;
        break;
    }
}

void mas_schedule_initial(struct mas_schedule *s, double t_start, double *y0)
{
    for (; s->applied < s->n && s->ev[s->applied].t <= t_start; s->applied++)
        apply_event(&s->ev[s->applied], y0);
}

int mas_schedule_apply(double t, double *y, void *ctx, char *err)
{
    struct mas_schedule *s = ctx;
    (void)err;
    for (; s->applied < s->n && s->ev[s->applied].t <= t; s->applied++)
        apply_event(&s->ev[s->applied], y);
    return MAS_OK;
}

int mas_schedule_add_doses(struct mas_schedule *s, const struct mas_dose *d, size_t n,
                           double t_end, char *err)
{
    double t_last = s->applied ? s->ev[s->applied - 1].t : -INFINITY;
    int rc = MAS_OK;
    for (size_t i = 0; rc == MAS_OK && i < n; i++) {
        if (d[i].day < t_last)
            return mas_fail(err, MAS_EINPUT, "a dose of '%s' at day %g, before the last "
                            "event applied (day %g)", d[i].drug, d[i].day, t_last);
        rc = add_dose(s, &d[i], err);
    }
    if (rc != MAS_OK)
        return rc;
    /* the applied prefix stays; the rest is sorted again (new events
     * order after old ones at one time, stops first) */
    mas_sort(s->ev + s->applied, s->n - s->applied, sizeof *s->ev, by_time);
    return collect_times(s, -INFINITY, t_end, err);
}

int mas_schedule_add_marks(struct mas_schedule *s, const double *t, size_t n, double t_start,
                           double t_end, char *err)
{
    int rc = MAS_OK;
    for (size_t i = 0; rc == MAS_OK && i < n; i++)
        if (!isnan(t[i]))
            rc = add_event(s, t[i], 0, MAS_EV_MARK, 0.0, err);
    if (rc != MAS_OK)
        return rc;
    mas_sort(s->ev + s->applied, s->n - s->applied, sizeof *s->ev, by_time);
    return collect_times(s, t_start, t_end, err);
}

void mas_schedule_free(struct mas_schedule *s)
{
    free(s->ev);
    free(s->times);
    free(s->regimen_state);
    memset(s, 0, sizeof *s);
}
