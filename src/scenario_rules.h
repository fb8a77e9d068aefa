/*
 * scenario_rules.h — private to scenario.c and scenario_set.c: the value
 * rules a scenario obeys whether a field comes from the YAML file or from
 * --set (numeric fields with their quantity, unit and range; parameter
 * values; the constraints between sections), defined in scenario_set.c;
 * and the YAML reader's helpers (scenario.c) that the reader of
 * `therapies:` (scenario_therapy.c) shares.
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
    mas_f_load, mas_f_duration, mas_f_start, mas_f_end, mas_f_every;

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

/* ---- the YAML reader (scenario.c), shared with scenario_therapy.c ---- */

/* State of one load: where errors go and the nodes cross-checks point at. */
struct mas_reader {
    const char *path;
    yaml_document_t *doc;
    const struct mas_model *m;
    struct mas_scenario *s;
    char *err;
    yaml_node_t *trigger, *at, *end, *every;
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

#endif
