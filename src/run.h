/*
 * run.h — one simulation: owns the model, the scenario, the solver settings
 * and the sampled trajectory.  Created by mas_run_prepare(), executed by
 * mas_run_execute(), freed by mas_run_free().
 */
#ifndef MAS_RUN_H
#define MAS_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "scenario.h"
#include "schedule.h"
#include "solver.h"
#include "therapy.h"
#include "warnings.h"

struct mas_criteria_course;
struct mas_solver;

/* Variable slots (a state index i >= 0, an observable o as -2 - o, -1 for
 * none): the rows of outcomes.c's tables and criteria_model.c's panel. */
#define MAS_OUTCOME_VARS 40
#define MAS_CRITERIA_VARS 24
#define MAS_VAR_OBS(o) (-2 - (o))
/* The slot of a variable by name (a state, else an observable), or -1. */
int mas_run_var(const struct mas_model *m, const char *name);

struct mas_metric {
    const char *name;        /* e.g. "peak_ferritin" */
    const char *unit;        /* e.g. "ng/mL" */
    double value;            /* NaN if undefined */
};

struct mas_run {
    struct mas_model model;
    struct mas_scenario sc;
    struct mas_solver_opts opts;
    char stepper[16];            /* storage behind opts.stepper when set */
    struct mas_solver_stats stats;
    struct mas_dose *doses;      /* the doses given: expanded therapies within the
                                    simulated time, sorted by time (/doses) */
    size_t n_doses;
    size_t n_doses_outside;      /* doses before time.start or after time.end: not given */
    size_t n_clamped;            /* state values a hair below zero set to 0 (round-off) */
    const char *command_line;    /* not owned */
    size_t n_time;
    double *time;                /* n_time, days */
    double *y;                   /* n_time * model.n_states, row per time */
    double *obs;                 /* n_time * model.n_obs, row per time */
    struct mas_metric *metrics;  /* n_metrics, grown by mas_run_add_metric (owned) */
    int n_metrics, cap_metrics;
    struct mas_criteria_course *criteria; /* the criteria along the run, computed with
                                             the metrics (criteria_model.c); may be NULL */
    char created[32];            /* ISO 8601 UTC */
    struct mas_warnings warnings; /* what went wrong without stopping the run (warnings.h) */

    /* Resolved once by mas_run_setup and kept for every run instantiated
     * from it (a sweep's worker runs many without allocating, formatting
     * or looking up a name; docs/sweeps.md "Cost per run"): */
    double *p_base;              /* parameters after the background's presets */
    int patient_param[3];        /* cytotoxic_function, body_weight_kg, body_height_cm
                                    (model parameter index, or -1) */
    int outcome_var[MAS_OUTCOME_VARS];   /* outcomes.c: each table row's variable */
    int criteria_var[MAS_CRITERIA_VARS]; /* criteria_model.c: each panel variable */
    int vars_resolved;           /* the two above are filled (else: lookups by name) */
    const char **names;          /* the state names, for the solver's messages */
    double *y0;                  /* the initial state */
    size_t cap_time, cap_doses;  /* room in time/y/obs and doses */
    struct mas_schedule sched;   /* the breakpoints (schedule.h), storage kept */
    /* What a `when: criteria` condition knows of the tests sent once
     * (criteria_model.c): the day of each sample (the aspirate, the HLH
     * work-up; NaN: none), its values once the integration has passed it
     * (the hemophagocytosis index; NK activity and sCD25), NaN before. */
    struct {
        double day[2];
        double value[3];
    } clinic_sample;
    int criteria_samples;        /* the run takes them (it has a criteria condition) */
    struct mas_solver *solver;   /* made by the first run, reset by the next */
    /* Optional (massim fit): output at these days instead of the
     * scenario's grid (sorted, within time.start .. time.end; not owned) */
    const double *grid;
    size_t n_grid;
    /* Optional (massim fit): more of the run file, written into the open
     * file (an hid_t) before it is closed (output_h5.c) */
    int (*h5_extra)(int64_t file, const void *ctx, char *err);
    const void *h5_extra_ctx;
    /* Conditions (sc.conditions, `when:`): */
    double fired_day[MAS_MAX_CONDITIONS]; /* when each held first (NaN: never) */
    double *obs_now;             /* n_obs: the observables at one point */
    struct mas_dose *cond_doses; /* the doses a condition starts (scratch) */
    size_t cap_cond_doses;
};


/* Build the model, load the scenario, apply --set assignments (a parameter,
 * a scenario field, or solver.stepper / solver.rtol / solver.atol /
 * solver.h0 / solver.hmax / solver.max_steps), and expand the therapies
 * into doses for the patient (weight and height as the model's
 * body_weight_kg and body_height_cm parameters, overrides included).
 * A model without a variable the outcome metrics need is refused first
 * (mas_outcomes_check_model); doses outside the simulated time are a
 * warning on the run. */
int mas_run_prepare(struct mas_run *r, const char *scenario_path,
                    const char *const *sets, int n_sets, char *err);
/* The same with the scenario's text already in memory (text NULL: read
 * scenario_path); sweeps use it so that every run sees the same text. */
int mas_run_prepare_text(struct mas_run *r, const char *scenario_path, const char *text,
                         const char *const *sets, int n_sets, char *err);
/* mas_run_prepare_text in two parts, for many runs from one scenario:
 * mas_run_setup builds the model, loads the scenario, applies `sets` and
 * resolves every name the runs need; then, as often as wanted, change the
 * scenario's values (mas_path_apply) and call mas_run_instantiate, which
 * sets the parameters (background presets, patient fields, overrides) and
 * the doses for the scenario as it now stands, and clears the last run's
 * results (keeping their storage), before mas_run_execute.  Runs made this
 * way equal runs prepared afresh, bit for bit (tests/t_sweep.sh). */
int mas_run_setup(struct mas_run *r, const char *scenario_path, const char *text,
                  const char *const *sets, int n_sets, char *err);
int mas_run_instantiate(struct mas_run *r, char *err);
/* Integrate, sample observables, compute metrics. */
int mas_run_execute(struct mas_run *r, char *err);
void mas_run_free(struct mas_run *r);

/* Append a metric (the array grows); MAS_EIO without memory, and then the
 * run also gets a warning naming the metric (outcomes.c). */
int mas_run_add_metric(struct mas_run *r, const char *name, const char *unit, double value);

/* Round-off below zero: every state value in (-tolerance, 0) is set to 0
 * and counted in n_clamped; a state with values below -atol among them
 * gets one warning (how many, the smallest); a value below -tolerance
 * (100 atol + 1e-6 of the state's largest magnitude) is an error
 * (MAS_ESOLVER).  Called by mas_run_execute. */
int mas_run_check_nonnegative(struct mas_run *r, char *err);

/* warnings.c: add a warning to the run (key NULL: the text is the key; a
 * repeated key counts up), and print the run's warnings to f, one line
 * each: "massim: warning: TEXT". */
void mas_warn(struct mas_run *r, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mas_run_print_warnings(const struct mas_run *r, FILE *f);

/* output_h5.c: the layout of DESIGN.md, written to a temporary name in the
 * same directory and renamed over `path` only when complete. */
int mas_output_h5_write(const char *path, const struct mas_run *r, char *err);
/* output_csv.c: one row per output time: time_day, states..., observables...
 * (mas_csv_write, output.h, writes the table; export_csv.c uses it too). */
int mas_output_csv_write(const char *path, const struct mas_run *r, char *err);

#endif
