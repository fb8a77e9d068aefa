/*
 * labs.h — the resting labs of the healthy child against paediatric
 * reference intervals: a table in the code (variable, interval, unit,
 * source), the model's resting value of each, and the Markdown table
 * docs/model.md shows (`massim docs labs`).  tests/t_labs.sh requires every
 * resting value inside its interval.
 */
#ifndef MAS_LABS_H
#define MAS_LABS_H

#include <stdio.h>

struct mas_lab_range {
    const char *var;          /* a state or observable of the model */
    const char *label;        /* as a lab report names it */
    double lo, hi;            /* reference interval, in unit */
    const char *unit;         /* must be the variable's unit */
    const char *source;       /* where the interval comes from */
};

extern const struct mas_lab_range mas_lab_ranges[];
extern const int mas_n_lab_ranges;

/* The table: lab, resting value, interval, source, inside.  MAS_EINPUT
 * (err names the lab) when a variable is missing from the model or its
 * unit differs from the interval's; the table is then not written.
 * *outside (may be NULL) counts the resting values outside their interval. */
int mas_labs_markdown(FILE *f, int *outside, char *err);

#endif
