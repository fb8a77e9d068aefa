/*
 * scenario_set.c — the value rules of a scenario, shared by the YAML reader
 * (scenario.c) and the command line: the numeric fields with their units
 * and ranges, parameter values (range from the model's table), the
 * constraints between sections, and mas_scenario_set() for --set NAME=VALUE.
 * Layout and constraints: docs/scenarios.md.
 */
#include "scenario_rules.h"

#include "massim.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mas_field mas_f_weight = { "weight_kg", MAS_Q_MASS_KG, "kg", 0, INFINITY, 1 };
const struct mas_field mas_f_height = { "height_cm", MAS_Q_LENGTH_CM, "cm", 0, INFINITY, 1 };
const struct mas_field mas_f_cytotoxic = { "cytotoxic_function", MAS_Q_DIMENSIONLESS, NULL, 0, 1, 0 };
const struct mas_field mas_f_at = { "at", MAS_Q_TIME, "d", -INFINITY, INFINITY, 0 };
const struct mas_field mas_f_load = { "load", MAS_Q_DIMENSIONLESS, NULL, 0, INFINITY, 0 };
const struct mas_field mas_f_duration = { "duration", MAS_Q_TIME, "d", 0, INFINITY, 1 };
const struct mas_field mas_f_start = { "start", MAS_Q_TIME, "d", 0, INFINITY, 0 };
const struct mas_field mas_f_end = { "end", MAS_Q_TIME, "d", -INFINITY, INFINITY, 0 };
const struct mas_field mas_f_every = { "output_every", MAS_Q_TIME, "d", 0, INFINITY, 1 };

int mas_field_out_of_range(const struct mas_field *f, double v, char *msg, size_t size)
{
    if (f->hi < INFINITY && (v < f->lo || v > f->hi))
        snprintf(msg, size, "must be between %g and %g, found %g", f->lo, f->hi, v);
    else if (f->lo_open && v <= f->lo)
        snprintf(msg, size, "must be > %g, found %g", f->lo, v);
    else if (v < f->lo)
        snprintf(msg, size, "must be >= %g, found %g", f->lo, v);
    else
        return 0;
    return 1;
}

int mas_scenario_param_value(const struct mas_param_def *d, const char *text, double *v,
                             char *msg)
{
    char uerr[MAS_ERR_LEN];
    const char *expected;
    if (strchr(text, '%') || mas_units_parse(text, MAS_Q_DIMENSIONLESS, NULL, v, uerr))
        return mas_fail(msg, MAS_EINPUT, "parameter '%s': expected a finite number "
                        "(in %s), found '%.60s'", d->name, d->unit, text);
    if (!mas_param_value_ok(d, *v, &expected))
        return mas_fail(msg, MAS_EINPUT, "parameter '%s' must be %s, found %g", d->name,
                        expected, *v);
    return MAS_OK;
}

enum mas_blame mas_scenario_cross_check(const struct mas_scenario *s, char *msg, size_t size)
{
    double span = s->t_end_day - s->t_start_day;
    if (!(span > 0)) {
        snprintf(msg, size, "time.end (%g d) must be after time.start (%g d)",
                 s->t_end_day, s->t_start_day);
        return MAS_BLAME_END;
    }
    if (s->output_every_day > span) {
        snprintf(msg, size, "time.output_every (%g d) is longer than the simulated span "
                 "(%g d)", s->output_every_day, span);
        return MAS_BLAME_EVERY;
    }
    double n_times = span / s->output_every_day;
    if (!(n_times <= MAS_MAX_OUTPUT_TIMES)) {
        snprintf(msg, size, "time.output_every (%g d) over the simulated span (%g d) would "
                 "give %.3g output times; at most %.0f are allowed", s->output_every_day,
                 span, n_times, MAS_MAX_OUTPUT_TIMES);
        return MAS_BLAME_EVERY;
    }
    if (s->trigger.kind != MAS_TRIGGER_NONE
        && (s->trigger.at_day < s->t_start_day || s->trigger.at_day > s->t_end_day)) {
        snprintf(msg, size, "trigger.at (day %g) is outside the simulated time "
                 "(day %g to day %g)", s->trigger.at_day, s->t_start_day, s->t_end_day);
        return MAS_BLAME_AT;
    }
    return MAS_BLAME_NONE;
}

/* ---- --set NAME=VALUE ------------------------------------------------------ */

/* Scenario fields --set may change, besides model parameters. */
static const struct settable {
    const char *name;
    const struct mas_field *f;
    size_t offset;              /* of the double in struct mas_scenario */
} settables[] = {
    { "patient.cytotoxic_function", &mas_f_cytotoxic,
      offsetof(struct mas_scenario, patient.cytotoxic_function) },
    { "patient.weight_kg", &mas_f_weight, offsetof(struct mas_scenario, patient.weight_kg) },
    { "patient.height_cm", &mas_f_height, offsetof(struct mas_scenario, patient.height_cm) },
    { "trigger.load", &mas_f_load, offsetof(struct mas_scenario, trigger.load) },
    { "trigger.at", &mas_f_at, offsetof(struct mas_scenario, trigger.at_day) },
    { "time.end", &mas_f_end, offsetof(struct mas_scenario, t_end_day) },
};
#define N_SETTABLE ((int)(sizeof settables / sizeof settables[0]))

/* Add or replace the override of parameter p (a --set wins over the file). */
static int set_override(struct mas_scenario *s, int p, double v, char *err)
{
    for (int i = 0; i < s->n_overrides; i++)
        if (s->overrides[i].param == p) {
            s->overrides[i] = (struct mas_override){ .param = p, .value = v };
            return MAS_OK;
        }
    struct mas_override *more = realloc(s->overrides, (size_t)(s->n_overrides + 1) * sizeof *more);
    if (!more)
        return mas_fail(err, MAS_EIO, "out of memory");
    s->overrides = more;
    s->overrides[s->n_overrides++] = (struct mas_override){ .param = p, .value = v };
    return MAS_OK;
}

static int unknown_setting(const struct mas_model *m, const char *assignment, const char *name,
                           char *err)
{
    const char *a = mas_model_suggest_param(m, name);
    int best = a ? mas_edit_distance(name, a) : 4;
    for (int i = 0; i < N_SETTABLE; i++)
        if (mas_edit_distance(name, settables[i].name) < best) {
            a = settables[i].name;
            best = mas_edit_distance(name, a);
        }
    if (a)
        return mas_fail(err, MAS_EINPUT, "--set %s: unknown name '%s'; did you mean '%s'?",
                        assignment, name, a);
    return mas_fail(err, MAS_EINPUT, "--set %s: unknown name '%s' (a model parameter, or "
                    "one of patient.cytotoxic_function, patient.weight_kg, patient.height_cm, "
                    "trigger.load, trigger.at, time.end)", assignment, name);
}

/* Set one scenario field, then check what depends on it; undone on error. */
static int set_field(struct mas_scenario *s, const struct settable *t, const char *assignment,
                     const char *value, char *err)
{
    char msg[MAS_ERR_LEN];
    double v, *target = (double *)((char *)s + t->offset), old = *target;
    if (mas_units_parse(value, t->f->q, t->f->unit, &v, msg) != MAS_OK)
        return mas_fail(err, MAS_EINPUT, "--set %s: %s", assignment, msg);
    if (mas_field_out_of_range(t->f, v, msg, sizeof msg))
        return mas_fail(err, MAS_EINPUT, "--set %s: %s %s", assignment, t->name, msg);
    if (!strncmp(t->name, "trigger.", 8) && s->trigger.kind == MAS_TRIGGER_NONE)
        return mas_fail(err, MAS_EINPUT, "--set %s: the scenario has no trigger", assignment);
    if (!strcmp(t->name, "trigger.load") && v <= 0)
        return mas_fail(err, MAS_EINPUT, "--set %s: trigger.load must be > 0, found %g",
                        assignment, v);
    *target = v;
    if (mas_scenario_cross_check(s, msg, sizeof msg) != MAS_BLAME_NONE) {
        *target = old;
        return mas_fail(err, MAS_EINPUT, "--set %s: %s", assignment, msg);
    }
    return MAS_OK;
}

int mas_scenario_set(struct mas_scenario *s, const struct mas_model *m, const char *assignment,
                     char *err)
{
    char name[128], msg[MAS_ERR_LEN];
    const char *eq = strchr(assignment, '=');
    size_t n = eq ? (size_t)(eq - assignment) : 0;
    if (!eq || n == 0 || n >= sizeof name || !eq[1])
        return mas_fail(err, MAS_EINPUT, "--set %s: expected NAME=VALUE", assignment);
    memcpy(name, assignment, n);
    name[n] = '\0';
    int p = mas_model_find_param(m, name);
    if (p >= 0) {
        double v;
        if (mas_scenario_param_value(mas_model_param(m, p), eq + 1, &v, msg))
            return mas_fail(err, MAS_EINPUT, "--set %s: %s", assignment, msg);
        return set_override(s, p, v, err);
    }
    for (int i = 0; i < N_SETTABLE; i++)
        if (!strcmp(name, settables[i].name))
            return set_field(s, &settables[i], assignment, eq + 1, err);
    return unknown_setting(m, assignment, name, err);
}
