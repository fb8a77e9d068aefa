/*
 * scenario.h — a scenario file (YAML, read with libyaml) as a validated
 * struct.  Layout of the file: DESIGN.md and docs/scenarios.md.
 *
 *   name: mas-sjia
 *   description: ...
 *   patient: {weight_kg: 25, height_cm: 125, background: sjia, cytotoxic_function: 0.3}
 *   trigger: {kind: infection | flare | none, at: day 0, load: 1.0, duration: 10 d}
 *   parameters: {NAME: VALUE, ...}       # overrides, by parameter name
 *   therapies: [{drug: emapalumab, dose: 6 mg/kg, route: iv, start: day 3}, ...]
 *   time: {start: 0 d, end: 60 d, output_every: 1 h}
 *   output: {file: out.h5, csv: out.csv, trajectories: [ferritin, ...], every: 6 h}
 *   sweep: {axes: [...], samples: {method: latin-hypercube, n: 1000, seed: 1}}
 *
 * Every error names FILE:LINE:COL of the offending node.  Unknown keys,
 * unknown parameters ("did you mean ...?"), wrong types, wrong units,
 * impossible values are errors.
 */
#ifndef MAS_SCENARIO_H
#define MAS_SCENARIO_H

#include "design.h"
#include "model.h"
#include "therapy.h"
#include "../models/backgrounds.h"

#include <stdio.h>

/* What a scenario file may be (checked before it is parsed): at most
 * 1 MiB of text, nested at most 32 levels, at most 200,000 values. */
#define MAS_MAX_SCENARIO_BYTES (1 << 20)
#define MAS_MAX_YAML_DEPTH 32
#define MAS_MAX_YAML_NODES 200000

enum mas_trigger_kind {
    MAS_TRIGGER_NONE = 0,
    MAS_TRIGGER_INFECTION,   /* pathogen load added to state "pathogen" at `at` */
    MAS_TRIGGER_FLARE,       /* sJIA innate drive "flare_drive" = load from `at` for `duration` */
};

struct mas_override {
    int param;               /* global parameter index in the model */
    double value;
    int line, col;           /* where it was given (0 for --set) */
};

/* What starts the disease.  A scenario has up to MAS_MAX_TRIGGERS (an
 * infection during an sJIA flare); flares may not overlap. */
#define MAS_MAX_TRIGGERS 8
struct mas_trigger {
    enum mas_trigger_kind kind;
    double at_day;
    double load;             /* infection: pathogen load; flare: drive strength */
    double duration_day;     /* flare only */
};

/* A state given its value at time.start (scenario key `initial:`): the
 * other states start at rest. */
struct mas_initial {
    int state;               /* global state index */
    double value;            /* in the state's unit, >= 0 */
};

/* A therapy, or one phase of it, that starts when a condition holds
 * (`when:` and `after:`; docs/scenarios.md, "Treating when a condition
 * holds").  At most MAS_MAX_CONDITIONS per scenario. */
#define MAS_MAX_CONDITIONS 16
enum mas_cond_op { MAS_COND_GT, MAS_COND_GE, MAS_COND_LT, MAS_COND_LE, MAS_COND_MET };
struct mas_condition {
    enum mas_cond_op op;
    int state, obs;          /* the variable compared: a state or an observable
                                index (the other -1); both -1 for MET */
    int set;                 /* MET: the criteria set (enum mas_criteria_set) */
    double threshold;        /* in the variable's unit */
    double after_day;        /* from the time it holds to its therapy's day 0, >= 0 */
    char text[96];           /* the condition as written */
    int therapy, phase;      /* what it starts: therapies[therapy] (.phases[phase];
                                -1: the whole therapy) */
    int line, col;           /* the `when:` value in the file */
};

struct mas_fit_spec;

struct mas_scenario {
    char *path;              /* as given */
    char *text;              /* the whole file, for provenance */
    char *name;
    char *description;
    struct {
        double weight_kg;        /* > 0 */
        double height_cm;        /* > 0 */
        enum mas_background bg;  /* models/backgrounds.h */
        char background[32];     /* its name: healthy | sjia | fhl | carrier */
        double cytotoxic_function; /* 0..1; NaN if not given (model default) */
        /* Known facts for the criteria (docs/criteria.md); -1 when not
         * given: immunosuppression no, molecular diagnosis yes for the fhl
         * background only, fasting yes. */
        int known_immunosuppression, molecular_diagnosis, fasting;
        /* 1: sJIA is suspected (a febrile child worked up for it), so the
         * sJIA criteria apply although the background is not sjia; -1
         * when not given (no). */
        int suspected_sjia;
    } patient;
    /* `clinic:` — what a clinician sees and when (src/clinic.h,
     * docs/criteria.md "What a clinician sees"); days. */
    struct {
        double presentation_day;   /* after the first trigger (default 14) */
        double aspirate_day;       /* marrow aspirate, after presentation; NAN: not done (default 0) */
        double workup_day;         /* NK activity and sCD25 sent, after presentation; NAN: not sent (default 0) */
        int lab_error;             /* 1: lab values carry measurement error (default 0) */
        double seed;               /* the patient's draws (default 1) */
    } clinic;
    struct mas_trigger trigger;     /* the first (or only) trigger: --set trigger.*, the
                                       criteria's presentation */
    struct mas_trigger more_triggers[MAS_MAX_TRIGGERS - 1]; /* the others, in file order */
    int n_more_triggers;
    struct mas_override *overrides;
    int n_overrides;
    struct mas_initial *initial;    /* `initial:` values, applied before any event */
    int n_initial;
    struct mas_regimen *regimens;   /* therapies: one per phase, in file order */
    int n_regimens;
    struct mas_condition conditions[MAS_MAX_CONDITIONS]; /* `when:`, in file order */
    int n_conditions;
    double t_start_day, t_end_day, output_every_day;
    char *output_file;       /* NULL if not given */
    char *csv_file;          /* NULL if not given */
    /* Sweeps only (`massim run` ignores them): */
    char **trajectories;     /* output.trajectories: state or observable names */
    int n_trajectories;
    double trajectory_every_day; /* output.every: a multiple of output_every_day
                                    (0 when not given: every output time) */
    struct mas_design *sweep;    /* `sweep:`; NULL if the file has none */
    struct mas_fit_spec *fit;    /* `fit:` (fit.h; massim fit); NULL if none */
    /* Scratch of mas_path_apply for a therapy's start (the regimens as they
     * were, the doses to check for overlaps), kept for the next call so
     * that a sweep's runs do not allocate. */
    struct mas_regimen *scratch_regimens;
    struct mas_dose *scratch_doses;
    size_t scratch_doses_cap;
};

/* Read and validate `path` against the model's parameter names.
 * On error: MAS_EINPUT (also for a missing or unreadable file), err = "FILE:LINE:COL: ...".
 * The scenario is left freeable either way. */
int mas_scenario_load(const char *path, const struct mas_model *m,
                      struct mas_scenario *s, char *err);
/* The same from the file's text, already read (path names it in messages). */
int mas_scenario_load_text(const char *path, const char *text, const struct mas_model *m,
                           struct mas_scenario *s, char *err);
void mas_scenario_free(struct mas_scenario *s);
/* The defaults of the fields a file may leave out (patient facts -1,
 * clinic: presentation 14 d after the trigger, aspirate and work-up at
 * presentation, no lab error, seed 1). */
void mas_scenario_defaults(struct mas_scenario *s);

/* Apply a command-line override "NAME=VALUE" (parameter name or
 * patient.cytotoxic_function / patient.weight_kg ..., trigger.FIELD,
 * time.end, and for sweeps therapies[K].start (days; shifts every phase of
 * therapy K), therapies[K].dose (a therapy without phases; in its dose
 * unit), therapies[K].phases[J].start / .dose).  A bare number takes the
 * path's unit (mas_scenario_path_unit). */
int mas_scenario_set(struct mas_scenario *s, const struct mas_model *m,
                     const char *assignment, char *err);

/* One form of the paths --set NAME=VALUE and sweep axes accept
 * ("patient.weight_kg", "therapies[K].phases[J].dose", "PARAMETER" for any
 * model parameter, "solver.rtol"), from the table mas_scenario_set() and
 * the solver settings resolve by. */
struct mas_settable_path {
    const char *path;
    const char *unit;      /* of a bare number */
    const char *what;
    const char *example;   /* "NAME=VALUE", e.g. "patient.weight_kg=30" */
    const char *valid;     /* the values accepted, and what setting it does */
};
/* The i-th form (from 0), NULL past the last. */
const struct mas_settable_path *mas_settable_path(int i);
/* The forms as help text (massim run --help) and as a Markdown table
 * (massim docs paths). */
void mas_settable_paths_help(FILE *f);
void mas_settable_paths_markdown(FILE *f);

/* The unit a bare number takes at a settable path ("day", "mg/kg", "kg",
 * "1", a parameter's unit ...) into unit (size n).  MAS_EINPUT with
 * err "PATH: ..." if the path is not settable in this scenario. */
int mas_scenario_path_unit(const struct mas_scenario *s, const struct mas_model *m,
                           const char *path, char *unit, size_t n, char *err);

#endif
