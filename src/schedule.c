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
    s->ev[s->n++] = (struct mas_event){ t, state, op, value };
    return MAS_OK;
}

static int state_of(const struct mas_model *m, const char *name, const char *what, int *i,
                    char *err)
{
    *i = name ? mas_model_find_state(m, name) : -1;
    if (*i < 0)
        return mas_fail(err, MAS_EINPUT, "%s names unknown state '%s'", what,
                        name ? name : "(none)");
    return MAS_OK;
}

static int add_trigger(struct mas_schedule *s, const struct mas_model *m,
                       const struct mas_scenario *sc, char *err)
{
    int i, rc = MAS_OK;
    if (sc->trigger.kind == MAS_TRIGGER_INFECTION) {
        if ((rc = state_of(m, "pathogen", "the infection trigger", &i, err)) == MAS_OK)
            rc = add_event(s, sc->trigger.at_day, i, MAS_EV_ADD, sc->trigger.load, err);
    } else if (sc->trigger.kind == MAS_TRIGGER_FLARE) {
        if ((rc = state_of(m, "flare_trigger", "the flare trigger", &i, err)) == MAS_OK
            && (rc = add_event(s, sc->trigger.at_day, i, MAS_EV_SET, sc->trigger.load, err))
                   == MAS_OK)
            rc = add_event(s, sc->trigger.at_day + sc->trigger.duration_day, i, MAS_EV_SET,
                           0.0, err);
    }
    return rc;
}

static int add_dose(struct mas_schedule *s, const struct mas_model *m,
                    const struct mas_dose *d, char *err)
{
    const struct mas_drug *drug = mas_model_find_drug(m, d->drug);
    char what[128];
    int i;
    snprintf(what, sizeof what, "drug '%s' (route %s)", d->drug, mas_route_names[d->route]);
    if (!drug)
        return mas_fail(err, MAS_EINPUT, "unknown drug '%s' in the schedule", d->drug);
    int rc = state_of(m, mas_route_state(drug, d->route), what, &i, err);
    if (rc != MAS_OK)
        return rc;
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

/* Ties keep the order of addition (the index breaks them), stops first. */
struct keyed { struct mas_event ev; size_t order; };

static int by_time(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    if (x->ev.t != y->ev.t)
        return x->ev.t < y->ev.t ? -1 : 1;
    if ((x->ev.op == MAS_EV_STOP) != (y->ev.op == MAS_EV_STOP))
        return x->ev.op == MAS_EV_STOP ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int sort_events(struct mas_schedule *s, char *err)
{
    struct keyed *k = malloc((s->n ? s->n : 1) * sizeof *k);
    if (!k)
        return mas_fail(err, MAS_EIO, "out of memory for the schedule");
    for (size_t i = 0; i < s->n; i++)
        k[i] = (struct keyed){ s->ev[i], i };
    qsort(k, s->n, sizeof *k, by_time);
    for (size_t i = 0; i < s->n; i++)
        s->ev[i] = k[i].ev;
    free(k);
    return MAS_OK;
}

/* The distinct event times in (t_start, t_end]. */
static int collect_times(struct mas_schedule *s, double t_start, double t_end, char *err)
{
    s->times = malloc((s->n ? s->n : 1) * sizeof *s->times);
    if (!s->times)
        return mas_fail(err, MAS_EIO, "out of memory for the schedule");
    for (size_t i = 0; i < s->n; i++) {
        double t = s->ev[i].t;
        if (t > t_start && t <= t_end && (s->n_times == 0 || s->times[s->n_times - 1] != t))
            s->times[s->n_times++] = t;
    }
    return MAS_OK;
}

int mas_schedule_build(struct mas_schedule *s, const struct mas_model *m,
                       const struct mas_scenario *sc, const struct mas_dose *doses,
                       size_t n_doses, char *err)
{
    memset(s, 0, sizeof *s);
    int rc = add_trigger(s, m, sc, err);
    for (size_t i = 0; rc == MAS_OK && i < n_doses; i++)
        rc = add_dose(s, m, &doses[i], err);
    if (rc == MAS_OK)
        rc = sort_events(s, err);
    if (rc == MAS_OK)
        rc = collect_times(s, sc->t_start_day, sc->t_end_day, err);
    return rc;
}

static void apply_event(const struct mas_event *e, double *y)
{
    double *v = &y[e->state];
    switch (e->op) {
    case MAS_EV_SET: *v = e->value; break;
    case MAS_EV_ADD: *v += e->value; break;
    case MAS_EV_STOP:
        *v -= e->value;
        if (fabs(*v) <= 1e-9 * fabs(e->value))
            *v = 0.0;
        break;
    }
}

void mas_schedule_initial(const struct mas_schedule *s, double t_start, double *y0)
{
    for (size_t i = 0; i < s->n && s->ev[i].t <= t_start; i++)
        apply_event(&s->ev[i], y0);
}

int mas_schedule_apply(double t, double *y, void *ctx, char *err)
{
    const struct mas_schedule *s = ctx;
    size_t lo = 0, hi = s->n;
    (void)err;
    while (lo < hi) {                       /* the first event at or after t */
        size_t mid = lo + (hi - lo) / 2;
        if (s->ev[mid].t < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->n && s->ev[i].t == t; i++)
        apply_event(&s->ev[i], y);
    return MAS_OK;
}

void mas_schedule_free(struct mas_schedule *s)
{
    free(s->ev);
    free(s->times);
    memset(s, 0, sizeof *s);
}
