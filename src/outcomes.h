/*
 * outcomes.h — the outcome metrics of one run, written to /summary and
 * printed by `massim run`: extremes of the main labs and their days, time
 * below clinical thresholds, IFN-γ exposure, the day CXCL9 returns below
 * its MAS cut-off, the remission day, peak organ dysfunction and survival
 * (final, and the day it falls below one half).  Definitions: docs/therapies.md
 * ("Outcome metrics").
 */
#ifndef MAS_OUTCOMES_H
#define MAS_OUTCOMES_H

#include "run.h"

/* Fill r->metrics from the sampled trajectory.  treatment_start_day is the
 * day of the first dose (NaN without therapy): remission is judged from it,
 * against the ferritin of that day. */
void mas_outcomes_compute(struct mas_run *r, double treatment_start_day);

/* MAS_EINPUT (naming the metric and the variable) when a variable the
 * metrics need (the extreme, below and remission tables, IFN-γ, CXCL9) is
 * neither a state nor an observable of the model: a renamed state is
 * refused by mas_run_prepare before any run instead of losing metrics.
 * mas_outcomes_check_names does the same against a list of names. */
int mas_outcomes_check_model(const struct mas_model *m, char *err);
/* Look up the variable of every table row once, into r->outcome_var (the
 * metrics then read columns without a name lookup); mas_run_setup. */
void mas_outcomes_resolve(struct mas_run *r);
int mas_outcomes_check_names(const char *const *names, size_t n, char *err);

/* Generated documentation, as Markdown tables (units from the built
 * model): every metric with its unit and definition, in the order the
 * metrics are computed; and the remission conditions (remission_limits). */
void mas_outcomes_markdown_metrics(FILE *f);
void mas_outcomes_markdown_remission(FILE *f);

#endif
