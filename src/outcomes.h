/*
 * outcomes.h — the outcome metrics of one run, written to /summary and
 * printed by `massim run`: extremes of the main labs and their days, time
 * below clinical thresholds, IFN-γ exposure, the day CXCL9 returns below
 * its MAS cut-off, and the remission day.  Definitions: docs/therapies.md
 * ("Outcome metrics").
 */
#ifndef MAS_OUTCOMES_H
#define MAS_OUTCOMES_H

#include "run.h"

/* Fill r->metrics from the sampled trajectory.  treatment_start_day is the
 * day of the first dose (NaN without therapy): remission is judged from it,
 * against the ferritin of that day. */
void mas_outcomes_compute(struct mas_run *r, double treatment_start_day);

#endif
