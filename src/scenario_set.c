/*
 * scenario_set.c — the value rules of a scenario, shared by the YAML reader
 * (scenario.c) and the command line: the numeric fields with their units
 * and ranges, parameter values (range from the model's table), the
 * constraints between sections; the settable paths (a parameter, patient.*,
 * trigger.*, time.end, therapies[K].start|dose, therapies[K].phases[J].
 * start|dose, solver.*) that --set NAME=VALUE and sweep axes name, as one
 * table with their units and valid values, printed for --help and the docs;
 * and mas_scenario_set().
 * Layout and constraints: docs/scenarios.md; paths in sweeps: docs/sweeps.md.
 */
#include "scenario_rules.h"

#include "massim.h"

#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mas_field mas_f_weight = { "weight_kg", MAS_Q_MASS_KG, "kg", MAS_BODY_WEIGHT_MIN,
                                        MAS_BODY_WEIGHT_MAX, 0 };
const struct mas_field mas_f_height = { "height_cm", MAS_Q_LENGTH_CM, "cm", MAS_BODY_HEIGHT_MIN,
                                        MAS_BODY_HEIGHT_MAX, 0 };
const struct mas_field mas_f_cytotoxic = { "cytotoxic_function", MAS_Q_DIMENSIONLESS, NULL, 0, 1, 0 };
const struct mas_field mas_f_at = { "at", MAS_Q_TIME, "d", -INFINITY, INFINITY, 0 };
const struct mas_field mas_f_load = { "load", MAS_Q_DIMENSIONLESS, NULL, 0, INFINITY, 0 };
const struct mas_field mas_f_duration = { "duration", MAS_Q_TIME, "d", 0, INFINITY, 1 };
const struct mas_field mas_f_start = { "start", MAS_Q_TIME, "d", 0, INFINITY, 0 };
const struct mas_field mas_f_end = { "end", MAS_Q_TIME, "d", -INFINITY, INFINITY, 0 };
const struct mas_field mas_f_every = { "output_every", MAS_Q_TIME, "d", 0, INFINITY, 1 };
const struct mas_field mas_f_presentation = { "presentation", MAS_Q_TIME, "d", 0, INFINITY, 0 };
const struct mas_field mas_f_aspirate = { "marrow_aspirate", MAS_Q_TIME, "d", 0, INFINITY, 0 };
const struct mas_field mas_f_workup = { "hlh_workup", MAS_Q_TIME, "d", 0, INFINITY, 0 };
const struct mas_field mas_f_seed = { "seed", MAS_Q_DIMENSIONLESS, NULL, 0, 9.0e15, 0 };

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

/* ---- settable paths: --set NAME=VALUE and sweep axes ------------------------ */

/* Every form of path --set NAME=VALUE and sweep axes accept, in the order
 * of the help text and docs: a parameter, the scenario fields (the FIELD
 * rows are the ones mas_path_resolve() looks up, by index), the therapies
 * (resolve_therapy) and the solver settings (read by run.c's
 * set_solver_option; tests/test_cli.c runs every example below). */
enum form { FORM_PARAM, FORM_FIELD, FORM_THERAPY, FORM_SOLVER };

static const struct settable {
    enum form form;
    struct mas_settable_path doc;   /* path, unit, what, example */
    const struct mas_field *f;      /* FORM_FIELD: the field's rule */
    size_t offset;                  /* FORM_FIELD: of the double in struct mas_scenario */
} settables[] = {
    { FORM_PARAM, { "PARAMETER", "its unit", "any model parameter (massim params)",
      "ifng_half_life_h=1.5",
      "a plain number in the parameter's range: > 0, >= 0 or 0 to 1 (massim params); "
      "replaces an override of the same parameter from the file" }, NULL, 0 },
    { FORM_FIELD, { "patient.cytotoxic_function", "1", "cytotoxic (NK/CD8) function, 0 to 1",
      "patient.cytotoxic_function=0.5",
      "0 to 1, or a percentage" },
      &mas_f_cytotoxic, offsetof(struct mas_scenario, patient.cytotoxic_function) },
    { FORM_FIELD, { "patient.weight_kg", "kg", "body weight", "patient.weight_kg=30",
      "a mass > 0" },
      &mas_f_weight, offsetof(struct mas_scenario, patient.weight_kg) },
    { FORM_FIELD, { "patient.height_cm", "cm", "body height", "patient.height_cm=130",
      "a length > 0" },
      &mas_f_height, offsetof(struct mas_scenario, patient.height_cm) },
    { FORM_FIELD, { "trigger.load", "1", "pathogen load (infection) or drive (flare), > 0",
      "trigger.load=0.5",
      "> 0 (the scenario must have a trigger)" }, &mas_f_load, offsetof(struct mas_scenario, trigger.load) },
    { FORM_FIELD, { "trigger.at", "day", "when the trigger comes, within the simulated time",
      "trigger.at=2",
      "a time within time.start .. time.end (the scenario must have a trigger)" }, &mas_f_at, offsetof(struct mas_scenario, trigger.at_day) },
    { FORM_FIELD, { "trigger.duration", "day", "how long a flare lasts (kind flare only)",
      "trigger.duration=10",
      "a time > 0; a trigger of kind flare only" }, &mas_f_duration, offsetof(struct mas_scenario, trigger.duration_day) },
    { FORM_FIELD, { "time.end", "day", "the end of the simulated time", "time.end=30",
      "a time after time.start + output_every, at most " MAS_MAX_OUTPUT_TIMES_TEXT " output times" },
      &mas_f_end, offsetof(struct mas_scenario, t_end_day) },
    { FORM_FIELD, { "clinic.presentation", "day", "when the patient presents, days after the first trigger",
      "clinic.presentation=10", "a time >= 0" }, &mas_f_presentation,
      offsetof(struct mas_scenario, clinic.presentation_day) },
    { FORM_FIELD, { "clinic.marrow_aspirate", "day", "when the marrow aspirate is done, days after presentation",
      "clinic.marrow_aspirate=2", "a time >= 0 (`none` in the file: not done)" }, &mas_f_aspirate,
      offsetof(struct mas_scenario, clinic.aspirate_day) },
    { FORM_FIELD, { "clinic.hlh_workup", "day", "when NK activity and sCD25 are sent, days after presentation",
      "clinic.hlh_workup=1", "a time >= 0 (`none` in the file: not sent)" }, &mas_f_workup,
      offsetof(struct mas_scenario, clinic.workup_day) },
    { FORM_FIELD, { "clinic.seed", "1", "the patient's random draws (aspirate finding, palpation, lab error)",
      "clinic.seed=7", "a number 0 to 9e15, rounded to an integer" }, &mas_f_seed,
      offsetof(struct mas_scenario, clinic.seed) },
    { FORM_THERAPY, { "therapies[K].start", "day",
      "start of therapy K (from 0); its phases move with it", "therapies[0].start=3",
      "a time within time.start .. time.end; every phase of therapy K and its until "
      "move by the same amount" }, NULL, 0 },
    { FORM_THERAPY, { "therapies[K].dose", "its dose unit",
      "dose of therapy K without phases (mg, mg/kg, mg/m2; mL, mL/kg for blood products)", "therapies[1].dose=5",
      ">= 0, in the therapy's dose unit (or e.g. 6 mg/kg in that unit); a therapy without phases" }, NULL, 0 },
    { FORM_THERAPY, { "therapies[K].phases[J].start", "day", "start of phase J of therapy K",
      "therapies[0].phases[1].start=20",
      "a time within time.start .. time.end; the phase and its until move" }, NULL, 0 },
    { FORM_THERAPY, { "therapies[K].phases[J].dose", "its dose unit",
      "dose of phase J of therapy K", "therapies[0].phases[1].dose=4",
      ">= 0, in the phase's dose unit" }, NULL, 0 },
    { FORM_THERAPY, { "therapies[K].after", "day",
      "delay from when therapy K's condition (when:) holds to its first dose",
      "therapies[2].after=1",
      "a time from 0 to 100 years; a therapy with 'when'" }, NULL, 0 },
    { FORM_THERAPY, { "therapies[K].threshold", "its variable's unit",
      "the threshold of therapy K's condition (when: VARIABLE > THRESHOLD)",
      "therapies[2].threshold=5000",
      "a finite number in the variable's unit; a therapy whose 'when' compares a variable" },
      NULL, 0 },
    { FORM_THERAPY, { "therapies[K].phases[J].after", "day",
      "delay of phase J's own condition", "therapies[3].phases[0].after=2",
      "a time from 0 to 100 years; a phase with 'when'" }, NULL, 0 },
    { FORM_THERAPY, { "therapies[K].phases[J].threshold", "its variable's unit",
      "the threshold of phase J's own condition", "therapies[3].phases[0].threshold=80",
      "a finite number in the variable's unit; a phase whose 'when' compares a variable" },
      NULL, 0 },
    { FORM_SOLVER, { "solver.stepper", "name", "stepper: rodas4 (default), msbdf, bsimp, rk4imp, ...",
      "solver.stepper=msbdf",
      "a stepper massim knows (docs/solver.md: the list and the defaults)" }, NULL, 0 },
    { FORM_SOLVER, { "solver.rtol", "1", "relative tolerance, > 0", "solver.rtol=1e-6",
      "> 0" }, NULL, 0 },
    { FORM_SOLVER, { "solver.atol", "state units", "absolute tolerance, > 0",
      "solver.atol=1e-9",
      "> 0" }, NULL, 0 },
    { FORM_SOLVER, { "solver.h0", "day", "first step, > 0", "solver.h0=1e-5",
      "> 0" }, NULL, 0 },
    { FORM_SOLVER, { "solver.hmax", "day", "longest step, > 0", "solver.hmax=0.5",
      "> 0" }, NULL, 0 },
    { FORM_SOLVER, { "solver.max_steps", "steps", "step budget, a whole number 1 to 1e12",
      "solver.max_steps=1000000",
      "a whole number 1 to 1e12" }, NULL, 0 },
};
#define N_SETTABLE ((int)(sizeof settables / sizeof settables[0]))

const struct mas_settable_path *mas_settable_path(int i)
{
    return i >= 0 && i < N_SETTABLE ? &settables[i].doc : NULL;
}

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

/* "A, B, C" of the paths of one form into buf. */
static void list_form(enum form form, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < N_SETTABLE && len < n; i++)
        if (settables[i].form == form)
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
                                    settables[i].doc.path);
}

static int unknown_setting(const struct mas_model *m, const char *name, char *msg)
{
    const char *a = mas_model_suggest_param(m, name);
    int best = a ? mas_edit_distance(name, a) : 4;
    for (int i = 0; i < N_SETTABLE; i++)
        if (settables[i].form == FORM_FIELD && mas_edit_distance(name, settables[i].doc.path) < best) {
            a = settables[i].doc.path;
            best = mas_edit_distance(name, a);
        }
    if (a)
        return mas_fail(msg, MAS_EINPUT, "unknown name '%s'; did you mean '%s'?", name, a);
    char fields[512], therapies[256];
    list_form(FORM_FIELD, fields, sizeof fields);
    list_form(FORM_THERAPY, therapies, sizeof therapies);
    return mas_fail(msg, MAS_EINPUT, "unknown name '%s' (a model parameter, one of %s, or %s)",
                    name, fields, therapies);
}

static void resolve_param(const struct mas_model *m, int i, struct mas_path *p)
{
    const struct mas_param_def *d = mas_model_param(m, i);
    p->kind = MAS_PATH_PARAM;
    p->param = i;
    snprintf(p->unit, sizeof p->unit, "%s", d->unit);
    p->lo = d->range == MAS_RANGE_BODY_WEIGHT ? MAS_BODY_WEIGHT_MIN
          : d->range == MAS_RANGE_BODY_HEIGHT ? MAS_BODY_HEIGHT_MIN : 0;
    p->hi = d->range == MAS_RANGE_FRACTION ? 1
          : d->range == MAS_RANGE_BODY_WEIGHT ? MAS_BODY_WEIGHT_MAX
          : d->range == MAS_RANGE_BODY_HEIGHT ? MAS_BODY_HEIGHT_MAX : INFINITY;
    p->lo_open = d->range == MAS_RANGE_POSITIVE;
}

static int resolve_field(const struct mas_scenario *s, int i, struct mas_path *p, char *msg)
{
    const struct settable *t = &settables[i];
    const char *name = t->doc.path;
    p->kind = MAS_PATH_FIELD;
    p->field = i;
    snprintf(p->unit, sizeof p->unit, "%s", t->doc.unit);
    p->lo = t->f->lo;
    p->hi = t->f->hi;
    p->lo_open = t->f->lo_open;
    if (!strncmp(name, "trigger.", 8) && s->trigger.kind == MAS_TRIGGER_NONE)
        return mas_fail(msg, MAS_EINPUT, "the scenario has no trigger");
    if (!strcmp(name, "trigger.duration") && s->trigger.kind != MAS_TRIGGER_FLARE)
        return mas_fail(msg, MAS_EINPUT, "trigger.duration applies only to a trigger of kind "
                        "flare");
    if (!strcmp(name, "trigger.load"))
        p->lo_open = 1;
    if (!strcmp(name, "trigger.at")) {
        p->lo = s->t_start_day;
        p->hi = s->t_end_day;
    }
    if (!strcmp(name, "time.end")) {
        p->lo = s->t_start_day + s->output_every_day;
        p->hi = s->t_start_day + s->output_every_day * MAS_MAX_OUTPUT_TIMES;
    }
    return MAS_OK;
}

/* "[N]" at *at (no sign, no leading zero) into *k; advances *at. */
static int parse_index(const char **at, int *k)
{
    const char *c = *at;
    long v = 0;
    if (c[0] != '[' || !isdigit((unsigned char)c[1]) || (c[1] == '0' && isdigit((unsigned char)c[2])))
        return 0;
    for (c++; isdigit((unsigned char)*c) && v < 1000000; c++)
        v = v * 10 + (*c - '0');
    if (*c != ']')
        return 0;
    *k = (int)v;
    *at = c + 1;
    return 1;
}

/* therapies[K].LEAF or therapies[K].phases[J].LEAF; *j = -1 without phases. */
static int therapy_syntax(const char *path, int *k, int *j, const char **leaf)
{
    const char *c = path + strlen("therapies");
    *j = -1;
    if (!parse_index(&c, k) || *c++ != '.')
        return 0;
    if (!strncmp(c, "phases[", 7)) {
        c += strlen("phases");
        if (!parse_index(&c, j) || *c++ != '.')
            return 0;
    }
    *leaf = c;
    return 1;
}

static int count_therapies(const struct mas_scenario *s)
{
    return s->n_regimens ? s->regimens[s->n_regimens - 1].therapy + 1 : 0;
}

/* The regimen of therapies[k].phases[j] (j = -1: the first one) into p. */
static int find_regimen(const struct mas_scenario *s, int k, int j, int is_start,
                        struct mas_path *p, char *msg)
{
    int n = count_therapies(s), first = 0, phases = 0;
    if (k >= n)
        return n ? mas_fail(msg, MAS_EINPUT, "therapies[%d]: the scenario has %d %s "
                            "(therapies[0] to therapies[%d])", k, n,
                            n == 1 ? "therapy" : "therapies", n - 1)
                 : mas_fail(msg, MAS_EINPUT, "therapies[%d]: the scenario has no therapies", k);
    while (s->regimens[first].therapy != k)
        first++;
    while (first + phases < s->n_regimens && s->regimens[first + phases].therapy == k)
        phases++;
    int phased = s->regimens[first].phase >= 0;
    p->regimen = first;
    if (j >= 0 && !phased)
        return mas_fail(msg, MAS_EINPUT, "therapies[%d] has no phases (use therapies[%d].%s)",
                        k, k, is_start ? "start" : "dose");
    if (j >= phases)
        return mas_fail(msg, MAS_EINPUT, "therapies[%d].phases[%d]: therapies[%d] has %d "
                        "phase%s (phases[0] to phases[%d])", k, j, k, phases,
                        phases == 1 ? "" : "s", phases - 1);
    if (j < 0 && phased && !is_start)
        return mas_fail(msg, MAS_EINPUT, "therapies[%d] has phases, each with its dose: name "
                        "one, e.g. therapies[%d].phases[0].dose", k, k);
    if (j >= 0)
        p->regimen = first + j;
    return MAS_OK;
}

/* therapies[k](.phases[j]).after or .threshold: the condition of that
 * therapy (j -1) or phase, into p. */
static int resolve_condition(const struct mas_scenario *s, const struct mas_model *m, int k,
                             int j, int is_after, struct mas_path *p, char *msg)
{
    char name[64];
    if (j >= 0)
        snprintf(name, sizeof name, "therapies[%d].phases[%d]", k, j);
    else
        snprintf(name, sizeof name, "therapies[%d]", k);
    for (int i = 0; i < s->n_conditions; i++) {
        const struct mas_condition *c = &s->conditions[i];
        if (c->therapy != k || c->phase != j)
            continue;
        p->condition = i;
        if (is_after) {
            p->kind = MAS_PATH_AFTER;
            snprintf(p->unit, sizeof p->unit, "day");
            p->lo = 0;
            p->hi = MAS_MAX_INTERVAL_DAY;
            return MAS_OK;
        }
        if (c->op == MAS_COND_MET)
            return mas_fail(msg, MAS_EINPUT, "%s starts when '%s': a criteria set has no "
                            "threshold", name, c->text);
        p->kind = MAS_PATH_THRESHOLD;
        snprintf(p->unit, sizeof p->unit, "%s", c->state >= 0 ? mas_model_state(m, c->state)->unit
                                                             : mas_model_obs(m, c->obs)->unit);
        p->lo = -INFINITY;
        p->hi = INFINITY;
        return MAS_OK;
    }
    return mas_fail(msg, MAS_EINPUT, "%s has no 'when' of its own: nothing to set its %s of",
                    name, is_after ? "after" : "threshold");
}

static int resolve_therapy(const struct mas_scenario *s, const struct mas_model *m,
                           const char *path, struct mas_path *p, char *msg)
{
    static const char *const leaves[] = { "start", "dose", "after", "threshold", NULL };
    int k, j, rc;
    const char *leaf;
    if (!therapy_syntax(path, &k, &j, &leaf))
        return mas_fail(msg, MAS_EINPUT, "unknown name '%s' (a therapy is named "
                        "therapies[K].LEAF or therapies[K].phases[J].LEAF, LEAF one of start, "
                        "dose, after, threshold, K and J counted from 0)", path);
    int is_start = !strcmp(leaf, "start");
    int is_cond = !strcmp(leaf, "after") || !strcmp(leaf, "threshold");
    if (!is_start && !is_cond && strcmp(leaf, "dose")) {
        const char *near = mas_rd_suggest(leaf, leaves);
        return near ? mas_fail(msg, MAS_EINPUT, "unknown name '%s'; did you mean '%.*s%s'?",
                               path, (int)(leaf - path), path, near)
                    : mas_fail(msg, MAS_EINPUT, "unknown name '%s' (a therapy's start, dose, "
                               "after or threshold can be set)", path);
    }
    if ((rc = find_regimen(s, k, j, is_start || is_cond, p, msg)))
        return rc;
    const struct mas_regimen *g = &s->regimens[p->regimen];
    p->therapy = k;
    p->phase = j;
    if (is_cond)
        return resolve_condition(s, m, k, j, !strcmp(leaf, "after"), p, msg);
    if (is_start && g->when) {
        const struct mas_condition *c = &s->conditions[g->when - 1];
        return mas_fail(msg, MAS_EINPUT, "%.*s starts when '%s' holds: set its after or "
                        "threshold, not a start", (int)(leaf - path - 1), path, c->text);
    }
    if (is_start) {
        p->kind = j >= 0 ? MAS_PATH_PHASE_START : MAS_PATH_THERAPY_START;
        snprintf(p->unit, sizeof p->unit, "day");
        p->lo = s->t_start_day;
        p->hi = s->t_end_day;
        return MAS_OK;
    }
    if (g->route == MAS_ROUTE_PROCEDURE)
        return mas_fail(msg, MAS_EINPUT, "therapies[%d] is a procedure (%s): it has no dose",
                        k, g->drug->name);
    p->kind = MAS_PATH_DOSE;
    snprintf(p->unit, sizeof p->unit, "%s", mas_dose_unit_names[g->dose_unit]);
    p->lo = 0;
    p->hi = INFINITY;
    return MAS_OK;
}

int mas_path_resolve(const struct mas_scenario *s, const struct mas_model *m,
                     const char *path, struct mas_path *p, char *msg)
{
    memset(p, 0, sizeof *p);
    p->therapy = p->phase = p->regimen = -1;
    if (strlen(path) >= sizeof p->name)
        return mas_fail(msg, MAS_EINPUT, "unknown name '%.60s...' (too long)", path);
    strcpy(p->name, path);
    int i = mas_model_find_param(m, path);
    if (i >= 0) {
        resolve_param(m, i, p);
        return MAS_OK;
    }
    for (i = 0; i < N_SETTABLE; i++)
        if (settables[i].form == FORM_FIELD && !strcmp(path, settables[i].doc.path))
            return resolve_field(s, i, p, msg);
    if (!strncmp(path, "therapies", 9) && strchr("[.", path[9]))
        return resolve_therapy(s, m, path, p, msg);
    return unknown_setting(m, path, msg);
}

/* A parameter value: a plain number in its unit; a parameter in h, d, kg
 * or cm also takes a quantity with a unit ("36 h"). */
static int param_value(const struct mas_param_def *d, const char *text, double *v, char *msg)
{
    static const struct { const char *unit; enum mas_quantity q; double per_canonical; } as[] = {
        { "h", MAS_Q_TIME, 24.0 }, { "d", MAS_Q_TIME, 1.0 },
        { "kg", MAS_Q_MASS_KG, 1.0 }, { "cm", MAS_Q_LENGTH_CM, 1.0 },
    };
    char why[MAS_ERR_LEN];
    const char *expected;
    int rc = mas_scenario_param_value(d, text, v, msg);
    for (size_t k = 0; rc != MAS_OK && k < sizeof as / sizeof as[0]; k++) {
        if (strcmp(d->unit, as[k].unit) || mas_units_parse(text, as[k].q, as[k].unit, v, why))
            continue;
        *v *= as[k].per_canonical;
        if (!mas_param_value_ok(d, *v, &expected))
            return mas_fail(msg, MAS_EINPUT, "parameter '%s' must be %s, found %g", d->name,
                            expected, *v);
        return MAS_OK;
    }
    return rc;
}

/* A dose: a bare number in the therapy's dose unit, or an amount in it. */
static int dose_value(const struct mas_regimen *g, const char *text, double *v, char *msg)
{
    char why[MAS_ERR_LEN];
    enum mas_dose_unit u;
    if (!strchr(text, '%') && mas_units_parse(text, MAS_Q_DIMENSIONLESS, NULL, v, why) == MAS_OK)
        return MAS_OK;
    if (mas_dose_parse(text, v, &u, msg))
        return MAS_EINPUT;
    if (u != g->dose_unit)
        return mas_fail(msg, MAS_EINPUT, "expected a dose in %s (the therapy's dose unit), "
                        "found '%.60s'", mas_dose_unit_names[g->dose_unit], text);
    return MAS_OK;
}

/* A threshold: a number, bare or followed by the variable's unit. */
static int threshold_value(const struct mas_path *p, const char *text, double *v, char *msg)
{
    char *end;
    *v = strtod(text, &end);
    while (*end == ' ')
        end++;
    if (end == text || (*end && strcmp(end, p->unit)) || !isfinite(*v))
        return mas_fail(msg, MAS_EINPUT, "expected a finite number in %s, found '%.60s'",
                        p->unit, text);
    return MAS_OK;
}

int mas_path_value(const struct mas_scenario *s, const struct mas_model *m,
                   const struct mas_path *p, const char *text, double *v, char *msg)
{
    const struct mas_field *f;
    switch (p->kind) {
    case MAS_PATH_PARAM:
        return param_value(mas_model_param(m, p->param), text, v, msg);
    case MAS_PATH_FIELD:
        f = settables[p->field].f;
        return mas_units_parse(text, f->q, f->unit, v, msg);
    case MAS_PATH_THERAPY_START:
    case MAS_PATH_PHASE_START:
        return mas_units_parse(text, MAS_Q_TIME, "d", v, msg);
    case MAS_PATH_DOSE:
        return dose_value(&s->regimens[p->regimen], text, v, msg);
    case MAS_PATH_AFTER:
        return mas_units_parse(text, MAS_Q_TIME, "d", v, msg);
    case MAS_PATH_THRESHOLD:
        return threshold_value(p, text, v, msg);
    }
    return mas_fail(msg, MAS_EINPUT, "%s: not settable", p->name);
}

/* Every dose for the patient is at most MAS_MAX_DOSE_AMOUNT (therapy.h);
 * the first that is not, in msg. */
static int amounts_fit(const struct mas_scenario *s, char *msg)
{
    for (int i = 0; i < s->n_regimens; i++) {
        const struct mas_regimen *g = &s->regimens[i];
        if (g->route == MAS_ROUTE_PROCEDURE)
            continue;
        double a = mas_regimen_amount(g, s->patient.weight_kg, s->patient.height_cm);
        if (!(a <= MAS_MAX_DOSE_AMOUNT))
            return mas_fail(msg, MAS_EINPUT, "therapies[%d] would give a dose of %g %s "
                            "(%g kg, %g cm); at most %g %s", g->therapy, a,
                            mas_drug_amount_unit(g->drug), s->patient.weight_kg,
                            s->patient.height_cm, MAS_MAX_DOSE_AMOUNT,
                            mas_drug_amount_unit(g->drug));
    }
    return MAS_OK;
}

/* Set one scenario field, then check what depends on it; undone on error. */
static int apply_field(struct mas_scenario *s, const struct mas_path *p, double v, char *msg)
{
    const struct settable *t = &settables[p->field];
    char why[MAS_ERR_LEN];
    double *target = (double *)((char *)s + t->offset), old = *target;
    if (mas_field_out_of_range(t->f, v, why, sizeof why))
        return mas_fail(msg, MAS_EINPUT, "%s %s", t->doc.path, why);
    if (t->f == &mas_f_load && v <= 0)
        return mas_fail(msg, MAS_EINPUT, "trigger.load must be > 0, found %g", v);
    *target = v;
    if (mas_scenario_cross_check(s, why, sizeof why) != MAS_BLAME_NONE) {
        *target = old;
        return mas_fail(msg, MAS_EINPUT, "%s", why);
    }
    if (amounts_fit(s, msg) != MAS_OK) {
        *target = old;
        return MAS_EINPUT;
    }
    return MAS_OK;
}

size_t mas_scenario_infusion_doses(const struct mas_scenario *s)
{
    size_t n = 0;
    for (int i = 0; i < s->n_regimens; i++)
        if (s->regimens[i].route == MAS_ROUTE_INFUSION)
            n += mas_regimen_n_doses(&s->regimens[i]);
    return n;
}

/* Infusions of one drug may not overlap (as in the file); the doses are
 * laid out in the scenario's scratch.  Without infusions there is nothing
 * to check (and a course of 100,000 boluses costs nothing here). */
static int check_overlaps(struct mas_scenario *s, char *msg)
{
    size_t n, a, b;
    if (mas_scenario_infusion_doses(s) < 2)
        return MAS_OK;
    int rc = mas_therapy_expand_into(s->regimens, s->n_regimens, s->patient.weight_kg,
                                     s->patient.height_cm, &s->scratch_doses,
                                     &s->scratch_doses_cap, &n, msg);
    const struct mas_dose *d = s->scratch_doses;
    if (rc == MAS_OK && mas_therapy_find_overlap(d, n, &a, &b))
        rc = mas_fail(msg, MAS_EINPUT, "overlapping iv infusions of %s: the one at day %g "
                      "runs to day %g, past the start of the next at day %g", d[b].drug,
                      d[a].day, d[a].day + d[a].duration_day, d[b].day);
    return rc;
}

/* therapies[K].start moves every phase of K (and its `until`) by the same
 * delta, so that the earliest phase starts at v; phases[J].start moves one. */
static int apply_start(struct mas_scenario *s, const struct mas_path *p, double v, char *msg)
{
    if (!(v >= s->t_start_day && v <= s->t_end_day))
        return mas_fail(msg, MAS_EINPUT, "%s must be within the simulated time (day %g to "
                        "day %g), found day %g", p->name, s->t_start_day, s->t_end_day, v);
    size_t size = (size_t)s->n_regimens * sizeof *s->regimens;
    if (!s->scratch_regimens && !(s->scratch_regimens = malloc(size ? size : 1)))
        return mas_fail(msg, MAS_EIO, "out of memory");
    struct mas_regimen *old = s->scratch_regimens;   /* n_regimens never changes */
    memcpy(old, s->regimens, size);
    double from = s->regimens[p->regimen].start_day;
    for (int i = 0; p->kind == MAS_PATH_THERAPY_START && i < s->n_regimens; i++)
        if (s->regimens[i].therapy == p->therapy && s->regimens[i].start_day < from)
            from = s->regimens[i].start_day;
    for (int i = 0; i < s->n_regimens; i++) {
        struct mas_regimen *g = &s->regimens[i];
        int moves = p->kind == MAS_PATH_THERAPY_START ? g->therapy == p->therapy
                                                      : i == p->regimen;
        if (!moves)
            continue;
        if (g->every_day > 0 && g->count == 0)
            g->until_day += v - from;
        g->start_day = g->start_day == from ? v : g->start_day + (v - from);
    }
    int rc = check_overlaps(s, msg);
    if (rc)
        memcpy(s->regimens, old, size);
    return rc;
}

int mas_path_apply(struct mas_scenario *s, const struct mas_model *m,
                   const struct mas_path *p, double v, char *msg)
{
    const struct mas_param_def *d;
    const char *expected;
    double old_dose;
    switch (p->kind) {
    case MAS_PATH_PARAM:
        d = mas_model_param(m, p->param);
        if (!mas_param_value_ok(d, v, &expected))
            return mas_fail(msg, MAS_EINPUT, "parameter '%s' must be %s, found %g", d->name,
                            expected, v);
        return set_override(s, p->param, v, msg);
    case MAS_PATH_FIELD:
        return apply_field(s, p, v, msg);
    case MAS_PATH_THERAPY_START:
    case MAS_PATH_PHASE_START:
        return apply_start(s, p, v, msg);
    case MAS_PATH_AFTER:
        if (!(v >= 0 && v <= MAS_MAX_INTERVAL_DAY))
            return mas_fail(msg, MAS_EINPUT, "%s must be from 0 to 100 years, found %g d",
                            p->name, v);
        s->conditions[p->condition].after_day = v;
        return MAS_OK;
    case MAS_PATH_THRESHOLD:
        if (!isfinite(v))
            return mas_fail(msg, MAS_EINPUT, "%s must be a finite number, found %g", p->name, v);
        s->conditions[p->condition].threshold = v;
        return MAS_OK;
    case MAS_PATH_DOSE:
        if (!(v >= 0 && v < INFINITY))
            return mas_fail(msg, MAS_EINPUT, "%s must be >= 0, found %g %s", p->name, v,
                            p->unit);
        old_dose = s->regimens[p->regimen].dose;
        s->regimens[p->regimen].dose = v;
        if (amounts_fit(s, msg) != MAS_OK) {
            s->regimens[p->regimen].dose = old_dose;
            return MAS_EINPUT;
        }
        return MAS_OK;
    }
    return mas_fail(msg, MAS_EINPUT, "%s: not settable", p->name);
}

int mas_path_try(const struct mas_scenario *s, const struct mas_model *m,
                 const struct mas_path *p, double v, char *msg)
{
    struct mas_scenario t = *s;
    t.scratch_regimens = NULL;              /* its own scratch, freed below */
    t.scratch_doses = NULL;
    t.scratch_doses_cap = 0;
    size_t nr = (size_t)s->n_regimens * sizeof *s->regimens;
    size_t no = (size_t)s->n_overrides * sizeof *s->overrides;
    t.regimens = malloc(nr ? nr : 1);
    t.overrides = malloc(no ? no : 1);
    int rc = MAS_EIO;
    if (t.regimens && t.overrides) {
        if (nr)
            memcpy(t.regimens, s->regimens, nr);
        if (no)
            memcpy(t.overrides, s->overrides, no);
        rc = mas_path_apply(&t, m, p, v, msg);
    } else {
        mas_fail(msg, MAS_EIO, "out of memory");
    }
    free(t.regimens);
    free(t.overrides);
    free(t.scratch_regimens);
    free(t.scratch_doses);
    return rc;
}

int mas_scenario_set(struct mas_scenario *s, const struct mas_model *m, const char *assignment,
                     char *err)
{
    char name[128], msg[MAS_ERR_LEN];
    struct mas_path p;
    double v;
    const char *eq = strchr(assignment, '=');
    size_t n = eq ? (size_t)(eq - assignment) : 0;
    if (!eq || n == 0 || n >= sizeof name || !eq[1])
        return mas_fail(err, MAS_EINPUT, "--set %s: expected NAME=VALUE", assignment);
    memcpy(name, assignment, n);
    name[n] = '\0';
    int rc = mas_path_resolve(s, m, name, &p, msg);
    if (rc == MAS_OK)
        rc = mas_path_value(s, m, &p, eq + 1, &v, msg);
    if (rc == MAS_OK)
        rc = mas_path_apply(s, m, &p, v, msg);
    return rc ? mas_fail(err, rc, "--set %s: %s", assignment, msg) : MAS_OK;
}

int mas_scenario_path_unit(const struct mas_scenario *s, const struct mas_model *m,
                           const char *path, char *unit, size_t n, char *err)
{
    struct mas_path p;
    char msg[MAS_ERR_LEN];
    if (mas_path_resolve(s, m, path, &p, msg))
        return mas_fail(err, MAS_EINPUT, "%s: %s", path, msg);
    snprintf(unit, n, "%s", p.unit);
    return MAS_OK;
}
