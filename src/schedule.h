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
    MAS_EV_MARK,      /* nothing: a breakpoint (a sample taken then) */
    MAS_EV_SET,       /* y = value */
};

struct mas_event {
    double t;         /* day */
    int state;        /* global state index */
    enum mas_event_op op;
    double value;
    size_t order;     /* the order added (ties at one time keep it) */
};

/* Events sorted by time (at one time: stops first, then in the order
 * added), and the distinct times after the start up to the end, which are
 * the solver's breakpoints.  The states the trigger and each regimen act
 * on are looked up once (mas_schedule_resolve); mas_schedule_fill then
 * lays out a run's events in the storage of the last, growing it only when
 * they do not fit. */
struct mas_schedule {
    struct mas_event *ev;
    size_t n, cap;
    double *times;
    size_t n_times, cap_times;
    int kind_state[3];        /* per trigger kind: none -1, infection "pathogen",
                                 flare "flare_trigger" (-1 when no trigger needs it) */
    int *regimen_state;       /* per regimen: the state its route doses */
    int n_regimens;
    size_t applied;           /* ev[0 .. applied-1] have acted (a prefix: events
                                 added later are never earlier than the last) */
};

/* Look up the states of sc's trigger and regimens in m (MAS_EINPUT names
 * an unknown drug or state). */
int mas_schedule_resolve(struct mas_schedule *s, const struct mas_model *m,
                         const struct mas_scenario *sc, char *err);
/* The events of sc's trigger (its times and load as they now stand) and
 * of the doses (from sc's regimens, as resolved). */
int mas_schedule_fill(struct mas_schedule *s, const struct mas_scenario *sc,
                      const struct mas_dose *doses, size_t n_doses, char *err);
/* Both, on a zeroed schedule. */
int mas_schedule_build(struct mas_schedule *s, const struct mas_model *m,
                       const struct mas_scenario *sc, const struct mas_dose *doses,
                       size_t n_doses, char *err);
/* Apply the events at or before t_start to y0. */
void mas_schedule_initial(struct mas_schedule *s, double t_start, double *y0);
/* The breakpoint callback (struct mas_breakpoints.apply); ctx is the
 * schedule.  Applies every event at or before t not applied yet (called
 * again at one time, it does nothing twice). */
int mas_schedule_apply(double t, double *y, void *ctx, char *err);
/* Add the events of doses d[0..n-1] (a condition fired: none before the
 * last event applied) and recollect the breakpoint times: the distinct
 * times of the events not applied yet, up to t_end. */
int mas_schedule_add_doses(struct mas_schedule *s, const struct mas_dose *d, size_t n,
                           double t_end, char *err);
/* Add breakpoints at days t[0..n-1] that change nothing (NaN days are
 * skipped), after mas_schedule_fill, and recollect the times in
 * (t_start, t_end]. */
int mas_schedule_add_marks(struct mas_schedule *s, const double *t, size_t n, double t_start,
                           double t_end, char *err);
void mas_schedule_free(struct mas_schedule *s);

#endif
