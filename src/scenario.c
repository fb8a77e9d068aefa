/*
 * scenario.c — reads a scenario file (YAML, libyaml document API) into a
 * validated struct mas_scenario.  The value rules it shares with --set
 * (fields, ranges, cross-checks) and --set itself are in scenario_set.c.
 *
 * The file is loaded whole (it is kept in s->text for provenance), parsed
 * into a libyaml document, then walked section by section.  Every key of
 * every mapping is checked against the section's table of allowed keys
 * (unknown and duplicate keys are errors, with "did you mean" when a key is
 * close to an allowed one); every value is checked for its type, unit and
 * range.  Each error names FILE:LINE:COL (1-based) of the offending node.
 * `sweep:` and the sweep keys of `output:` are read by scenario_sweep.c.
 * File layout and constraints: docs/scenarios.md (sweeps: docs/sweeps.md).
 */
#include "scenario_rules.h"

#include "massim.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "clinic.h"

/* Allowed keys of each section; NULL-terminated. */
static const char *const top_keys[] = {
    "name", "description", "patient", "trigger", "parameters", "initial", "therapies", "time",
    "output", "sweep", "fit", "clinic", NULL };
static const char *const patient_keys[] = {
    "weight_kg", "height_cm", "background", "cytotoxic_function",
    "known_immunosuppression", "molecular_diagnosis", "fasting", "suspected_sjia", NULL };
static const char *const clinic_keys[] = {
    "presentation", "marrow_aspirate", "hlh_workup", "lab_error", "seed", NULL };
static const char *const trigger_keys[] = { "kind", "at", "load", "duration", NULL };
static const char *const time_keys[] = { "start", "end", "output_every", NULL };
static const char *const output_keys[] = { "file", "csv", "trajectories", "every", NULL };
static const char *const trigger_kinds[] = { "none", "infection", "flare", NULL };

static const char *const q_expected[] = {
    [MAS_Q_TIME] = "a time (e.g. '24 h', '3 d', 'day 3')",
    [MAS_Q_MASS_KG] = "a mass (e.g. '25 kg')",
    [MAS_Q_LENGTH_CM] = "a length (e.g. '125 cm')",
    [MAS_Q_DIMENSIONLESS] = "a number",
};

/* struct mas_reader (scenario_rules.h) is the state of one load. */

static int vfail_at(struct mas_reader *r, const yaml_node_t *n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

__attribute__((format(printf, 3, 4)))
static int fail_at(struct mas_reader *r, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(r, n, fmt, ap);
    va_end(ap);
    return rc;
}

static int vfail_at(struct mas_reader *r, const yaml_node_t *n, const char *fmt, va_list ap)
{
    char msg[MAS_ERR_LEN];
    vsnprintf(msg, sizeof msg, fmt, ap);
    unsigned long line = n ? (unsigned long)n->start_mark.line + 1 : 1;
    unsigned long col = n ? (unsigned long)n->start_mark.column + 1 : 1;
    return mas_fail(r->err, MAS_EINPUT, "%s:%lu:%lu: %s", r->path, line, col, msg);
}

/* The closest of `names` to `word` (2 edits for short words, 3 otherwise). */
static const char *suggest(const char *word, const char *const *names)
{
    int best_d = strlen(word) <= 4 ? 3 : 4;
    const char *best = NULL;
    for (int i = 0; names[i]; i++) {
        int dist = mas_edit_distance(word, names[i]);
        if (dist < best_d) {
            best_d = dist;
            best = names[i];
        }
    }
    return best;
}

static void join(const char *const *names, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; names[i] && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ", " : "", names[i]);
}

static int index_of(const char *word, const char *const *names)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(word, names[i]) == 0)
            return i;
    return -1;
}

static yaml_node_t *node(struct mas_reader *r, int index)
{
    return yaml_document_get_node(r->doc, index);
}

static const char *text_of(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static int is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE)
        return n->type == YAML_NO_NODE;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = text_of(n);
    return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null")
        || !strcmp(v, "NULL");
}

/* "a mapping", "a list", "nothing (null)" or the quoted scalar. */
static const char *describe(const yaml_node_t *n, char *buf, size_t size)
{
    if (n->type == YAML_MAPPING_NODE)
        return "a mapping";
    if (n->type == YAML_SEQUENCE_NODE)
        return "a list";
    if (is_null(n))
        return "nothing (null)";
    snprintf(buf, size, "'%.60s'", text_of(n));
    return buf;
}

static int expect_mapping(struct mas_reader *r, const yaml_node_t *n, const char *what)
{
    char buf[80];
    if (n->type == YAML_MAPPING_NODE)
        return MAS_OK;
    return fail_at(r, n, "%s: expected a mapping, found %s", what, describe(n, buf, sizeof buf));
}

/* Keys of one mapping, sorted by text and then by position (duplicates
 * are found in n log n, not n^2: a mapping may have thousands). */
struct key_at {
    const char *text;
    size_t pos;
};

static int by_text_pos(const void *a, const void *b)
{
    const struct key_at *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* The first key (in file order) that repeats an earlier one, or -1; its
 * first occurrence in *first. */
static long first_duplicate(struct mas_reader *r, yaml_node_pair_t *pairs, size_t n,
                            size_t *first, int *oom)
{
    struct key_at *k = malloc((n ? n : 1) * sizeof *k);
    *oom = !k;
    if (!k)
        return -1;
    for (size_t i = 0; i < n; i++)
        k[i] = (struct key_at){text_of(node(r, pairs[i].key)), i};
    mas_sort(k, n, sizeof *k, by_text_pos);
    long best = -1;
    for (size_t i = 1; i < n; i++)
        if (strcmp(k[i].text, k[i - 1].text) == 0 && (best < 0 || k[i].pos < (size_t)best)) {
            size_t j = i - 1;
            while (j > 0 && strcmp(k[j - 1].text, k[i].text) == 0)
                j--;
            best = (long)k[i].pos;
            *first = k[j].pos;
        }
    free(k);
    return best;
}

/* Check every key of mapping `map`: a name, not repeated, and in `allowed`
 * (when allowed is NULL any name passes: the caller checks it). */
static int check_keys(struct mas_reader *r, yaml_node_t *map, const char *where,
                      const char *const *allowed)
{
    char buf[80], list[256];
    yaml_node_pair_t *first = map->data.mapping.pairs.start;
    size_t n = (size_t)(map->data.mapping.pairs.top - first), dup_first = 0;
    for (yaml_node_pair_t *p = first; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key);
        if (k->type != YAML_SCALAR_NODE || is_null(k))
            return fail_at(r, k, "expected a key name %s, found %s", where,
                           describe(k, buf, sizeof buf));
    }
    int oom;
    long dup = first_duplicate(r, first, n, &dup_first, &oom);
    if (oom)
        return mas_fail(r->err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *k = node(r, first[i].key);
        if (dup >= 0 && i == (size_t)dup) {
            yaml_node_t *prev = node(r, first[dup_first].key);
            return fail_at(r, k, "duplicate key '%s' %s (first given at line %lu)",
                           text_of(k), where, (unsigned long)prev->start_mark.line + 1);
        }
        if (!allowed || index_of(text_of(k), allowed) >= 0)
            continue;
        const char *near = suggest(text_of(k), allowed);
        join(allowed, list, sizeof list);
        if (near)
            return fail_at(r, k, "unknown key '%s' %s; did you mean '%s'? (allowed: %s)",
                           text_of(k), where, near, list);
        return fail_at(r, k, "unknown key '%s' %s (allowed: %s)", text_of(k), where, list);
    }
    return MAS_OK;
}

/* The pair of `map` with key `key`, or NULL. */
static yaml_node_pair_t *find_pair(struct mas_reader *r, yaml_node_t *map, const char *key)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
        if (strcmp(text_of(node(r, p->key)), key) == 0)
            return p;
    return NULL;
}

static yaml_node_t *lookup(struct mas_reader *r, yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *p = find_pair(r, map, key);
    return p ? node(r, p->value) : NULL;
}

static int require(struct mas_reader *r, yaml_node_t *map, const char *section, const char *key)
{
    if (lookup(r, map, key))
        return MAS_OK;
    return fail_at(r, map, "%s: missing required key '%s'", section, key);
}

static int read_string(struct mas_reader *r, const yaml_node_t *n, const char *what, char **out)
{
    char buf[80];
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return fail_at(r, n, "%s: expected a string, found %s", what, describe(n, buf, sizeof buf));
    if (!*text_of(n))
        return fail_at(r, n, "%s: expected a string, found an empty one", what);
    free(*out);
    *out = strdup(text_of(n));
    return *out ? MAS_OK : mas_fail(r->err, MAS_EIO, "out of memory");
}

/* Read section.key (if present) as the quantity f describes into *out. */
static int read_field(struct mas_reader *r, yaml_node_t *map, const char *section,
                      const struct mas_field *f, double *out, yaml_node_t **at)
{
    char buf[80], uerr[MAS_ERR_LEN], msg[128];
    yaml_node_t *n = lookup(r, map, f->key);
    double v;
    if (at)
        *at = n;
    if (!n)
        return MAS_OK;
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return fail_at(r, n, "%s.%s: expected %s, found %s", section, f->key,
                       q_expected[f->q], describe(n, buf, sizeof buf));
    if (mas_units_parse(text_of(n), f->q, f->unit, &v, uerr) != MAS_OK)
        return fail_at(r, n, "%s.%s: %s", section, f->key, uerr);
    if (mas_field_out_of_range(f, v, msg, sizeof msg))
        return fail_at(r, n, "%s.%s %s", section, f->key, msg);
    *out = v;
    return MAS_OK;
}

static int read_choice(struct mas_reader *r, const yaml_node_t *n, const char *what,
                       const char *const *choices, int *index)
{
    char buf[80], list[128];
    join(choices, list, sizeof list);
    if (n->type != YAML_SCALAR_NODE || is_null(n))
        return fail_at(r, n, "%s: expected one of %s, found %s", what, list,
                       describe(n, buf, sizeof buf));
    *index = index_of(text_of(n), choices);
    if (*index >= 0)
        return MAS_OK;
    const char *near = suggest(text_of(n), choices);
    if (near)
        return fail_at(r, n, "%s: unknown value '%s'; did you mean '%s'? (expected one of %s)",
                       what, text_of(n), near, list);
    return fail_at(r, n, "%s: unknown value '%s' (expected one of %s)", what, text_of(n), list);
}

/* SECTION.NAME: true or false into *flag (left as it is when absent). */
static int read_flag(struct mas_reader *r, yaml_node_t *map, const char *section,
                     const char *name, int *flag)
{
    static const char *const no[] = { "false", "False", "FALSE", NULL };
    static const char *const yes[] = { "true", "True", "TRUE", NULL };
    yaml_node_t *n = lookup(r, map, name);
    if (!n)
        return MAS_OK;
    int plain = n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (plain && index_of(text_of(n), yes) >= 0)
        *flag = 1;
    else if (plain && index_of(text_of(n), no) >= 0)
        *flag = 0;
    else
        return fail_at(r, n, "%s.%s: expected true or false", section, name);
    return MAS_OK;
}

static int read_patient(struct mas_reader *r, yaml_node_t *map)
{
    int rc, bg;
    const char *backgrounds[MAS_BG_N + 1];      /* the names of models/backgrounds.c */
    for (int b = 0; b < MAS_BG_N; b++)
        backgrounds[b] = mas_backgrounds[b].name;
    backgrounds[MAS_BG_N] = NULL;
    if ((rc = expect_mapping(r, map, "patient")) || (rc = check_keys(r, map, "in patient", patient_keys))
        || (rc = require(r, map, "patient", "weight_kg"))
        || (rc = require(r, map, "patient", "height_cm"))
        || (rc = require(r, map, "patient", "background")))
        return rc;
    if ((rc = read_field(r, map, "patient", &mas_f_weight, &r->s->patient.weight_kg, NULL))
        || (rc = read_field(r, map, "patient", &mas_f_height, &r->s->patient.height_cm, NULL))
        || (rc = read_field(r, map, "patient", &mas_f_cytotoxic,
                            &r->s->patient.cytotoxic_function, NULL))
        || (rc = read_choice(r, lookup(r, map, "background"), "patient.background",
                             backgrounds, &bg))
        || (rc = read_flag(r, map, "patient", "known_immunosuppression", &r->s->patient.known_immunosuppression))
        || (rc = read_flag(r, map, "patient", "molecular_diagnosis", &r->s->patient.molecular_diagnosis))
        || (rc = read_flag(r, map, "patient", "fasting", &r->s->patient.fasting))
        || (rc = read_flag(r, map, "patient", "suspected_sjia", &r->s->patient.suspected_sjia)))
        return rc;
    r->s->patient.bg = (enum mas_background)bg;
    snprintf(r->s->patient.background, sizeof r->s->patient.background, "%s", backgrounds[bg]);
    return MAS_OK;
}

/* One trigger mapping into t; its `at` node into *at. */
static int read_one_trigger(struct mas_reader *r, yaml_node_t *map, struct mas_trigger *t,
                            yaml_node_t **at)
{
    int rc, kind;
    yaml_node_pair_t *dur;
    if ((rc = expect_mapping(r, map, "trigger")) || (rc = check_keys(r, map, "in trigger", trigger_keys))
        || (rc = require(r, map, "trigger", "kind"))
        || (rc = read_choice(r, lookup(r, map, "kind"), "trigger.kind", trigger_kinds, &kind))
        || (rc = read_field(r, map, "trigger", &mas_f_at, &t->at_day, at))
        || (rc = read_field(r, map, "trigger", &mas_f_load, &t->load, NULL))
        || (rc = read_field(r, map, "trigger", &mas_f_duration, &t->duration_day, NULL)))
        return rc;
    t->kind = (enum mas_trigger_kind)kind;
    if (kind != MAS_TRIGGER_NONE && !lookup(r, map, "load"))
        return fail_at(r, map, "trigger: missing required key 'load' (a %s needs a load > 0)",
                       trigger_kinds[kind]);
    if (kind != MAS_TRIGGER_NONE && t->load <= 0)
        return fail_at(r, lookup(r, map, "load"), "trigger.load must be > 0 for kind %s, found %g",
                       trigger_kinds[kind], t->load);
    dur = find_pair(r, map, "duration");
    if (kind != MAS_TRIGGER_FLARE && dur)
        return fail_at(r, node(r, dur->key), "trigger.duration is only allowed for kind "
                       "flare, not %s", trigger_kinds[kind]);
    if (kind == MAS_TRIGGER_FLARE && !dur)
        return fail_at(r, map, "trigger: kind flare needs a 'duration' (e.g. '10 d')");
    return MAS_OK;
}

/* trigger: one mapping, or a list of them (an infection during a flare):
 * the first is the scenario's trigger (--set trigger.*), the others follow;
 * at most MAS_MAX_TRIGGERS, none of kind none in a list, flares apart. */
static int read_trigger(struct mas_reader *r, yaml_node_t *n)
{
    r->trigger = n;
    if (n->type != YAML_SEQUENCE_NODE)
        return read_one_trigger(r, n, &r->s->trigger, &r->at);
    int count = (int)(n->data.sequence.items.top - n->data.sequence.items.start);
    if (count == 0)
        return fail_at(r, n, "trigger: an empty list (leave trigger out for none)");
    if (count > MAS_MAX_TRIGGERS)
        return fail_at(r, n, "trigger: %d triggers, at most %d", count, MAS_MAX_TRIGGERS);
    for (int k = 0; k < count; k++) {
        yaml_node_t *item = node(r, n->data.sequence.items.start[k]);
        struct mas_trigger *t = k ? &r->s->more_triggers[k - 1] : &r->s->trigger;
        int rc = read_one_trigger(r, item, t, k ? &r->more_at[k - 1] : &r->at);
        if (rc)
            return rc;
        if (t->kind == MAS_TRIGGER_NONE)
            return fail_at(r, item, "trigger: kind none in a list of triggers (leave it out)");
        r->s->n_more_triggers = k;
        for (int j = 0; j < k && t->kind == MAS_TRIGGER_FLARE; j++) {
            const struct mas_trigger *u = j ? &r->s->more_triggers[j - 1] : &r->s->trigger;
            if (u->kind == MAS_TRIGGER_FLARE && t->at_day < u->at_day + u->duration_day
                && u->at_day < t->at_day + t->duration_day)
                return fail_at(r, item, "trigger: this flare (day %g to %g) overlaps flare %d (day %g "
                               "to %g); one flare drive at a time", t->at_day,
                               t->at_day + t->duration_day, j + 1, u->at_day,
                               u->at_day + u->duration_day);
        }
    }
    return MAS_OK;
}

static int unknown_param(const struct mas_model *m, const char *name, char *msg)
{
    const char *near = mas_model_suggest_param(m, name);
    if (near)
        return mas_fail(msg, MAS_EINPUT, "unknown parameter '%s'; did you mean '%s'?", name, near);
    return mas_fail(msg, MAS_EINPUT, "unknown parameter '%s' (`massim params` lists them)", name);
}

/* initial: {STATE: VALUE}: a number in the state's unit, bare or with
 * that unit written after it; finite and >= 0. */
static int read_initial(struct mas_reader *r, yaml_node_t *map)
{
    char buf[80];
    int rc;
    if ((rc = expect_mapping(r, map, "initial")) || (rc = check_keys(r, map, "in initial", NULL)))
        return rc;
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    r->s->initial = calloc(n ? n : 1, sizeof *r->s->initial);
    if (!r->s->initial)
        return mas_fail(r->err, MAS_EIO, "out of memory");
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        const char *name = text_of(k);
        int i = mas_model_find_state(r->m, name);
        if (i < 0) {
            const char *near = mas_model_suggest_state(r->m, name);
            if (near)
                return fail_at(r, k, "initial: unknown state '%s'; did you mean '%s'?", name, near);
            return fail_at(r, k, "initial: unknown state '%s' (`massim states` lists them)", name);
        }
        const char *unit = mas_model_state(r->m, i)->unit;
        if (v->type != YAML_SCALAR_NODE || is_null(v))
            return fail_at(r, v, "initial %s: expected a number in %s, found %s", name, unit,
                           describe(v, buf, sizeof buf));
        const char *t = text_of(v);
        char *end;
        double x = strtod(t, &end);
        while (*end == ' ')
            end++;
        if (end == t || (*end && strcmp(end, unit) != 0))
            return fail_at(r, v, "initial %s: expected a number in %s (the state's unit), found '%s'",
                           name, unit, t);
        if (!isfinite(x) || x < 0)
            return fail_at(r, v, "initial %s: a value >= 0 in %s, found '%s'", name, unit, t);
        r->s->initial[r->s->n_initial++] = (struct mas_initial){i, x};
    }
    return MAS_OK;
}

static int read_parameters(struct mas_reader *r, yaml_node_t *map)
{
    char buf[80], msg[MAS_ERR_LEN];
    int rc;
    if ((rc = expect_mapping(r, map, "parameters")) || (rc = check_keys(r, map, "in parameters", NULL)))
        return rc;
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    r->s->overrides = calloc(n ? n : 1, sizeof *r->s->overrides);
    if (!r->s->overrides)
        return mas_fail(r->err, MAS_EIO, "out of memory");
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        int i = mas_model_find_param(r->m, text_of(k));
        if (i < 0) {
            unknown_param(r->m, text_of(k), msg);
            return fail_at(r, k, "%s", msg);
        }
        struct mas_override *o = &r->s->overrides[r->s->n_overrides];
        const struct mas_param_def *d = mas_model_param(r->m, i);
        if (v->type != YAML_SCALAR_NODE || is_null(v))
            return fail_at(r, v, "parameter '%s': expected a number (in %s), found %s",
                           text_of(k), d->unit, describe(v, buf, sizeof buf));
        if (mas_scenario_param_value(d, text_of(v), &o->value, msg))
            return fail_at(r, v, "%s", msg);
        o->param = i;
        o->line = (int)v->start_mark.line + 1;
        o->col = (int)v->start_mark.column + 1;
        r->s->n_overrides++;
    }
    return MAS_OK;
}

/* A time after presentation, or `none` (NAN: not done). */
static int read_day_or_none(struct mas_reader *r, yaml_node_t *map, const struct mas_field *f,
                            double *out)
{
    yaml_node_t *n = lookup(r, map, f->key);
    char uerr[MAS_ERR_LEN];
    double v;
    if (n && n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
        && !strcmp(text_of(n), "none")) {
        *out = NAN;
        return MAS_OK;
    }
    if (n && n->type == YAML_SCALAR_NODE && !is_null(n)
        && mas_units_parse(text_of(n), f->q, f->unit, &v, uerr) != MAS_OK)
        return fail_at(r, n, "clinic.%s: expected a time after presentation (e.g. '2 d') or none: %s",
                       f->key, uerr);
    return read_field(r, map, "clinic", f, out, NULL);
}

static int read_clinic(struct mas_reader *r, yaml_node_t *map)
{
    int rc;
    if ((rc = expect_mapping(r, map, "clinic")) || (rc = check_keys(r, map, "in clinic", clinic_keys))
        || (rc = read_field(r, map, "clinic", &mas_f_presentation,
                            &r->s->clinic.presentation_day, NULL))
        || (rc = read_day_or_none(r, map, &mas_f_aspirate, &r->s->clinic.aspirate_day))
        || (rc = read_day_or_none(r, map, &mas_f_workup, &r->s->clinic.workup_day))
        || (rc = read_flag(r, map, "clinic", "lab_error", &r->s->clinic.lab_error))
        || (rc = read_field(r, map, "clinic", &mas_f_seed, &r->s->clinic.seed, NULL)))
        return rc;
    return MAS_OK;
}

static int read_time(struct mas_reader *r, yaml_node_t *map)
{
    int rc;
    if ((rc = expect_mapping(r, map, "time")) || (rc = check_keys(r, map, "in time", time_keys))
        || (rc = require(r, map, "time", "end"))
        || (rc = read_field(r, map, "time", &mas_f_start, &r->s->t_start_day, NULL))
        || (rc = read_field(r, map, "time", &mas_f_end, &r->s->t_end_day, &r->end))
        || (rc = read_field(r, map, "time", &mas_f_every, &r->s->output_every_day, &r->every)))
        return rc;
    return MAS_OK;
}

/* A scenario's own output name: a relative path that stays below the
 * scenario's directory (no leading '/', no '..' component, no '~' at the
 * start, printable), at most 255 bytes.  A scenario received from someone
 * else can then write nothing outside where it lies (docs/scenarios.md). */
static int read_output_name(struct mas_reader *r, const yaml_node_t *n, const char *what,
                            char **out)
{
    int rc = read_string(r, n, what, out);
    if (rc != MAS_OK)
        return rc;
    const char *p = *out;
    const char *why = strlen(p) > 255 ? "is longer than 255 bytes"
                    : p[0] == '/' ? "is an absolute path"
                    : p[0] == '~' ? "names a home directory"
                    : NULL;
    for (const char *c = p; !why && *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            why = "has a control character";
    for (const char *c = p; !why && *c; c = strchr(c, '/') ? strchr(c, '/') + 1 : c + strlen(c))
        if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || c[2] == '\0'))
            why = "has a '..' component";
    if (why)
        return fail_at(r, n, "%s: '%.60s' %s; a scenario may only name a file below its own "
                       "directory (give -o or --csv on the command line to write elsewhere)",
                       what, p, why);
    return MAS_OK;
}

static int read_output(struct mas_reader *r, yaml_node_t *map)
{
    int rc;
    yaml_node_t *file, *csv;
    if ((rc = expect_mapping(r, map, "output")) || (rc = check_keys(r, map, "in output", output_keys))
        || (rc = mas_rd_output_sweep(r, map)))
        return rc;
    if ((file = lookup(r, map, "file"))
        && (rc = read_output_name(r, file, "output.file", &r->s->output_file)))
        return rc;
    static const char *const no[] = { "false", "False", "FALSE", NULL };
    static const char *const yes[] = { "true", "True", "TRUE", NULL };
    csv = lookup(r, map, "csv");
    int plain = csv && csv->type == YAML_SCALAR_NODE
        && csv->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (!csv || (plain && index_of(text_of(csv), no) >= 0))
        return MAS_OK;
    if (plain && index_of(text_of(csv), yes) >= 0)
        return fail_at(r, csv, "output.csv: expected a file name or false, found '%s'",
                       text_of(csv));
    return read_output_name(r, csv, "output.csv", &r->s->csv_file);
}

static int read_sections(struct mas_reader *r, yaml_node_t *root)
{
    char buf[80], msg[256];
    int rc;
    yaml_node_t *n;
    if (root->type != YAML_MAPPING_NODE)
        return fail_at(r, root, "expected a mapping at the top level (name:, patient:, "
                       "time: ...), found %s", describe(root, buf, sizeof buf));
    if ((rc = check_keys(r, root, "at the top level", top_keys))
        || (rc = require(r, root, "scenario", "name"))
        || (rc = require(r, root, "scenario", "patient"))
        || (rc = require(r, root, "scenario", "time"))
        || (rc = read_string(r, lookup(r, root, "name"), "name", &r->s->name))
        || ((n = lookup(r, root, "description")) && (rc = read_string(r, n, "description",
                                                                    &r->s->description)))
        || (rc = read_patient(r, lookup(r, root, "patient")))
        || ((n = lookup(r, root, "trigger")) && (rc = read_trigger(r, n)))
        || ((n = lookup(r, root, "parameters")) && (rc = read_parameters(r, n)))
        || ((n = lookup(r, root, "initial")) && (rc = read_initial(r, n)))
        || (rc = read_time(r, lookup(r, root, "time")))
        || ((n = lookup(r, root, "therapies")) && (rc = mas_rd_therapies(r, n)))
        || ((n = lookup(r, root, "output")) && (rc = read_output(r, n)))
        || ((n = lookup(r, root, "clinic")) && (rc = read_clinic(r, n))))
        return rc;
    switch (mas_scenario_cross_check(r->s, msg, sizeof msg)) {
    case MAS_BLAME_END: return fail_at(r, r->end, "%s", msg);
    case MAS_BLAME_EVERY: return fail_at(r, r->every ? r->every : r->end, "%s", msg);
    case MAS_BLAME_AT: return fail_at(r, r->at ? r->at : r->trigger, "%s", msg);
    case MAS_BLAME_NONE: break;
    }
    for (int k = 0; k < r->s->n_more_triggers; k++) {
        const struct mas_trigger *t = &r->s->more_triggers[k];
        if (t->at_day < r->s->t_start_day || t->at_day > r->s->t_end_day)
            return fail_at(r, r->more_at[k] ? r->more_at[k] : r->trigger,
                           "trigger %d: at (day %g) is outside the simulated time (day %g to day %g)",
                           k + 2, t->at_day, r->s->t_start_day, r->s->t_end_day);
    }
    if ((n = lookup(r, root, "sweep")) && (rc = mas_rd_sweep(r, n)))
        return rc;
    return (n = lookup(r, root, "fit")) ? mas_rd_fit(r, n) : MAS_OK;
}

/* 0-based line and column of byte `offset` of text (for reader errors). */
static void locate(const char *text, size_t offset, size_t *line, size_t *col)
{
    *line = *col = 0;
    for (size_t i = 0; i < offset && text[i]; i++, (*col)++)
        if (text[i] == '\n')
            (*line)++, *col = (size_t)-1;
}

static char char_at(const char *text, size_t line, size_t col)
{
    for (; line > 0 && *text; text++)
        if (*text == '\n')
            line--;
    return strlen(text) > col ? text[col] : '\0';
}

static int syntax_error(struct mas_reader *r, const yaml_parser_t *p)
{
    size_t line = p->problem_mark.line, col = p->problem_mark.column;
    if (p->error == YAML_READER_ERROR)
        locate(r->s->text, p->problem_offset, &line, &col);
    const char *hint = char_at(r->s->text, line, col) == '\t'
        ? " (tabs cannot indent YAML: use spaces)" : mas_rd_flow_path_hint(r->s->text, line);
    return mas_fail(r->err, MAS_EINPUT, "%s:%zu:%zu: YAML syntax error: %s%s%s%s", r->path,
                    line + 1, col + 1, p->problem ? p->problem : "cannot parse",
                    p->context ? " " : "", p->context ? p->context : "", hint);
}

/* A scenario is UTF-8 (a UTF-8 byte-order mark is allowed).  libyaml would
 * decode a UTF-16 file with a byte-order mark, so such a mark is refused
 * here; without a mark libyaml reads UTF-8 only, and other encodings fail
 * in the parser (control characters, invalid UTF-8) with a location.
 * (yaml_parser_set_encoding(UTF-8) is not used: it makes libyaml keep a
 * UTF-8 byte-order mark as text.) */
static int check_encoding(struct mas_reader *r, size_t len)
{
    static const struct { const char *bom; size_t n; const char *name; } boms[] = {
        { "\x00\x00\xFE\xFF", 4, "UTF-32" }, { "\xFF\xFE\x00\x00", 4, "UTF-32" },
        { "\xFE\xFF", 2, "UTF-16" }, { "\xFF\xFE", 2, "UTF-16" },
    };
    for (size_t i = 0; i < sizeof boms / sizeof boms[0]; i++)
        if (len >= boms[i].n && memcmp(r->s->text, boms[i].bom, boms[i].n) == 0)
            return mas_fail(r->err, MAS_EINPUT, "%s:1:1: the file is %s (it starts with a "
                            "byte-order mark); scenarios must be UTF-8", r->path,
                            boms[i].name);
    return MAS_OK;
}

/* Before building the document: the file's structure within bounds
 * (libyaml's own cost grows faster than the input with deep flow nesting,
 * and the reader walks what it builds).  One pass over libyaml's events,
 * stopped at the first excess: nesting at most MAS_MAX_YAML_DEPTH, at most
 * MAS_MAX_YAML_NODES nodes, and no anchors or aliases (a scenario has no
 * use for them, and an alias makes one node appear in many places). */
static int check_structure(struct mas_reader *r, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    int rc = MAS_OK, depth = 0;
    size_t nodes = 0;
    if (!yaml_parser_initialize(&parser))
        return mas_fail(r->err, MAS_EIO, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)r->s->text, len);
    for (int done = 0; rc == MAS_OK && !done;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            rc = syntax_error(r, &parser);
            break;
        }
        size_t line = ev.start_mark.line + 1, col = ev.start_mark.column + 1;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = 1;
            break;
        case YAML_ALIAS_EVENT:
            rc = mas_fail(r->err, MAS_EINPUT, "%s:%zu:%zu: YAML aliases (*name) are not "
                          "supported in scenarios: write the value out", r->path, line, col);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (++depth > MAS_MAX_YAML_DEPTH)
                rc = mas_fail(r->err, MAS_EINPUT, "%s:%zu:%zu: nested more than %d levels "
                              "deep; a scenario needs a few", r->path, line, col,
                              MAS_MAX_YAML_DEPTH);
            /* fall through */
        case YAML_SCALAR_EVENT: {
            const yaml_char_t *anchor = ev.type == YAML_SCALAR_EVENT ? ev.data.scalar.anchor
                                      : ev.type == YAML_SEQUENCE_START_EVENT
                                      ? ev.data.sequence_start.anchor
                                      : ev.data.mapping_start.anchor;
            if (rc == MAS_OK && anchor)
                rc = mas_fail(r->err, MAS_EINPUT, "%s:%zu:%zu: YAML anchors (&%.40s) are not "
                              "supported in scenarios", r->path, line, col, anchor);
            if (rc == MAS_OK && ++nodes > MAS_MAX_YAML_NODES)
                rc = mas_fail(r->err, MAS_EINPUT, "%s:%zu:%zu: more than %d values; a "
                              "scenario needs far fewer", r->path, line, col,
                              MAS_MAX_YAML_NODES);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            depth--;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return rc;
}

/* Parse s->text into r->doc (one document only) and validate it. */
static int parse(struct mas_reader *r, size_t len)
{
    yaml_parser_t parser;
    yaml_document_t extra;
    int rc = MAS_OK;
    if ((rc = check_encoding(r, len)) != MAS_OK || (rc = check_structure(r, len)) != MAS_OK)
        return rc;
    if (!yaml_parser_initialize(&parser))
        return mas_fail(r->err, MAS_EIO, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)r->s->text, len);
    if (!yaml_parser_load(&parser, r->doc)) {
        rc = syntax_error(r, &parser);
        yaml_parser_delete(&parser);
        return rc;
    }
    yaml_node_t *root = yaml_document_get_root_node(r->doc);
    if (!root) {
        rc = mas_fail(r->err, MAS_EINPUT, "%s:1:1: the scenario is empty: expected a mapping "
                      "with name, patient and time", r->path);
    } else if (!yaml_parser_load(&parser, &extra)) {
        rc = syntax_error(r, &parser);
    } else {
        yaml_node_t *second = yaml_document_get_root_node(&extra);
        if (second)
            rc = fail_at(r, second, "a scenario file holds one YAML document; found another");
        yaml_document_delete(&extra);
    }
    yaml_parser_delete(&parser);
    return rc ? rc : read_sections(r, root);
}

/* The whole file into *text (NUL-terminated).  A missing, unreadable or
 * directory path is bad input: the user named the wrong thing. */
static int read_file(const char *path, char **text, size_t *len, char *err)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return mas_fail(err, MAS_EINPUT, "%s: cannot read: %s", path, strerror(EISDIR));
    FILE *f = fopen(path, "rb");
    size_t cap = 4096, n = 0, got;
    char *buf = NULL;
    if (!f)
        return mas_fail(err, MAS_EINPUT, "%s: cannot read: %s", path, strerror(errno));
    do {
        if (n > MAS_MAX_SCENARIO_BYTES) {
            free(buf);
            fclose(f);
            return mas_fail(err, MAS_EINPUT, "%s: larger than %d KiB; a scenario is a few "
                            "KiB of text", path, MAS_MAX_SCENARIO_BYTES / 1024);
        }
        if (!buf || n + 1 >= cap) {
            char *bigger = realloc(buf, buf ? cap *= 2 : cap);
            if (!bigger) {
                free(buf);
                fclose(f);
                return mas_fail(err, MAS_EIO, "%s: cannot read: out of memory", path);
            }
            buf = bigger;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    if (ferror(f)) {
        int e = errno;
        free(buf);
        fclose(f);
        return mas_fail(err, MAS_EINPUT, "%s: cannot read: %s", path, strerror(e));
    }
    fclose(f);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return MAS_OK;
}

/* Parse s->text (len bytes) as the scenario s->path. */
static int load(const struct mas_model *m, struct mas_scenario *s, size_t len, char *err)
{
    yaml_document_t doc;
    struct mas_reader r = { .path = s->path, .doc = &doc, .m = m, .s = s, .err = err };
    memset(&doc, 0, sizeof doc);
    int rc = parse(&r, len);
    yaml_document_delete(&doc);
    return rc;
}

void mas_scenario_defaults(struct mas_scenario *s)
{
    s->patient.known_immunosuppression = s->patient.molecular_diagnosis = s->patient.fasting = -1;
    s->patient.suspected_sjia = -1;
    s->clinic.presentation_day = MAS_CLINIC_PRESENTATION_D;
    s->clinic.aspirate_day = s->clinic.workup_day = 0.0;
    s->clinic.lab_error = 0;
    s->clinic.seed = 1.0;
}

static int start(const char *path, struct mas_scenario *s, char *err)
{
    memset(s, 0, sizeof *s);
    s->patient.cytotoxic_function = NAN;
    mas_scenario_defaults(s);
    s->output_every_day = 1.0 / 24.0;
    return (s->path = strdup(path)) ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
}

int mas_scenario_load(const char *path, const struct mas_model *m, struct mas_scenario *s,
                      char *err)
{
    size_t len = 0;
    int rc = start(path, s, err);
    if (rc == MAS_OK)
        rc = read_file(path, &s->text, &len, err);
    return rc == MAS_OK ? load(m, s, len, err) : rc;
}

int mas_scenario_load_text(const char *path, const char *text, const struct mas_model *m,
                           struct mas_scenario *s, char *err)
{
    int rc = start(path, s, err);
    size_t len = strnlen(text, MAS_MAX_SCENARIO_BYTES + 1);
    if (rc == MAS_OK && len > MAS_MAX_SCENARIO_BYTES)
        rc = mas_fail(err, MAS_EINPUT, "%s: larger than %d KiB; a scenario is a few KiB of "
                      "text", path, MAS_MAX_SCENARIO_BYTES / 1024);
    if (rc == MAS_OK && !(s->text = strdup(text)))
        rc = mas_fail(err, MAS_EIO, "out of memory");
    return rc == MAS_OK ? load(m, s, len, err) : rc;
}

void mas_scenario_free(struct mas_scenario *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->text);
    free(s->name);
    free(s->description);
    free(s->overrides);
    free(s->initial);
    free(s->regimens);
    free(s->scratch_regimens);
    free(s->scratch_doses);
    free(s->output_file);
    free(s->csv_file);
    for (int i = 0; i < s->n_trajectories; i++)
        free(s->trajectories[i]);
    free(s->trajectories);
    if (s->sweep)
        mas_design_free(s->sweep);
    free(s->sweep);
    free(s->fit);
    memset(s, 0, sizeof *s);
    s->patient.cytotoxic_function = NAN;
    mas_scenario_defaults(s);
}

/* ---- the helpers scenario_therapy.c shares (scenario_rules.h) ---------- */

int mas_rd_fail(struct mas_reader *r, const yaml_node_t *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(r, n, fmt, ap);
    va_end(ap);
    return rc;
}

int mas_rd_check_keys(struct mas_reader *r, yaml_node_t *map, const char *where,
                      const char *const *allowed)
{
    return check_keys(r, map, where, allowed);
}

yaml_node_t *mas_rd_node(struct mas_reader *r, int index) { return node(r, index); }
yaml_node_t *mas_rd_lookup(struct mas_reader *r, yaml_node_t *map, const char *key)
{
    return lookup(r, map, key);
}

yaml_node_t *mas_rd_key(struct mas_reader *r, yaml_node_t *map, const char *key)
{
    yaml_node_pair_t *p = find_pair(r, map, key);
    return p ? node(r, p->key) : NULL;
}

int mas_rd_is_null(const yaml_node_t *n) { return is_null(n); }
const char *mas_rd_describe(const yaml_node_t *n, char *buf, size_t size)
{
    return describe(n, buf, size);
}

const char *mas_rd_suggest(const char *word, const char *const *names)
{
    return suggest(word, names);
}
