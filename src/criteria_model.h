/*
 * criteria_model.h — the criteria sets (criteria.h) applied to a simulated
 * patient at every output time of a run.  The mapping from the model to a
 * lab panel and the surrogate thresholds below are written down in
 * docs/criteria.md ("From the model to a panel"); they were fixed before
 * any cohort was run and are not tuned to a sensitivity or specificity.
 */
#ifndef MAS_CRITERIA_MODEL_H
#define MAS_CRITERIA_MODEL_H

#include <stddef.h>

#include "criteria.h"
#include "run.h"

/* Splenomegaly: spleen size above 1.3 x normal (the spleen_size observable's
 * own definition of splenomegaly). */
#define MAS_SURR_SPLEEN 1.3
/* Hepatomegaly: liver size above 1.3 x normal (the liver_size observable,
 * by the same rule as the spleen). */
#define MAS_SURR_LIVER 1.3
/* Hemophagocytosis seen in marrow/spleen: hemophagocytosis index above 0.2. */
#define MAS_SURR_HEMOPHAGOCYTOSIS 0.2
/* Low NK-cell activity: below 30 % of normal. */
#define MAS_SURR_NK_LOW_PCT 30.0
/* Hemorrhagic manifestations: the consumptive coagulopathy of both
 * fibrinogen below 100 mg/dL and platelets below 50 x10^9/L. */
#define MAS_SURR_BLEED_FIBRINOGEN 100.0
#define MAS_SURR_BLEED_PLATELETS 50.0
/* Active arthritis (sJIA only): the flare drive at half its full strength
 * or more (the joints are not modelled). */
#define MAS_SURR_ARTHRITIS_DRIVE 0.5

/* Ground truth (docs/criteria.md, "Ground truth"): what an expert panel
 * sees in hindsight in the whole course, noise-free: MAS when, for at
 * least MAS_TRUTH_MIN_DAYS in a row, the child is febrile, the platelets
 * have fallen below MAS_TRUTH_FALL of their highest count since the
 * trigger, and ferritin, AST, LDH and triglycerides have each risen above
 * MAS_TRUTH_RISE times their value at the trigger (the changes of more
 * than 50 % from the pre-MAS visit to MAS onset in Minoia et al.,
 * Arthritis Rheumatol 2014;66:3160); the onset is when that episode
 * began.  Never decided by a criteria set, nor by a hidden state. */
#define MAS_TRUTH_FALL 0.5
#define MAS_TRUTH_RISE 1.5
#define MAS_TRUTH_MIN_DAYS 1.0
/* The mechanism's own label (the former ground truth, kept for
 * comparison): the activated macrophage fraction (state mac_activation)
 * above 0.3 for at least 3 days. */
#define MAS_MECHANISM_MAC_ACTIVATION 0.3
#define MAS_MECHANISM_MIN_DAYS 3.0
/* The criteria are applied "at presentation": scenario clinic.presentation
 * days after the trigger (default 14, MAS_CLINIC_PRESENTATION_D), or at
 * the end of the run if that is earlier. */

/* MAS_OK if every variable the lab panel and the ground truth read (by
 * name) is a state or an observable of m; otherwise MAS_EINPUT naming the
 * first one missing (it would read as NaN: "not measured"). */
int mas_criteria_check_model(const struct mas_model *m, char *err);
/* Look up the panel's variables once, into r->criteria_var; mas_run_setup. */
void mas_criteria_resolve(struct mas_run *r);

/* Is `set` met by the panel of one point of r: day t, states y,
 * observables obs (what a `when: criteria SET met` condition asks along
 * the run)?  The aspirate, NK activity and sCD25 are those of the samples
 * mas_criteria_take_samples kept, once their results have arrived. */
int mas_criteria_met_at(const struct mas_run *r, enum mas_criteria_set set, double t,
                        const double *y, const double *obs);

/* Before a run with a `when: criteria` condition: the days of the
 * samples of the aspirate and the HLH work-up (output times, as the
 * course's), into r->clinic_sample, their values NaN; the run makes them
 * breakpoints and calls mas_criteria_take_samples there, which keeps the
 * sampled values (r->obs_now is its scratch). */
void mas_criteria_plan_samples(struct mas_run *r);
void mas_criteria_take_samples(struct mas_run *r, double t, const double *y);

/* 1 if the run is MAS by the ground truth, with *onset_day (NaN if not). */
int mas_true_mas(const struct mas_run *r, double *onset_day);
/* 1 if the run is MAS by the mechanism's label, with *onset_day. */
int mas_mechanism_mas(const struct mas_run *r, double *onset_day);

/* Compute the criteria course of a finished run into r->criteria and add
 * its metrics to r->metrics: true_mas, mas_onset_day, presentation_day,
 * and per set SET_first_day, SET_met_at_presentation,
 * SET_value_at_presentation. */
int mas_criteria_metrics(struct mas_run *r, char *err);
/* The rows of the metrics table (docs/therapies.md) for the metrics that
 * mas_criteria_metrics adds: "| `name` | unit | definition |", in order. */
void mas_criteria_markdown_metrics(FILE *f);

/* Every set at every output time: value (items met, or the score), item
 * mask and met flag per time; the first and last day met (NaN if never). */
struct mas_criteria_course {
    size_t n, cap;                        /* times, and room for them */
    double *value[MAS_CRIT_NSETS];
    unsigned *mask[MAS_CRIT_NSETS];
    unsigned char *met[MAS_CRIT_NSETS];
    double first_met_day[MAS_CRIT_NSETS], last_met_day[MAS_CRIT_NSETS];
    double stop_met_day[MAS_CRIT_NSETS];  /* first time not met after first met (NaN: never stops) */
};
int mas_criteria_course(const struct mas_run *r, struct mas_criteria_course *c, char *err);
/* The same into a course computed before (its storage reused when the
 * times fit). */
int mas_criteria_course_again(const struct mas_run *r, struct mas_criteria_course *c, char *err);
void mas_criteria_course_free(struct mas_criteria_course *c);
/* Free a course allocated by mas_criteria_metrics (r->criteria); NULL is fine. */
void mas_criteria_course_delete(struct mas_criteria_course *c);

#endif
