/*
 * scenario_rules.h — private to scenario.c and scenario_set.c: the value
 * rules a scenario obeys whether a field comes from the YAML file or from
 * --set (numeric fields with their quantity, unit and range; parameter
 * values; the constraints between sections), defined in scenario_set.c;
 * and the YAML reader's helpers (scenario.c) that the readers of
 * `therapies:` (scenario_therapy.c) and of `sweep:` and the sweep keys of
 * `output:` (scenario_sweep.c) share; the settable paths of a scenario
 * (scenario_set.c) that --set and sweep axes name.
 */
#ifndef MAS_SCENARIO_RULES_H
#define MAS_SCENARIO_RULES_H

#include "scenario.h"
#include "units.h"

#include <stddef.h>
#include <yaml.h>

/* A numeric field: its key, quantity, unit of a bare number, allowed range. */
struct mas_field {
    const char *key;
    enum mas_quantity q;
    const char *unit;
    double lo, hi;
    int lo_open;               /* lo itself is not allowed */
};

extern const struct mas_field mas_f_weight, mas_f_height, mas_f_cytotoxic, mas_f_at,
    mas_f_load, mas_f_duration, mas_f_start, mas_f_end, mas_f_every, mas_f_presentation,
    mas_f_aspirate, mas_f_workup, mas_f_seed;

/* "must be > 0, found -1" into msg if v is outside f's range; 0 if inside. */
int mas_field_out_of_range(const struct mas_field *f, double v, char *msg, size_t size);

/* A parameter value: a plain finite number in the parameter's unit, in its
 * range (mas_param_value_ok).  msg: "parameter 'X' must be ..., found ...". */
int mas_scenario_param_value(const struct mas_param_def *d, const char *text, double *v,
                             char *msg);

/* Which field a cross-check blames. */
enum mas_blame { MAS_BLAME_NONE, MAS_BLAME_END, MAS_BLAME_EVERY, MAS_BLAME_AT };

/* Constraints between sections (time span, size of the output grid,
 * trigger inside the span); on failure msg says why and the result names
 * the field to blame. */
enum mas_blame mas_scenario_cross_check(const struct mas_scenario *s, char *msg, size_t size);

/* ---- settable paths (scenario_set.c): what --set and a sweep axis name --- */

enum mas_path_kind {
    MAS_PATH_PARAM,            /* a model parameter */
    MAS_PATH_FIELD,            /* patient.*, trigger.*, time.end */
    MAS_PATH_THERAPY_START,    /* therapies[K].start: shifts every phase of K */
    MAS_PATH_PHASE_START,      /* therapies[K].phases[J].start */
    MAS_PATH_DOSE,             /* therapies[K].dose, therapies[K].phases[J].dose */
    MAS_PATH_AFTER,            /* therapies[K](.phases[J]).after: a condition's delay */
    MAS_PATH_THRESHOLD,        /* therapies[K](.phases[J]).threshold: its threshold */
};

/* A path resolved against one scenario (indices stay valid while its
 * therapies are not re-read). */
struct mas_path {
    enum mas_path_kind kind;
    int param;                 /* MAS_PATH_PARAM: global parameter index */
    int field;                 /* MAS_PATH_FIELD: index in scenario_set.c's table */
    int therapy, phase;        /* therapies[K] (phases[J]; -1 when not named) */
    int regimen;               /* the regimen a phase start or a dose changes */
    int condition;             /* AFTER, THRESHOLD: index in the scenario's conditions */
    char name[96];             /* the path as given */
    char unit[32];             /* unit of a bare number (mas_scenario_path_unit) */
    double lo, hi;             /* valid values (hi may be INFINITY) */
    int lo_open;               /* lo itself is not valid */
};

/* How many infusion doses the scenario's therapies give (what moving a
 * therapy's start must check for overlaps). */
size_t mas_scenario_infusion_doses(const struct mas_scenario *s);

/* Resolve `path`; msg (no location, no "--set") says why it is not settable. */
int mas_path_resolve(const struct mas_scenario *s, const struct mas_model *m,
                     const char *path, struct mas_path *p, char *msg);
/* A value for p: a bare number in p->unit or a quantity with a unit
 * ("36 h", "6 mg/kg") converted to p->unit. */
int mas_path_value(const struct mas_scenario *s, const struct mas_model *m,
                   const struct mas_path *p, const char *text, double *v, char *msg);
/* Set p to v with every check --set makes; nothing changes on error. */
int mas_path_apply(struct mas_scenario *s, const struct mas_model *m,
                   const struct mas_path *p, double v, char *msg);
/* Would mas_path_apply accept v?  (On a scratch copy; s is not changed.) */
int mas_path_try(const struct mas_scenario *s, const struct mas_model *m,
                 const struct mas_path *p, double v, char *msg);

/* ---- the YAML reader (scenario.c), shared with scenario_therapy.c ---- */

/* State of one load: where errors go and the nodes cross-checks point at. */
struct mas_reader {
    const char *path;
    yaml_document_t *doc;
    const struct mas_model *m;
    struct mas_scenario *s;
    char *err;
    yaml_node_t *trigger, *at, *end, *every;
    yaml_node_t *more_at[8];            /* the `at` of each further trigger */
};

/* err = "PATH:LINE:COL: message" at node n; returns MAS_EINPUT. */
int mas_rd_fail(struct mas_reader *r, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Keys of `map` are names, not repeated, and in `allowed` ("did you mean"). */
int mas_rd_check_keys(struct mas_reader *r, yaml_node_t *map, const char *where,
                      const char *const *allowed);
yaml_node_t *mas_rd_node(struct mas_reader *r, int index);
/* The value of `key` in `map`, or NULL; and the key node itself. */
yaml_node_t *mas_rd_lookup(struct mas_reader *r, yaml_node_t *map, const char *key);
yaml_node_t *mas_rd_key(struct mas_reader *r, yaml_node_t *map, const char *key);
int mas_rd_is_null(const yaml_node_t *n);
/* "a mapping", "a list", "nothing (null)" or the quoted scalar. */
const char *mas_rd_describe(const yaml_node_t *n, char *buf, size_t size);
/* The closest of `names` to `word`, or NULL. */
const char *mas_rd_suggest(const char *word, const char *const *names);

/* scenario_therapy.c: read `therapies:` (a list) into s->regimens. */
int mas_rd_therapies(struct mas_reader *r, yaml_node_t *list);

/* scenario_sweep.c: the sweep keys of `output:` (trajectories, every; after
 * `time:`), and `sweep:` into s->sweep (after everything else). */
int mas_rd_output_sweep(struct mas_reader *r, yaml_node_t *map);
int mas_rd_sweep(struct mas_reader *r, yaml_node_t *map);
/* scenario_fit.c: `fit:` into s->fit (after everything else). */
int mas_rd_fit(struct mas_reader *r, yaml_node_t *map);
/* A hint for a YAML syntax error on 0-based `line` of text: a path with
 * brackets (therapies[0].start) unquoted inside a flow mapping; or "". */
const char *mas_rd_flow_path_hint(const char *text, size_t line);

#endif
