/*
 * schedule.h — the scenario's events as the solver's breakpoints: the
 * trigger (an infection adds pathogen, a flare switches its drive on and
 * off) and every dose (an IV bolus, SC or oral dose adds mg to a state; an
 * IV infusion adds its rate at the start and takes it off at the end; a
 * procedure sets its state to 1).  Events at or before the start act on
 * the initial state; events after the end are not reached.
 */
#ifndef MAS_SCHEDULE_H
#define MAS_SCHEDULE_H

#include <stddef.h>

#include "model.h"
#include "scenario.h"
#include "therapy.h"

enum mas_event_op {
    MAS_EV_STOP,      /* y -= value, exactly 0 when that is round-off (infusion end) */
    MAS_EV_ADD,       /* y += value */
    MAS_EV_SET,       /* y = value */
};

struct mas_event {
    double t;         /* day */
    int state;        /* global state index */
    enum mas_event_op op;
    double value;
};

/* Events sorted by time (at one time: stops first, then in the order
 * added), and the distinct times after the start up to the end, which are
 * the solver's breakpoints. */
struct mas_schedule {
    struct mas_event *ev;
    size_t n, cap;
    double *times;
    size_t n_times;
};

int mas_schedule_build(struct mas_schedule *s, const struct mas_model *m,
                       const struct mas_scenario *sc, const struct mas_dose *doses,
                       size_t n_doses, char *err);
/* Apply the events at or before t_start to y0. */
void mas_schedule_initial(const struct mas_schedule *s, double t_start, double *y0);
/* The breakpoint callback (struct mas_breakpoints.apply); ctx is the
 * schedule.  Applies every event at exactly t. */
int mas_schedule_apply(double t, double *y, void *ctx, char *err);
void mas_schedule_free(struct mas_schedule *s);

#endif
