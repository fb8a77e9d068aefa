/*
 * outcomes.c — outcome metrics from a sampled trajectory (outcomes.h).
 *
 * Tables over code: every extreme metric is a row {name, variable, kind,
 * doc}; the threshold metrics and the remission rule are written out below
 * with their sources.  Variables are looked up by name once per run (never
 * in the right-hand side); mas_outcomes_check_model() refuses a model that
 * lacks one before any run.  docs/therapies.md lists every metric; the
 * tables there are printed from the ones here (mas_outcomes_markdown_*).
 */
#include "outcomes.h"
#include "criteria_model.h"
#include "massim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum kind { PEAK, NADIR, FINAL };

static const struct extreme {
    const char *name;
    const char *day_name;     /* the day of the extreme, or NULL */
    const char *variable;     /* a state or an observable */
    enum kind kind;
    const char *doc;          /* what is measured (the generated docs) */
} extremes[] = {
    {"peak_ferritin", "peak_ferritin_day", "ferritin", PEAK, "serum ferritin"},
    {"nadir_fibrinogen", "nadir_fibrinogen_day", "fibrinogen", NADIR, "plasma fibrinogen"},
    {"peak_fibrinogen", "peak_fibrinogen_day", "fibrinogen", PEAK, "plasma fibrinogen"},
    {"nadir_platelets", "nadir_platelets_day", "platelets", NADIR, "platelet count"},
    {"nadir_neutrophils", "nadir_neutrophils_day", "neutrophils", NADIR,
     "absolute neutrophil count"},
    {"nadir_hemoglobin", "nadir_hemoglobin_day", "hemoglobin", NADIR, "hemoglobin"},
    {"peak_ifng", "peak_ifng_day", "ifng", PEAK, "free serum IFN-γ"},
    {"peak_cxcl9", "peak_cxcl9_day", "cxcl9", PEAK, "serum CXCL9"},
    {"peak_il6", "peak_il6_day", "il6", PEAK, "serum IL-6"},
    {"peak_crp", "peak_crp_day", "crp", PEAK, "C-reactive protein"},
    {"peak_d_dimer", "peak_d_dimer_day", "d_dimer", PEAK, "D-dimer"},
    {"peak_esr", "peak_esr_day", "esr", PEAK, "erythrocyte sedimentation rate"},
    {"nadir_esr", "nadir_esr_day", "esr", NADIR, "erythrocyte sedimentation rate"},
    {"final_ferritin", NULL, "ferritin", FINAL, "serum ferritin"},
    {"final_fibrinogen", NULL, "fibrinogen", FINAL, "plasma fibrinogen"},
    {"peak_organ_dysfunction", "peak_organ_dysfunction_day", "organ_dysfunction", PEAK,
     "the organ-dysfunction index of docs/model.md §14"},
    {"final_survival", NULL, "survival", FINAL,
     "the survival probability exp(−cumulative death hazard) of docs/model.md §14"},
};

/* Days below a threshold (time-weighted over the output grid). */
static const struct below {
    const char *name;
    const char *variable;
    double threshold;
    const char *doc;
} belows[] = {
    {"days_fibrinogen_below_150", "fibrinogen", 150.0,    /* HLH-2004 criterion, mg/dL */
     "days with fibrinogen < 150 mg/dL (the HLH-2004 threshold), trapezoid of the "
     "indicator on the output grid"},
    {"days_platelets_below_50", "platelets", 50.0,        /* 10^9/L */
     "days with platelets < 50 ×10⁹/L, trapezoid of the indicator on the output grid"},
};

/* The metrics computed by code of their own below (one function each):
 * name, unit, the variable they need, definition. */
enum { IFNG_AUC, CXCL9_RETURN, REMISSION, MEDIAN_SURVIVAL };
static const struct single {
    const char *name;
    const char *unit;
    const char *variable;
    const char *doc;
} singles[] = {
    [IFNG_AUC] = {"ifng_auc", "pg/mL*day", "ifng_signal",
                  "area under the IFN-γ signal cells sense (free tissue IFN-γ in serum-equivalent "
                  "pg/mL, docs/model.md §3.1; without drugs the free serum level) over the run "
                  "(trapezoid on the output grid)"},
    [CXCL9_RETURN] = {"cxcl9_below_cutoff_day", "day", "cxcl9",
                      "first day after its peak on which CXCL9 is below 2,677 pg/mL, the "
                      "cut-off that separated MAS from active sJIA (Bracaglia et al., ACR 2017 "
                      "abstract 2332); NaN if it never rose above it or never came back"},
    [REMISSION] = {"remission_day", "day", "ferritin",
                   "first output time, after the first dose (without therapy: after the "
                   "ferritin peak) and after a time the conditions did not hold, from which "
                   "every remission condition holds for the hold time (both in the remission table); NaN = never"},
    [MEDIAN_SURVIVAL] = {"median_survival_day", "day", "survival",
                         "first output time at which the survival probability is below 0.5: half of "
                         "the patients on this course have died (docs/model.md §14); NaN = never "
                         "within the run"},
};

/* CXCL9 cut-off separating MAS from active sJIA without MAS (Bracaglia et
 * al., ACR 2017 abstract 2332): 2,677 pg/mL. */
#define CXCL9_MAS_CUTOFF 2677.0

struct column {
    const double *v;
    size_t stride;
    const char *unit;
};

#define N_EXTREMES (sizeof extremes / sizeof extremes[0])
#define N_BELOWS (sizeof belows / sizeof belows[0])
#define N_SINGLES (sizeof singles / sizeof singles[0])
#define N_LIMITS (sizeof remission_limits / sizeof remission_limits[0])
/* Each table row's slot in r->outcome_var (each_variable's order). */
#define SLOT_EXTREME(m) (m)
#define SLOT_BELOW(m) (N_EXTREMES + (m))
#define SLOT_SINGLE(m) (N_EXTREMES + N_BELOWS + (m))
#define SLOT_LIMIT(m) (N_EXTREMES + N_BELOWS + N_SINGLES + (m))
#define N_SLOTS (N_EXTREMES + N_BELOWS + N_SINGLES + N_LIMITS)


/* The column of the variable of table slot `slot` (resolved by
 * mas_outcomes_resolve, or looked up by name in a run made otherwise). */
static int column(const struct mas_run *r, size_t slot, const char *name, struct column *c)
{
    int i = r->vars_resolved ? r->outcome_var[slot] : mas_run_var(&r->model, name);
    if (i >= 0) {
        *c = (struct column){r->y + i, (size_t)r->model.n_states, mas_model_state(&r->model, i)->unit};
        return 1;
    }
    if (i <= MAS_VAR_OBS(0)) {
        int o = MAS_VAR_OBS(i);
        *c = (struct column){r->obs + o, (size_t)r->model.n_obs, mas_model_obs(&r->model, o)->unit};
        return 1;
    }
    return 0;
}

static double at(const struct column *c, size_t k)
{
    return c->v[k * c->stride];
}

int mas_run_add_metric(struct mas_run *r, const char *name, const char *unit, double value)
{
    if (r->n_metrics == r->cap_metrics) {
        int cap = r->cap_metrics ? 2 * r->cap_metrics : 64;
        struct mas_metric *m = realloc(r->metrics, (size_t)cap * sizeof *m);
        if (!m) {
            mas_warn(r, NULL, "metric '%s' not computed: out of memory", name);
            return MAS_EIO;
        }
        r->metrics = m;
        r->cap_metrics = cap;
    }
    r->metrics[r->n_metrics++] = (struct mas_metric){name, unit, value};
    return MAS_OK;
}

static void add(struct mas_run *r, const char *name, const char *unit, double value)
{
    (void)mas_run_add_metric(r, name, unit, value);   /* a failure is a warning on r */
}

/* The column of `variable` for metric `metric`; without it (a model that
 * mas_outcomes_check_model would have refused) the metric is left out,
 * with a warning. */
static int need(struct mas_run *r, const char *metric, const char *variable, size_t slot,
                struct column *c)
{
    if (column(r, slot, variable, c))
        return 1;
    char key[160];
    snprintf(key, sizeof key, "missing:%s", metric);
    mas_warn(r, key, "metric '%s' not computed: the model has no state or observable '%s'",
             metric, variable);
    return 0;
}

static void add_extremes(struct mas_run *r)
{
    for (size_t m = 0; m < sizeof extremes / sizeof extremes[0]; m++) {
        const struct extreme *d = &extremes[m];
        struct column c;
        if (!need(r, d->name, d->variable, SLOT_EXTREME(m), &c))
            continue;
        size_t best = d->kind == FINAL ? r->n_time - 1 : 0;
        for (size_t k = 1; d->kind != FINAL && k < r->n_time; k++)
            if ((d->kind == PEAK && at(&c, k) > at(&c, best)) || (d->kind == NADIR && at(&c, k) < at(&c, best)))
                best = k;
        add(r, d->name, c.unit, at(&c, best));
        if (d->day_name)
            add(r, d->day_name, "day", r->time[best]);
    }
}

/* Time spent below a threshold: each output interval counts by the share
 * of its two ends below (trapezoid on the indicator). */
static void add_time_below(struct mas_run *r)
{
    for (size_t m = 0; m < sizeof belows / sizeof belows[0]; m++) {
        struct column c;
        if (!need(r, belows[m].name, belows[m].variable, SLOT_BELOW(m), &c))
            continue;
        double days = 0.0;
        for (size_t k = 1; k < r->n_time; k++)
            days += 0.5 * ((at(&c, k - 1) < belows[m].threshold) + (at(&c, k) < belows[m].threshold))
                  * (r->time[k] - r->time[k - 1]);
        add(r, belows[m].name, "day", days);
    }
}

static void add_ifng_exposure(struct mas_run *r)
{
    const struct single *d = &singles[IFNG_AUC];
    struct column c;
    if (!need(r, d->name, d->variable, SLOT_SINGLE(IFNG_AUC), &c))
        return;
    double auc = 0.0;
    for (size_t k = 1; k < r->n_time; k++)
        auc += 0.5 * (at(&c, k - 1) + at(&c, k)) * (r->time[k] - r->time[k - 1]);
    add(r, d->name, d->unit, auc);
}

/* The first day after its peak at which CXCL9 is below the MAS cut-off
 * (NaN if it never rose above it, or never came back). */
static void add_cxcl9_return(struct mas_run *r)
{
    const struct single *d = &singles[CXCL9_RETURN];
    struct column c;
    if (!need(r, d->name, d->variable, SLOT_SINGLE(CXCL9_RETURN), &c))
        return;
    size_t peak = 0;
    for (size_t k = 1; k < r->n_time; k++)
        if (at(&c, k) > at(&c, peak))
            peak = k;
    double day = NAN;
    for (size_t k = peak; at(&c, peak) > CXCL9_MAS_CUTOFF && k < r->n_time; k++)
        if (at(&c, k) < CXCL9_MAS_CUTOFF) {
            day = r->time[k];
            break;
        }
    add(r, d->name, d->unit, day);
}

/* Remission of MAS, modelled on the laboratory part of the MAS remission
 * definition of the emapalumab trial (De Benedetti et al., Ann Rheum Dis
 * 2023;82:857): blood counts, LDH and transaminases back within limits,
 * fibrinogen above 100 mg/dL, and ferritin down by 80% from the start of
 * treatment or below 2,000 ng/mL.  The thresholds below are this model's
 * reading of it (docs/therapies.md); remission must then hold for 3 days.
 * Fever is not an item: in sJIA it is also the flare's own (IL-1), and the
 * trial left the clinical signs to the investigator's judgement; with fever
 * the remission day followed the end of the flare (r = 0.95 in a treated
 * cohort, tests/t_therapies.sh), not the MAS. */
static const struct limit {
    const char *variable;
    int above;                /* 1: must be >= value, 0: must be <= value */
    double value;
    const char *doc;          /* why this value (the generated docs) */
} remission_limits[] = {
    {"wbc", 1, 4.0, "lower limit of normal"},                    /* 10^9/L */
    {"platelets", 1, 150.0, "lower limit of normal"},            /* 10^9/L */
    {"ldh", 0, 450.0, "1.5 × the upper limit of normal, 300"},   /* U/L */
    {"alt", 0, 60.0, "1.5 × the upper limit of normal, 40"},     /* U/L */
    {"ast", 0, 60.0, "1.5 × the upper limit of normal, 40"},     /* U/L */
    {"fibrinogen", 1, 100.0, "fibrinogen restored"},             /* mg/dL */
};
#define REMISSION_HOLD_DAYS 3.0
/* Ferritin: down to this share of its value at the start of treatment, or
 * below the absolute level (ng/mL). */
#define REMISSION_FERRITIN_SHARE 0.2
#define REMISSION_FERRITIN_LEVEL 2000.0

static int in_remission(size_t k, const struct column *cols, const struct column *ferritin,
                        double ferritin_start)
{
    for (size_t m = 0; m < sizeof remission_limits / sizeof remission_limits[0]; m++) {
        double v = at(&cols[m], k);
        if (remission_limits[m].above ? v < remission_limits[m].value : v > remission_limits[m].value)
            return 0;
    }
    double f = at(ferritin, k);
    return f <= REMISSION_FERRITIN_SHARE * ferritin_start || f < REMISSION_FERRITIN_LEVEL;
}

static void add_remission(struct mas_run *r, double start_day)
{
    size_t n_lim = sizeof remission_limits / sizeof remission_limits[0];
    struct column cols[sizeof remission_limits / sizeof remission_limits[0]], ferritin;
    const struct single *d = &singles[REMISSION];
    for (size_t m = 0; m < n_lim; m++)
        if (!need(r, d->name, remission_limits[m].variable, SLOT_LIMIT(m), &cols[m]))
            return;
    if (!need(r, d->name, d->variable, SLOT_SINGLE(REMISSION), &ferritin))
        return;
    size_t k0 = 0;                            /* treatment start, or the ferritin peak */
    if (isnan(start_day)) {
        for (size_t k = 1; k < r->n_time; k++)
            if (at(&ferritin, k) > at(&ferritin, k0))
                k0 = k;
    } else {
        while (k0 + 1 < r->n_time && r->time[k0] < start_day)
            k0++;
    }
    double f0 = at(&ferritin, k0), day = NAN;
    int was_ill = 0;
    /* end: the first output at or after k not in remission (or n_time); it
     * only moves forward, so the whole search is linear in the outputs
     * however many fall within the hold time */
    size_t end = k0;
    for (size_t k = k0; k < r->n_time && isnan(day); k++) {
        if (!in_remission(k, cols, &ferritin, f0)) {
            was_ill = 1;
            continue;
        }
        if (end <= k)
            for (end = k + 1; end < r->n_time && in_remission(end, cols, &ferritin, f0); end++)
                ;
        int held = end == r->n_time || r->time[end] >= r->time[k] + REMISSION_HOLD_DAYS;
        if (held && was_ill && r->time[k] + REMISSION_HOLD_DAYS <= r->time[r->n_time - 1])
            day = r->time[k];
    }
    add(r, d->name, d->unit, day);
}

/* The first output time with survival below one half (NaN if none). */
static void add_median_survival(struct mas_run *r)
{
    const struct single *d = &singles[MEDIAN_SURVIVAL];
    struct column c;
    if (!need(r, d->name, d->variable, SLOT_SINGLE(MEDIAN_SURVIVAL), &c))
        return;
    double day = NAN;
    for (size_t k = 0; k < r->n_time && isnan(day); k++)
        if (at(&c, k) < 0.5)
            day = r->time[k];
    add(r, d->name, d->unit, day);
}

/* The days the scenario's conditions first held (`when:`; NaN: never), as
 * located by the solver (run.c): when_K_day for condition K. */
static const char *const when_day_names[MAS_MAX_CONDITIONS] = {
    "when_0_day", "when_1_day", "when_2_day", "when_3_day", "when_4_day", "when_5_day",
    "when_6_day", "when_7_day", "when_8_day", "when_9_day", "when_10_day", "when_11_day",
    "when_12_day", "when_13_day", "when_14_day", "when_15_day",
};

void mas_outcomes_compute(struct mas_run *r, double treatment_start_day)
{
    r->n_metrics = 0;
    add_extremes(r);
    add_time_below(r);
    add_ifng_exposure(r);
    add_cxcl9_return(r);
    add_remission(r, treatment_start_day);
    add_median_survival(r);
    char err[MAS_ERR_LEN];
    if (mas_criteria_metrics(r, err) != MAS_OK)   /* without memory: fewer metrics */
        mas_warn(r, "criteria", "the criteria metrics could not be evaluated: %s", err);
    for (int i = 0; i < r->sc.n_conditions; i++)
        add(r, when_day_names[i], "day", r->fired_day[i]);
}

/* ---- the variables the metrics need ------------------------------------ */

typedef int has_name_fn(const void *ctx, const char *name);

/* Every (metric, variable) pair of the tables, in table order, to fn;
 * stops at the first nonzero return. */
static int each_variable(int (*fn)(void *ctx, const char *metric, const char *variable), void *ctx)
{
    int rc = 0;
    for (size_t m = 0; !rc && m < sizeof extremes / sizeof extremes[0]; m++)
        rc = fn(ctx, extremes[m].name, extremes[m].variable);
    for (size_t m = 0; !rc && m < sizeof belows / sizeof belows[0]; m++)
        rc = fn(ctx, belows[m].name, belows[m].variable);
    for (size_t m = 0; !rc && m < sizeof singles / sizeof singles[0]; m++)
        rc = fn(ctx, singles[m].name, singles[m].variable);
    for (size_t m = 0; !rc && m < sizeof remission_limits / sizeof remission_limits[0]; m++)
        rc = fn(ctx, singles[REMISSION].name, remission_limits[m].variable);
    return rc;
}

_Static_assert(N_SLOTS <= MAS_OUTCOME_VARS, "MAS_OUTCOME_VARS (run.h) is too small");

struct resolving {
    struct mas_run *r;
    size_t slot;
};

static int resolve_one(void *ctx, const char *metric, const char *variable)
{
    struct resolving *v = ctx;
    (void)metric;
    v->r->outcome_var[v->slot++] = mas_run_var(&v->r->model, variable);
    return 0;
}

void mas_outcomes_resolve(struct mas_run *r)
{
    struct resolving v = {r, 0};
    each_variable(resolve_one, &v);
}

struct check {
    has_name_fn *has;
    const void *ctx;
    char *err;
};

static int check_one(void *ctx, const char *metric, const char *variable)
{
    struct check *c = ctx;
    if (c->has(c->ctx, variable))
        return 0;
    return mas_fail(c->err, MAS_EINPUT, "outcome metric '%s' needs the state or observable "
                    "'%s', which the model does not have (renamed? update the tables of "
                    "src/outcomes.c)", metric, variable);
}

static int check_with(has_name_fn *has, const void *ctx, char *err)
{
    struct check c = {has, ctx, err};
    int rc = each_variable(check_one, &c);
    return rc ? rc : MAS_OK;
}

static int model_has(const void *ctx, const char *name)
{
    const struct mas_model *m = ctx;
    return mas_model_find_state(m, name) >= 0 || mas_model_find_obs(m, name) >= 0;
}

int mas_outcomes_check_model(const struct mas_model *m, char *err)
{
    return check_with(model_has, m, err);
}

struct name_list {
    const char *const *names;
    size_t n;
};

static int list_has(const void *ctx, const char *name)
{
    const struct name_list *l = ctx;
    for (size_t i = 0; i < l->n; i++)
        if (l->names[i] && strcmp(l->names[i], name) == 0)
            return 1;
    return 0;
}

int mas_outcomes_check_names(const char *const *names, size_t n, char *err)
{
    struct name_list l = {names, n};
    return check_with(list_has, &l, err);
}

/* ---- generated documentation (Markdown) -------------------------------- */

/* The unit of a variable in the built model, or "?" (no model). */
static const char *unit_of(const struct mas_model *m, const char *variable)
{
    if (!m)
        return "?";
    int i = mas_model_find_state(m, variable);
    if (i >= 0)
        return mas_model_state(m, i)->unit;
    i = mas_model_find_obs(m, variable);
    return i >= 0 ? mas_model_obs(m, i)->unit : "?";
}

static void row(FILE *f, const char *name, const char *unit, const char *doc)
{
    fprintf(f, "| `%s` | %s | %s |\n", name, unit, doc);
}

void mas_outcomes_markdown_metrics(FILE *f)
{
    char err[MAS_ERR_LEN], doc[512];
    struct mas_model model;
    const struct mas_model *m = mas_model_init(&model, err) == MAS_OK ? &model : NULL;
    static const char *const what[] = {[PEAK] = "maximum", [NADIR] = "minimum", [FINAL] = ""};
    fprintf(f, "| metric | unit | definition |\n|---|---|---|\n");
    for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
        const struct extreme *d = &extremes[i];
        if (d->kind == FINAL)
            snprintf(doc, sizeof doc, "%s at the end of the run", d->doc);
        else
            snprintf(doc, sizeof doc, "%s of %s over the run", what[d->kind], d->doc);
        row(f, d->name, unit_of(m, d->variable), doc);
        if (d->day_name) {
            snprintf(doc, sizeof doc, "the first output time at which `%s` is reached", d->name);
            row(f, d->day_name, "day", doc);
        }
    }
    for (size_t i = 0; i < sizeof belows / sizeof belows[0]; i++)
        row(f, belows[i].name, "day", belows[i].doc);
    for (size_t i = 0; i < sizeof singles / sizeof singles[0]; i++)
        row(f, singles[i].name, singles[i].unit, singles[i].doc);
    mas_criteria_markdown_metrics(f);   /* the criteria metrics, from their descriptors */
    row(f, "when_K_day", "day", "the day condition K of the scenario (the K-th `when:`, from 0; "
        "/events) first held, located by the solver; NaN if it never held; only in runs of "
        "scenarios with conditions");
    if (m)
        mas_model_free(&model);
}

void mas_outcomes_markdown_remission(FILE *f)
{
    char err[MAS_ERR_LEN];
    struct mas_model model;
    const struct mas_model *m = mas_model_init(&model, err) == MAS_OK ? &model : NULL;
    fprintf(f, "| variable | condition | unit | why |\n|---|---|---|---|\n");
    for (size_t i = 0; i < sizeof remission_limits / sizeof remission_limits[0]; i++) {
        const struct limit *l = &remission_limits[i];
        fprintf(f, "| `%s` | %s %g | %s | %s |\n", l->variable, l->above ? "≥" : "≤", l->value,
                unit_of(m, l->variable), l->doc);
    }
    fprintf(f, "| `ferritin` | ≤ %g %% of its value at the start of treatment, or < %g | %s | "
            "ferritin down |\n", 100.0 * REMISSION_FERRITIN_SHARE, REMISSION_FERRITIN_LEVEL,
            unit_of(m, singles[REMISSION].variable));
    fprintf(f, "\nAll of them must hold for %g days (the remission day is the first of them).\n",
            REMISSION_HOLD_DAYS);
    if (m)
        mas_model_free(&model);
}
