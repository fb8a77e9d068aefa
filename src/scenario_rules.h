/*
 * scenario_rules.h — private to scenario.c and scenario_set.c: the value
 * rules a scenario obeys whether a field comes from the YAML file or from
 * --set (numeric fields with their quantity, unit and range; parameter
 * values; the constraints between sections).  Defined in scenario_set.c.
 */
#ifndef MAS_SCENARIO_RULES_H
#define MAS_SCENARIO_RULES_H

#include "scenario.h"
#include "units.h"

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

#endif
