/*
 * scenario_therapy.c — reads the scenario's `therapies:` list into
 * regimens (therapy.h), one per phase, and checks the dosing rules whose
 * breach is an error with a location: unknown drug or key ("did you
 * mean"), a route the drug lacks, dose and cap units, interval, count and
 * until, infusion duration, procedures, and overlapping infusions of one
 * drug.  Uses the YAML helpers of scenario.c (scenario_rules.h).  The
 * language is documented in docs/scenarios.md, "therapies".
 */
#include "scenario_rules.h"

#include "criteria.h"
#include "massim.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const entry_keys[] = {
    "drug", "route", "dose", "max", "start", "every", "count", "until", "duration", "phases",
    "when", "after", NULL };
static const char *const phase_keys[] = {
    "drug", "route", "dose", "max", "start", "every", "count", "until", "duration", "when",
    "after", NULL };
/* What a procedure does not take (it happens once, at `start`). */
static const char *const not_for_procedures[] = {
    "route", "dose", "max", "every", "count", "until", "duration", NULL };
static const char *const dose_routes[] = { "iv", "iv infusion", "sc", "oral", NULL };

/* One phase being read: its mapping, its therapy entry, and its name in
 * messages ("therapies[1]" or "therapies[1].phases[0]"); the condition it
 * waits for (when: 0 none, k > 0 condition k - 1) and whether that is its
 * own `when:` (then it takes no `start`: it starts when the condition
 * holds plus `after`) or its therapy's (then `start` counts from then). */
struct place {
    yaml_node_t *entry, *phase;
    char where[64];
    int when, when_own;
};

/* A key of the phase; drug and route may also come from the entry. */
static yaml_node_t *value_of(struct mas_reader *r, const struct place *pl, const char *key)
{
    yaml_node_t *v = mas_rd_lookup(r, pl->phase, key);
    if (!v && pl->phase != pl->entry && (!strcmp(key, "drug") || !strcmp(key, "route")))
        v = mas_rd_lookup(r, pl->entry, key);
    return v;
}

static int scalar_or_fail(struct mas_reader *r, const struct place *pl, const char *key,
                          const yaml_node_t *v, const char *expected)
{
    char buf[80];
    if (v->type == YAML_SCALAR_NODE && !mas_rd_is_null(v))
        return MAS_OK;
    return mas_rd_fail(r, v, "%s.%s: expected %s, found %s", pl->where, key, expected,
                       mas_rd_describe(v, buf, sizeof buf));
}

static const char *text(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static void known_drugs(const struct mas_model *m, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < m->n_mods; i++)
        for (int k = 0; k < m->mods[i]->n_drugs && used < size; k++)
            used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                                     m->mods[i]->drugs[k].name);
}

static int read_drug(struct mas_reader *r, const struct place *pl, struct mas_regimen *g)
{
    char list[512];
    yaml_node_t *v = value_of(r, pl, "drug");
    int rc;
    if (!v)
        return mas_rd_fail(r, pl->phase, "%s: missing required key 'drug'", pl->where);
    if ((rc = scalar_or_fail(r, pl, "drug", v, "a drug name")))
        return rc;
    g->drug = mas_model_find_drug(r->m, text(v));
    if (g->drug)
        return MAS_OK;
    const char *near = mas_model_suggest_drug(r->m, text(v));
    if (near)
        return mas_rd_fail(r, v, "%s.drug: unknown drug '%s'; did you mean '%s'?", pl->where,
                           text(v), near);
    known_drugs(r->m, list, sizeof list);
    return mas_rd_fail(r, v, "%s.drug: unknown drug '%s' (known: %s)", pl->where, text(v),
                       list);
}

/* A procedure takes only drug and start; the first other key is the error. */
static int read_procedure(struct mas_reader *r, const struct place *pl, struct mas_regimen *g)
{
    for (int i = 0; not_for_procedures[i]; i++) {
        yaml_node_t *k = mas_rd_key(r, pl->phase, not_for_procedures[i]);
        if (!k && pl->phase != pl->entry && !strcmp(not_for_procedures[i], "route"))
            k = mas_rd_key(r, pl->entry, "route");
        if (k)
            return mas_rd_fail(r, k, "%s: '%s' is a procedure: it takes no %s (only "
                               "'drug' and 'start')", pl->where, g->drug->name,
                               not_for_procedures[i]);
    }
    g->route = MAS_ROUTE_PROCEDURE;
    g->dose = 0;
    g->max_amount = INFINITY;
    return MAS_OK;
}

static int read_route(struct mas_reader *r, const struct place *pl, struct mas_regimen *g)
{
    char routes[128];
    int n = mas_drug_routes(g->drug, routes, sizeof routes), rc;
    yaml_node_t *v = value_of(r, pl, "route");
    if (!v) {
        for (int k = 0; n == 1 && k < MAS_ROUTE_PROCEDURE; k++)
            if (mas_route_state(g->drug, (enum mas_route)k))
                g->route = (enum mas_route)k;
        if (n == 1)
            return MAS_OK;
        return mas_rd_fail(r, pl->phase, "%s: %s has several routes (%s): give 'route'",
                           pl->where, g->drug->name, routes);
    }
    if ((rc = scalar_or_fail(r, pl, "route", v, "a route (iv, iv infusion, sc, oral)")))
        return rc;
    for (int k = 0; dose_routes[k]; k++)
        if (!strcmp(text(v), dose_routes[k])) {
            g->route = (enum mas_route)k;
            if (mas_route_state(g->drug, g->route))
                return MAS_OK;
            return mas_rd_fail(r, v, "%s.route: route '%s' is not available for %s "
                               "(available: %s)", pl->where, text(v), g->drug->name, routes);
        }
    const char *near = mas_rd_suggest(text(v), dose_routes);
    return mas_rd_fail(r, v, "%s.route: unknown route '%s'%s%s%s (routes: iv, iv infusion, "
                       "sc, oral; %s has %s)", pl->where, text(v), near ? "; did you mean '" : "",
                       near ? near : "", near ? "'?" : "", g->drug->name, routes);
}

static int read_amount(struct mas_reader *r, const struct place *pl, struct mas_regimen *g)
{
    char msg[MAS_ERR_LEN];
    yaml_node_t *v = value_of(r, pl, "dose");
    int rc;
    if (!v)
        return mas_rd_fail(r, pl->phase, "%s: missing required key 'dose' (e.g. '6 mg/kg')",
                           pl->where);
    if ((rc = scalar_or_fail(r, pl, "dose", v, "a dose (e.g. '6 mg/kg')")))
        return rc;
    if (mas_dose_parse(text(v), &g->dose, &g->dose_unit, msg)) {
        if (strcmp(mas_drug_amount_unit(g->drug), "mL") == 0)
            return mas_rd_fail(r, v, "%s.dose: expected a volume in mL, L or mL/kg for %s "
                               "(e.g. '10 mL/kg'), found '%.60s'", pl->where, g->drug->name, text(v));
        return mas_rd_fail(r, v, "%s.dose: %s", pl->where, msg);
    }
    if (!(g->dose > 0))
        return mas_rd_fail(r, v, "%s.dose must be > 0, found %g %s", pl->where, g->dose,
                           mas_dose_unit_names[g->dose_unit]);
    if (!mas_dose_unit_fits(g->drug, g->dose_unit))
        return strcmp(mas_drug_amount_unit(g->drug), "mL") == 0
            ? mas_rd_fail(r, v, "%s.dose: %s is a blood product dosed by volume: give mL or "
                          "mL/kg (e.g. '10 mL/kg'), found '%.60s'", pl->where, g->drug->name, text(v))
            : mas_rd_fail(r, v, "%s.dose: %s is dosed by mass: give mg, g, mg/kg or mg/m2, "
                          "found '%.60s'", pl->where, g->drug->name, text(v));
    g->max_amount = INFINITY;
    if (!(v = value_of(r, pl, "max")))
        return MAS_OK;
    const char *au = mas_drug_amount_unit(g->drug);
    if ((rc = scalar_or_fail(r, pl, "max", v, strcmp(au, "mL") ? "a cap in mg or g"
                                                               : "a cap in mL or L")))
        return rc;
    if (mas_cap_parse(g->drug, text(v), &g->max_amount, msg))
        return mas_rd_fail(r, v, "%s.max: %s", pl->where, msg);
    if (!(g->max_amount > 0))
        return mas_rd_fail(r, v, "%s.max must be > 0, found %g %s", pl->where, g->max_amount, au);
    return MAS_OK;
}

/* A time key (bare number = days) into *out; 0 and untouched if absent. */
static int read_time(struct mas_reader *r, const struct place *pl, const char *key,
                     double *out, yaml_node_t **at)
{
    char msg[MAS_ERR_LEN];
    yaml_node_t *v = value_of(r, pl, key);
    int rc;
    *at = v;
    if (!v)
        return MAS_OK;
    if ((rc = scalar_or_fail(r, pl, key, v, "a time (e.g. '24 h', '3 d', 'day 3')")))
        return rc;
    if (mas_units_parse(text(v), MAS_Q_TIME, "d", out, msg))
        return mas_rd_fail(r, v, "%s.%s: %s", pl->where, key, msg);
    return MAS_OK;
}

static int read_count(struct mas_reader *r, const struct place *pl, struct mas_regimen *g,
                      yaml_node_t **at)
{
    yaml_node_t *v = *at = value_of(r, pl, "count");
    int rc;
    if (!v)
        return MAS_OK;
    if ((rc = scalar_or_fail(r, pl, "count", v, "a whole number >= 1")))
        return rc;
    const char *s = text(v);
    size_t digits = strspn(s, "0123456789");
    long n = digits && digits < 10 && !s[digits] ? strtol(s, NULL, 10) : 0;
    if (n < 1)
        return mas_rd_fail(r, v, "%s.count must be a whole number >= 1, found '%.40s'",
                           pl->where, s);
    if (n > MAS_MAX_DOSES)
        return mas_rd_fail(r, v, "%s.count: %ld doses; at most %d are allowed", pl->where, n,
                           MAS_MAX_DOSES);
    g->count = n;
    return MAS_OK;
}

/* The rules between every, count and until (docs/scenarios.md). */
static int check_repeat(struct mas_reader *r, const struct place *pl,
                        const struct mas_regimen *g, yaml_node_t *every, yaml_node_t *count,
                        yaml_node_t *until)
{
    if (every && !(g->every_day > 0))
        return mas_rd_fail(r, every, "%s.every: the interval must be > 0, found %g d",
                           pl->where, g->every_day);
    if (every && (g->every_day < MAS_MIN_INTERVAL_DAY || g->every_day > MAS_MAX_INTERVAL_DAY))
        return mas_rd_fail(r, every, "%s.every: %g d is %s; an interval is from 1 min to "
                           "100 years", pl->where, g->every_day,
                           g->every_day < MAS_MIN_INTERVAL_DAY ? "shorter than a minute"
                                                               : "longer than 100 years");
    if (count && until)
        return mas_rd_fail(r, mas_rd_key(r, pl->phase, "until"), "%s: give 'count' or "
                           "'until', not both", pl->where);
    if (every && !count && !until)
        return mas_rd_fail(r, mas_rd_key(r, pl->phase, "every"), "%s: 'every' needs 'count' "
                           "or 'until' (for a single dose leave 'every' out)", pl->where);
    if (!every && until)
        return mas_rd_fail(r, mas_rd_key(r, pl->phase, "until"), "%s: 'until' needs 'every'",
                           pl->where);
    if (!every && count && g->count > 1)
        return mas_rd_fail(r, count, "%s: a count of %ld needs 'every'", pl->where, g->count);
    if (until && g->until_day < g->start_day)
        return mas_rd_fail(r, until, "%s.until (day %g) is before start (day %g)", pl->where,
                           g->until_day, g->start_day);
    if (until && (g->until_day - g->start_day) / g->every_day >= MAS_MAX_DOSES)
        return mas_rd_fail(r, every, "%s: every %g d until day %g gives more than %d doses",
                           pl->where, g->every_day, g->until_day, MAS_MAX_DOSES);
    return MAS_OK;
}

static int read_timing(struct mas_reader *r, const struct place *pl, struct mas_regimen *g)
{
    yaml_node_t *start, *every, *count, *until, *duration;
    int rc;
    if ((rc = read_time(r, pl, "start", &g->start_day, &start))
        || (rc = read_time(r, pl, "every", &g->every_day, &every))
        || (rc = read_count(r, pl, g, &count))
        || (rc = read_time(r, pl, "until", &g->until_day, &until))
        || (rc = read_time(r, pl, "duration", &g->duration_day, &duration)))
        return rc;
    if (pl->when_own && start)
        return mas_rd_fail(r, mas_rd_key(r, pl->phase, "start"), "%s: give 'start' or 'when', "
                           "not both (with 'when' the first dose comes when the condition "
                           "holds, plus 'after')", pl->where);
    if (pl->when && until)
        return mas_rd_fail(r, mas_rd_key(r, pl->phase, "until"), "%s: 'until' is a day, and "
                           "this therapy starts when a condition holds: give 'count'",
                           pl->where);
    if (!start && !pl->when_own)
        return mas_rd_fail(r, pl->phase, "%s: missing required key 'start' (e.g. 'day 3')%s",
                           pl->where, pl->when ? ": days from when the therapy's condition "
                           "holds plus its 'after'" : "; or 'when' with a condition");
    if (pl->when_own)
        g->start_day = 0.0;
    if ((rc = check_repeat(r, pl, g, every, count, until)))
        return rc;
    if (!every)
        g->every_day = 0;
    if (g->route == MAS_ROUTE_INFUSION && !duration)
        return mas_rd_fail(r, pl->phase, "%s: an iv infusion needs a 'duration' (e.g. '1 h')",
                           pl->where);
    if (g->route != MAS_ROUTE_INFUSION && duration)
        return mas_rd_fail(r, mas_rd_key(r, pl->phase, "duration"), "%s: 'duration' applies "
                           "only to route 'iv infusion', not '%s'", pl->where,
                           mas_route_names[g->route]);
    if (duration && !(g->duration_day > 0))
        return mas_rd_fail(r, duration, "%s.duration must be > 0, found %g d", pl->where,
                           g->duration_day);
    /* The schedule turns an infusion into a rate switched on and off: one
     * shorter than a minute would end (nearly) where it starts and the
     * drug would not enter; give it as a bolus. */
    if (duration && (g->duration_day < MAS_MIN_INTERVAL_DAY || g->duration_day > MAS_MAX_INTERVAL_DAY))
        return mas_rd_fail(r, duration, "%s.duration: %g d is %s; an infusion lasts from 1 min "
                           "to 100 years (a shorter one is route 'iv', a bolus)", pl->where,
                           g->duration_day, g->duration_day < MAS_MIN_INTERVAL_DAY
                           ? "shorter than a minute" : "longer than 100 years");
    return MAS_OK;
}

/* ---- conditions: `when:` and `after:` ------------------------------------ */

static const char *const cond_ops[] = { ">", ">=", "<", "<=", NULL };


static int criteria_condition(struct mas_reader *r, const yaml_node_t *v, const char *where,
                              const char *words, struct mas_condition *c)
{
    char set[32], met[16], extra[8], names[160] = "";
    int n = sscanf(words, "%31s %15s %7s", set, met, extra);
    for (int i = 0; i < MAS_CRIT_NSETS; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 mas_criteria_name((enum mas_criteria_set)i));
    if (n != 2 || strcmp(met, "met"))
        return mas_rd_fail(r, v, "%s.when: expected 'criteria SET met' (SET: %s), found '%s'",
                           where, names, text(v));
    for (int i = 0; i < MAS_CRIT_NSETS; i++)
        if (!strcmp(set, mas_criteria_name((enum mas_criteria_set)i))) {
            c->op = MAS_COND_MET;
            c->set = i;
            return MAS_OK;
        }
    return mas_rd_fail(r, v, "%s.when: unknown criteria set '%s' (%s)", where, set, names);
}

/* "VARIABLE OP NUMBER [UNIT]" or "criteria SET met" into c. */
static int parse_condition(struct mas_reader *r, const yaml_node_t *v, const char *where,
                           struct mas_condition *c)
{
    const char *t = text(v);
    char name[64];
    int len = 0;
    while (isspace((unsigned char)*t))
        t++;
    while (t[len] && (isalnum((unsigned char)t[len]) || t[len] == '_'))
        len++;
    if (len == 0 || len >= (int)sizeof name)
        return mas_rd_fail(r, v, "%s.when: expected a condition ('ferritin > 10000 ng/mL', "
                           "'platelets < 100', 'criteria eular2016 met'), found '%.60s'",
                           where, text(v));
    memcpy(name, t, (size_t)len);
    name[len] = '\0';
    t += len;
    c->state = c->obs = c->set = -1;
    if (!strcmp(name, "criteria"))
        return criteria_condition(r, v, where, t, c);
    int is_obs, i = mas_model_find_var(r->m, name, &is_obs);
    if (i < 0) {
        const char *near = mas_model_suggest_var(r->m, name);
        return near ? mas_rd_fail(r, v, "%s.when: unknown variable '%s'; did you mean '%s'?",
                                  where, name, near)
                    : mas_rd_fail(r, v, "%s.when: unknown variable '%s' (a state or an "
                                  "observable: `massim states` lists them)", where, name);
    }
    *(is_obs ? &c->obs : &c->state) = i;
    const char *unit = is_obs ? mas_model_obs(r->m, i)->unit : mas_model_state(r->m, i)->unit;
    while (isspace((unsigned char)*t))
        t++;
    size_t oplen = strspn(t, "<>=!");
    int op = -1;
    for (int k = 0; cond_ops[k]; k++)
        if (strlen(cond_ops[k]) == oplen && !strncmp(t, cond_ops[k], oplen))
            op = k;
    if (op < 0)
        return mas_rd_fail(r, v, "%s.when: expected a comparison (>, >=, <, <=) after '%s', "
                           "found '%.20s'", where, name, t);
    c->op = (enum mas_cond_op)op;
    t += oplen;
    while (isspace((unsigned char)*t))
        t++;
    char *end;
    c->threshold = strtod(t, &end);
    if (end == t)
        return mas_rd_fail(r, v, "%s.when: expected a number in %s after '%s %s', found "
                           "'%.20s'", where, unit, name, cond_ops[op], t);
    while (isspace((unsigned char)*end))
        end++;
    if (*end && strcmp(end, unit) != 0)
        return mas_rd_fail(r, v, "%s.when: %s is in %s: write the number in %s (or bare), "
                           "found '%s'", where, name, unit, unit, end);
    if (!isfinite(c->threshold))
        return mas_rd_fail(r, v, "%s.when: the threshold must be a finite number, found "
                           "'%.20s'", where, t);
    return MAS_OK;
}

/* The `when:` (and `after:`) of map (an entry or a phase) into a new
 * condition of the scenario; *when becomes its index + 1. */
static int read_condition(struct mas_reader *r, struct place *pl, yaml_node_t *map,
                          int therapy, int phase)
{
    struct mas_scenario *s = r->s;
    yaml_node_t *v = mas_rd_lookup(r, map, "when"), *after = mas_rd_lookup(r, map, "after");
    char msg[MAS_ERR_LEN], buf[80];
    if (v->type != YAML_SCALAR_NODE || mas_rd_is_null(v))
        return mas_rd_fail(r, v, "%s.when: expected a condition ('ferritin > 10000 ng/mL', "
                           "'criteria eular2016 met'), found %s", pl->where,
                           mas_rd_describe(v, buf, sizeof buf));
    if (s->n_conditions == MAS_MAX_CONDITIONS)
        return mas_rd_fail(r, v, "%s.when: at most %d conditions in one scenario", pl->where,
                           MAS_MAX_CONDITIONS);
    struct mas_condition *c = &s->conditions[s->n_conditions];
    *c = (struct mas_condition){ .therapy = therapy, .phase = phase,
                                 .line = (int)v->start_mark.line + 1,
                                 .col = (int)v->start_mark.column + 1 };
    snprintf(c->text, sizeof c->text, "%s", text(v));
    int rc = parse_condition(r, v, pl->where, c);
    if (rc)
        return rc;
    if (after) {
        if (after->type != YAML_SCALAR_NODE || mas_rd_is_null(after))
            return mas_rd_fail(r, after, "%s.after: expected a time (e.g. '12 h', '2 d'), "
                               "found %s", pl->where, mas_rd_describe(after, buf, sizeof buf));
        if (mas_units_parse(text(after), MAS_Q_TIME, "d", &c->after_day, msg))
            return mas_rd_fail(r, after, "%s.after: %s", pl->where, msg);
        if (!(c->after_day >= 0 && c->after_day <= MAS_MAX_INTERVAL_DAY))
            return mas_rd_fail(r, after, "%s.after: a delay from 0 to 100 years, found %g d",
                               pl->where, c->after_day);
    }
    pl->when = ++s->n_conditions;
    return MAS_OK;
}

/* One phase (or an entry without phases) into a new regimen. */
static int read_phase(struct mas_reader *r, const struct place *pl, int therapy, int phase)
{
    struct mas_scenario *s = r->s;
    struct mas_regimen *more = realloc(s->regimens, (size_t)(s->n_regimens + 1) * sizeof *more);
    if (!more)
        return mas_fail(r->err, MAS_EIO, "out of memory");
    s->regimens = more;
    struct mas_regimen *g = &s->regimens[s->n_regimens];
    *g = (struct mas_regimen){ .therapy = therapy, .phase = phase,
                               .line = (int)pl->phase->start_mark.line + 1,
                               .col = (int)pl->phase->start_mark.column + 1,
                               .when = pl->when };
    int rc = read_drug(r, pl, g);
    if (rc == MAS_OK && mas_drug_is_procedure(g->drug))
        rc = read_procedure(r, pl, g);
    else if (rc == MAS_OK && (rc = read_route(r, pl, g)) == MAS_OK)
        rc = read_amount(r, pl, g);
    if (rc == MAS_OK)
        rc = read_timing(r, pl, g);
    if (rc == MAS_OK)
        s->n_regimens++;
    return rc;
}

static int read_phases(struct mas_reader *r, struct place *pl, yaml_node_t *list, int therapy)
{
    char buf[80];
    int rc;
    for (int i = 0; phase_keys[i]; i++) {
        yaml_node_t *k = mas_rd_key(r, pl->entry, phase_keys[i]);
        if (k && strcmp(phase_keys[i], "drug") && strcmp(phase_keys[i], "route")
            && strcmp(phase_keys[i], "when") && strcmp(phase_keys[i], "after"))
            return mas_rd_fail(r, k, "%s: '%s' goes in each phase when 'phases' is given",
                               pl->where, phase_keys[i]);
    }
    if (list->type != YAML_SEQUENCE_NODE || list->data.sequence.items.top
                                            == list->data.sequence.items.start)
        return mas_rd_fail(r, list, "%s.phases: expected a non-empty list of phases, found %s",
                           pl->where, list->type == YAML_SEQUENCE_NODE ? "an empty list"
                           : mas_rd_describe(list, buf, sizeof buf));
    int phase = 0;
    for (yaml_node_item_t *it = list->data.sequence.items.start;
         it < list->data.sequence.items.top; it++, phase++) {
        char where[64];
        snprintf(where, sizeof where, "%.40s.phases[%d]", pl->where, phase);
        pl->phase = mas_rd_node(r, *it);
        if (pl->phase->type != YAML_MAPPING_NODE)
            return mas_rd_fail(r, pl->phase, "%s: expected a mapping, found %s", where,
                               mas_rd_describe(pl->phase, buf, sizeof buf));
        if ((rc = mas_rd_check_keys(r, pl->phase, "in a phase", phase_keys)))
            return rc;
        struct place ph = *pl;
        memcpy(ph.where, where, sizeof where);
        ph.when_own = 0;
        yaml_node_t *when = mas_rd_key(r, pl->phase, "when");
        yaml_node_t *after = mas_rd_key(r, pl->phase, "after");
        if (when && pl->when)
            return mas_rd_fail(r, when, "%s: %s starts when its condition holds, and its "
                               "phases from then: give the phase 'start', not 'when'",
                               where, pl->where);
        if (after && !when)
            return mas_rd_fail(r, after, "%s: 'after' delays a 'when': give 'when' too (or "
                               "'start' alone)", where);
        if (when) {
            if ((rc = read_condition(r, &ph, pl->phase, therapy, phase)))
                return rc;
            ph.when_own = 1;
        }
        if ((rc = read_phase(r, &ph, therapy, phase)))
            return rc;
    }
    return MAS_OK;
}

static int read_entry(struct mas_reader *r, yaml_node_t *entry, int therapy)
{
    char buf[80];
    struct place pl = { entry, entry, "", 0, 0 };
    snprintf(pl.where, sizeof pl.where, "therapies[%d]", therapy);
    if (entry->type != YAML_MAPPING_NODE)
        return mas_rd_fail(r, entry, "%s: expected a mapping (drug:, dose:, start: ...), "
                           "found %s", pl.where, mas_rd_describe(entry, buf, sizeof buf));
    int rc = mas_rd_check_keys(r, entry, "in a therapy", entry_keys);
    if (rc)
        return rc;
    yaml_node_t *phases = mas_rd_lookup(r, entry, "phases");
    yaml_node_t *when = mas_rd_key(r, entry, "when"), *after = mas_rd_key(r, entry, "after");
    if (after && !when)
        return mas_rd_fail(r, after, "%s: 'after' delays a 'when': give 'when' too (or "
                           "'start' alone)", pl.where);
    if (when) {
        if ((rc = read_condition(r, &pl, entry, therapy, -1)))
            return rc;
        pl.when_own = !phases;
    }
    return phases ? read_phases(r, &pl, phases, therapy) : read_phase(r, &pl, therapy, -1);
}

static void regimen_name(const struct mas_regimen *g, char *buf, size_t size)
{
    if (g->phase < 0)
        snprintf(buf, size, "therapies[%d]", g->therapy);
    else
        snprintf(buf, size, "therapies[%d].phases[%d]", g->therapy, g->phase);
}

/* Infusions of one drug may not overlap (each adds its rate to the same
 * rate state, and the schedule would no longer say what was meant). */
static int check_overlaps_of(struct mas_reader *r, yaml_node_t *list, int when)
{
    struct mas_dose *d = NULL;
    size_t n, a, b, cap = 0;
    const struct mas_scenario *s = r->s;
    char err[MAS_ERR_LEN];
    if (mas_therapy_expand_when(s->regimens, s->n_regimens, when, 0.0, s->patient.weight_kg,
                                s->patient.height_cm, &d, &cap, &n, err)) {
        free(d);
        return mas_rd_fail(r, list, "%s", err);
    }
    int rc = MAS_OK;
    if (mas_therapy_find_overlap(d, n, &a, &b)) {
        const struct mas_regimen *ga = &s->regimens[d[a].regimen];
        const struct mas_regimen *gb = &s->regimens[d[b].regimen];
        char na[64], nb[64];
        regimen_name(ga, na, sizeof na);
        regimen_name(gb, nb, sizeof nb);
        rc = mas_fail(r->err, MAS_EINPUT, "%s:%d:%d: %s: overlapping iv infusions of %s: the "
                      "one at day %g runs to day %g (%s, line %d), past this one's start at "
                      "day %g", r->path, gb->line, gb->col, nb, d[b].drug, d[a].day,
                      d[a].day + d[a].duration_day, na, ga->line, d[b].day);
    }
    free(d);
    return rc;
}

/* The fixed schedule, and each condition's on its own (days from when it
 * holds): infusions of one drug that overlap across them are a warning
 * of the run (run.c), since only the run knows when a condition holds. */
static int check_overlaps(struct mas_reader *r, yaml_node_t *list)
{
    int rc = MAS_OK;
    for (int w = 0; rc == MAS_OK && w <= r->s->n_conditions; w++)
        rc = check_overlaps_of(r, list, w);
    return rc;
}

/* At most MAS_MAX_DOSES over every therapy, fixed or waiting. */
static int check_total(struct mas_reader *r, yaml_node_t *list)
{
    size_t total = 0;
    for (int i = 0; i < r->s->n_regimens; i++)
        total += mas_regimen_n_doses(&r->s->regimens[i]);
    if (total > MAS_MAX_DOSES)
        return mas_rd_fail(r, list, "the therapies give %zu doses; at most %d are allowed",
                           total, MAS_MAX_DOSES);
    return MAS_OK;
}

/* Every dose, scaled to this patient and capped, is a finite amount of at
 * most MAS_MAX_DOSE_AMOUNT mg (mL): more is a typing error, and an
 * overflow would make the run fail. */
static int check_amounts(struct mas_reader *r)
{
    const struct mas_scenario *s = r->s;
    for (int i = 0; i < s->n_regimens; i++) {
        const struct mas_regimen *g = &s->regimens[i];
        if (g->route == MAS_ROUTE_PROCEDURE)
            continue;
        double a = mas_regimen_amount(g, s->patient.weight_kg, s->patient.height_cm);
        if (!(a <= MAS_MAX_DOSE_AMOUNT)) {
            char name[64];
            regimen_name(g, name, sizeof name);
            return mas_fail(r->err, MAS_EINPUT, "%s:%d:%d: %s: a dose of %g %s for this patient "
                            "(%g kg, %g cm); at most %g %s", r->path, g->line, g->col,
                            name, a, mas_drug_amount_unit(g->drug), s->patient.weight_kg,
                            s->patient.height_cm, MAS_MAX_DOSE_AMOUNT,
                            mas_drug_amount_unit(g->drug));
        }
    }
    return MAS_OK;
}

int mas_rd_therapies(struct mas_reader *r, yaml_node_t *list)
{
    char buf[80];
    int rc, therapy = 0;
    if (mas_rd_is_null(list))
        return MAS_OK;
    if (list->type != YAML_SEQUENCE_NODE)
        return mas_rd_fail(r, list, "therapies: expected a list of therapies, found %s",
                           mas_rd_describe(list, buf, sizeof buf));
    for (yaml_node_item_t *it = list->data.sequence.items.start;
         it < list->data.sequence.items.top; it++, therapy++)
        if ((rc = read_entry(r, mas_rd_node(r, *it), therapy)))
            return rc;
    if ((rc = check_amounts(r)) || (rc = check_total(r, list)))
        return rc;
    return check_overlaps(r, list);
}
