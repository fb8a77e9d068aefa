/*
 * criteria_model.c — the criteria on a simulated patient: each output time
 * of a run becomes a lab panel (docs/criteria.md, "From the model to a
 * panel": which observable answers which item, and the model surrogates
 * for the items the model has no organ for), every criteria set is applied
 * to it, and the course of each set is summarised: the first and last day
 * it is met, and per time its count of items or score.
 */
#include "criteria_model.h"
#include "clinic.h"
#include "massim.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The variables a panel reads, resolved once per run to a column of the
 * sampled trajectory (base + k * stride), or to nothing (NaN). */
enum var {
    V_TEMP, V_FERRITIN, V_PLT, V_AST, V_TG, V_FIB, V_HB, V_ANC, V_WBC, V_SCD25, V_LDH, V_ESR,
    V_SPLEEN, V_LIVER, V_HEMOPHAGO, V_NK, V_FLARE, V_MAC, N_VARS
};
static const char *const var_names[N_VARS] = {
    "temperature", "ferritin", "platelets", "ast", "triglycerides", "fibrinogen", "hemoglobin",
    "neutrophils", "wbc", "scd25", "ldh", "esr", "spleen_size", "liver_size",
    "hemophagocytosis_index", "nk_activity", "flare_trigger", "mac_activation",
};

struct cols {
    const double *base[N_VARS];
    size_t stride[N_VARS];
};

_Static_assert(N_VARS <= MAS_CRITERIA_VARS, "MAS_CRITERIA_VARS (run.h) is too small");


void mas_criteria_resolve(struct mas_run *r)
{
    for (int v = 0; v < N_VARS; v++)
        r->criteria_var[v] = mas_run_var(&r->model, var_names[v]);
}

/* The columns in the rows y (states) and obs (observables), from the
 * variables mas_criteria_resolve found (or, in a run made otherwise,
 * looked up by name). */
static void resolve_in(const struct mas_run *r, const double *y, const double *obs,
                       struct cols *c)
{
    for (int v = 0; v < N_VARS; v++) {
        int i = r->vars_resolved ? r->criteria_var[v] : mas_run_var(&r->model, var_names[v]);
        int o = i <= MAS_VAR_OBS(0) ? MAS_VAR_OBS(i) : -1;
        c->base[v] = i >= 0 ? y + i : o >= 0 ? obs + o : NULL;
        c->stride[v] = i >= 0 ? (size_t)r->model.n_states : (size_t)r->model.n_obs;
    }
}

static void resolve(const struct mas_run *r, struct cols *c)
{
    resolve_in(r, r->y, r->obs, c);
}

int mas_criteria_check_model(const struct mas_model *m, char *err)
{
    for (int v = 0; v < N_VARS; v++)
        if (mas_model_find_state(m, var_names[v]) < 0 && mas_model_find_obs(m, var_names[v]) < 0)
            return mas_fail(err, MAS_EINPUT, "criteria: the model has no state or observable "
                            "'%s' (the lab panel reads it; docs/criteria.md)", var_names[v]);
    return MAS_OK;
}

static double at(const struct cols *c, enum var v, size_t k)
{
    return c->base[v] ? c->base[v][k * c->stride[v]] : NAN;
}

static int known(int given, int fallback)
{
    return given >= 0 ? given : fallback;
}

/* What a clinician has of a run (docs/criteria.md, "What a clinician
 * sees"): when the patient presents, and the tests sent once, each with
 * the output time of its sample (the first at or after the day the test
 * is done; none past the end of the run) and the day its result arrives. */
struct view {
    double presentation;         /* absolute day */
    long k_marrow, k_workup;     /* output index of the sample; -1: not done */
    double marrow_day, workup_day;   /* the samples' days (INFINITY: not done) */
    double marrow_result, nk_result, scd25_result;   /* day the result is known */
    double marrow_index, nk, scd25;  /* the samples' true values (NaN: not known) */
};

/* The first output time at or after day (the last one if none is). */
static size_t index_from(const struct mas_run *r, double day)
{
    size_t k = 0;
    while (k + 1 < r->n_time && r->time[k] < day - 1e-9)
        k++;
    return k;
}

/* The same, or -1 when day is NaN (not done) or after the end. */
static long index_at(const struct mas_run *r, double day)
{
    if (!(day <= r->time[r->n_time - 1] + 1e-9))
        return -1;
    return (long)index_from(r, day);
}

static int bg_sjia(const struct mas_run *r)
{
    const struct mas_background_def *bg = mas_background_def(r->sc.patient.bg);
    return bg && bg->sjia;
}

static double first_trigger_day(const struct mas_run *r)
{
    return r->sc.trigger.kind == MAS_TRIGGER_NONE ? r->sc.t_start_day : r->sc.trigger.at_day;
}

/* The samples' days (INFINITY: not done), the days their results
 * arrive, their values not known yet. */
static void set_samples(struct view *v, double marrow_day, double workup_day)
{
    v->marrow_day = marrow_day;
    v->workup_day = workup_day;
    v->marrow_result = marrow_day + MAS_MARROW_TURNAROUND_D;
    v->nk_result = workup_day + MAS_NK_TURNAROUND_D;
    v->scd25_result = workup_day + MAS_SCD25_TURNAROUND_D;
    v->marrow_index = v->nk = v->scd25 = NAN;
}

static void view_of(const struct mas_run *r, struct view *v)
{
    const double end = r->n_time ? r->time[r->n_time - 1] : r->sc.t_end_day;
    v->presentation = fmin(first_trigger_day(r) + r->sc.clinic.presentation_day, end);
    v->k_marrow = r->n_time ? index_at(r, v->presentation + r->sc.clinic.aspirate_day) : -1;
    v->k_workup = r->n_time ? index_at(r, v->presentation + r->sc.clinic.workup_day) : -1;
    set_samples(v, v->k_marrow >= 0 ? r->time[v->k_marrow] : INFINITY,
                v->k_workup >= 0 ? r->time[v->k_workup] : INFINITY);
}

/* The view of a finished run: the samples read from its trajectory. */
static void view_of_course(const struct mas_run *r, const struct cols *c, struct view *v)
{
    view_of(r, v);
    if (v->k_marrow >= 0)
        v->marrow_index = at(c, V_HEMOPHAGO, (size_t)v->k_marrow);
    if (v->k_workup >= 0) {
        v->nk = at(c, V_NK, (size_t)v->k_workup);
        v->scd25 = at(c, V_SCD25, (size_t)v->k_workup);
    }
}

void mas_criteria_plan_samples(struct mas_run *r)
{
    struct view v;
    view_of(r, &v);
    r->clinic_sample.day[0] = v.k_marrow >= 0 ? v.marrow_day : NAN;
    r->clinic_sample.day[1] = v.k_workup >= 0 ? v.workup_day : NAN;
    for (int i = 0; i < 3; i++)
        r->clinic_sample.value[i] = NAN;
}

void mas_criteria_take_samples(struct mas_run *r, double t, const double *y)
{
    for (int i = 0; i < 2; i++) {
        if (!(fabs(t - r->clinic_sample.day[i]) <= 1e-9))
            continue;
        struct cols c;
        mas_model_observe(&r->model, t, y, r->obs_now);
        resolve_in(r, y, r->obs_now, &c);
        if (i == 0) {
            r->clinic_sample.value[0] = at(&c, V_HEMOPHAGO, 0);
        } else {
            r->clinic_sample.value[1] = at(&c, V_NK, 0);
            r->clinic_sample.value[2] = at(&c, V_SCD25, 0);
        }
    }
}

/* The view at the moment t of an integration: the samples planned
 * (mas_criteria_plan_samples) and those taken so far; no search of the
 * output grid (this runs at every evaluation of a condition). */
static void view_of_moment(const struct mas_run *r, struct view *v)
{
    const double *day = r->clinic_sample.day;
    v->presentation = NAN;                  /* not read by the panel */
    v->k_marrow = v->k_workup = -1;
    set_samples(v, isnan(day[0]) ? INFINITY : day[0], isnan(day[1]) ? INFINITY : day[1]);
    v->marrow_index = r->clinic_sample.value[0];
    v->nk = r->clinic_sample.value[1];
    v->scd25 = r->clinic_sample.value[2];
}

/* A lab value as measured on `day` (the scenario's lab error, if on). */
static double lab(const struct mas_scenario *sc, enum mas_lab l, double v, double day)
{
    return sc->clinic.lab_error ? mas_lab_measured(sc->clinic.seed, l, v, day) : v;
}

/* An organ found enlarged on palpation: its size (x normal) above the
 * limit of normal, through the examination's sensitivity and specificity
 * (one pair of draws per patient and organ: the same examiner finds the
 * same organ the same way).  Unknown (-1) when the size is NaN. */
static int palpated(const struct mas_scenario *sc, double size, double limit, double se,
                    double sp, enum mas_draw when_enlarged, enum mas_draw when_not)
{
    if (isnan(size))
        return -1;
    return mas_test_result(size > limit, se, sp, mas_clinic_uniform(sc->clinic.seed, when_enlarged, 0),
                           mas_clinic_uniform(sc->clinic.seed, when_not, 0));
}

/* The panel at output time k, day t (docs/criteria.md, "From the model to
 * a panel" and "What a clinician sees"); v: the samples of the tests sent
 * once, and when their results arrive. */
static void panel_at(const struct mas_run *r, const struct cols *c, size_t k, double t,
                     const struct view *v, struct mas_panel *p)
{
    const struct mas_scenario *sc = &r->sc;
    const struct mas_background_def *bg = mas_background_def(sc->patient.bg);
    mas_panel_init(p);
    p->temperature_c = at(c, V_TEMP, k);
    p->ferritin = lab(sc, MAS_LAB_FERRITIN, at(c, V_FERRITIN, k), t);
    p->platelets = lab(sc, MAS_LAB_PLATELETS, at(c, V_PLT, k), t);
    p->ast = lab(sc, MAS_LAB_AST, at(c, V_AST, k), t);
    p->triglycerides = lab(sc, MAS_LAB_TRIGLYCERIDES, at(c, V_TG, k), t);
    p->fibrinogen = lab(sc, MAS_LAB_FIBRINOGEN, at(c, V_FIB, k), t);
    p->hemoglobin = lab(sc, MAS_LAB_HEMOGLOBIN, at(c, V_HB, k), t);
    p->neutrophils = lab(sc, MAS_LAB_NEUTROPHILS, at(c, V_ANC, k), t);
    p->wbc = lab(sc, MAS_LAB_WBC, at(c, V_WBC, k), t);
    p->ldh = lab(sc, MAS_LAB_LDH, at(c, V_LDH, k), t);
    p->esr = lab(sc, MAS_LAB_ESR, at(c, V_ESR, k), t);
    /* the examination */
    p->spleen_enlarged = palpated(sc, at(c, V_SPLEEN, k), MAS_SURR_SPLEEN, MAS_PALP_SPLEEN_SENSITIVITY,
                                  MAS_PALP_SPLEEN_SPECIFICITY, MAS_DRAW_SPLEEN_TRUE, MAS_DRAW_SPLEEN_FALSE);
    p->liver_enlarged = palpated(sc, at(c, V_LIVER, k), MAS_SURR_LIVER, MAS_PALP_LIVER_SENSITIVITY,
                                 MAS_PALP_LIVER_SPECIFICITY, MAS_DRAW_LIVER_TRUE, MAS_DRAW_LIVER_FALSE);
    /* the tests sent once: missing until their results arrive */
    p->hemophagocytosis = MAS_UNKNOWN;
    p->nk_low = MAS_UNKNOWN;
    if (t >= v->marrow_result - 1e-9 && !isnan(v->marrow_index))
        p->hemophagocytosis = mas_test_result(
            v->marrow_index > MAS_SURR_HEMOPHAGOCYTOSIS, MAS_MARROW_SENSITIVITY,
            MAS_MARROW_SPECIFICITY, mas_clinic_uniform(sc->clinic.seed, MAS_DRAW_MARROW, 0),
            mas_clinic_uniform(sc->clinic.seed, MAS_DRAW_MARROW, 1));
    if (t >= v->nk_result - 1e-9 && !isnan(v->nk))
        p->nk_low = v->nk < MAS_SURR_NK_LOW_PCT;      /* no published assay CV */
    if (t >= v->scd25_result - 1e-9)
        p->scd25 = lab(sc, MAS_LAB_SCD25, v->scd25, v->workup_day);
    double fib = p->fibrinogen, plt = p->platelets;
    p->hemorrhage = fib < MAS_SURR_BLEED_FIBRINOGEN && plt < MAS_SURR_BLEED_PLATELETS;
    p->cns_involvement = 0;
    p->sjia = (bg && bg->sjia) || known(sc->patient.suspected_sjia, 0);
    p->active_arthritis = bg && bg->sjia && at(c, V_FLARE, k) >= MAS_SURR_ARTHRITIS_DRIVE;
    p->known_immunosuppression = known(sc->patient.known_immunosuppression, 0);
    p->molecular_diagnosis = known(sc->patient.molecular_diagnosis, bg && bg->molecular_diagnosis);
    p->fasting = known(sc->patient.fasting, 1);
}

/* The number a set is summarised by at one time: its score, or its count
 * of items met. */
static double summary_value(enum mas_criteria_set set, const struct mas_criteria_result *res)
{
    return mas_criteria_sets[set].kind == MAS_CRIT_COUNT ? (double)res->items : res->score;
}

int mas_criteria_met_at(const struct mas_run *r, enum mas_criteria_set set, double t,
                        const double *y, const double *obs)
{
    struct cols c;
    struct mas_panel p;
    struct mas_criteria_result res;
    struct view v;
    resolve_in(r, y, obs, &c);
    view_of_moment(r, &v);
    panel_at(r, &c, 0, t, &v, &p);
    mas_criteria_eval(set, &p, &res);
    return res.met != 0;
}

int mas_criteria_course(const struct mas_run *r, struct mas_criteria_course *c, char *err)
{
    memset(c, 0, sizeof *c);
    return mas_criteria_course_again(r, c, err);
}

int mas_criteria_course_again(const struct mas_run *r, struct mas_criteria_course *c, char *err)
{
    size_t n = r->n_time;
    if (n > c->cap || !c->value[0]) {
        mas_criteria_course_free(c);
        for (int s = 0; s < MAS_CRIT_NSETS; s++) {
            c->value[s] = malloc((n ? n : 1) * sizeof *c->value[s]);
            c->mask[s] = malloc((n ? n : 1) * sizeof *c->mask[s]);
            c->met[s] = malloc((n ? n : 1) * sizeof *c->met[s]);
            if (!c->value[s] || !c->mask[s] || !c->met[s]) {
                mas_criteria_course_free(c);
                return mas_fail(err, MAS_EIO, "out of memory for the criteria course");
            }
        }
        c->cap = n ? n : 1;
    }
    for (int s = 0; s < MAS_CRIT_NSETS; s++)
        c->first_met_day[s] = c->last_met_day[s] = c->stop_met_day[s] = NAN;
    c->n = n;
    struct cols cols;
    struct view v;
    resolve(r, &cols);
    view_of_course(r, &cols, &v);
    for (size_t k = 0; k < n; k++) {
        struct mas_panel p;
        panel_at(r, &cols, k, r->time[k], &v, &p);
        for (int s = 0; s < MAS_CRIT_NSETS; s++) {
            struct mas_criteria_result res;
            mas_criteria_eval((enum mas_criteria_set)s, &p, &res);
            c->value[s][k] = summary_value((enum mas_criteria_set)s, &res);
            c->mask[s][k] = res.item_mask;
            c->met[s][k] = (unsigned char)(res.met != 0);
            if (res.met && isnan(c->first_met_day[s]))
                c->first_met_day[s] = r->time[k];
            if (!res.met && !isnan(c->first_met_day[s]) && isnan(c->stop_met_day[s]))
                c->stop_met_day[s] = r->time[k];
            if (res.met)
                c->last_met_day[s] = r->time[k];
        }
    }
    return MAS_OK;
}

void mas_criteria_course_free(struct mas_criteria_course *c)
{
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        free(c->value[s]);
        free(c->mask[s]);
        free(c->met[s]);
        c->value[s] = NULL;
        c->mask[s] = NULL;
        c->met[s] = NULL;
    }
    c->n = c->cap = 0;
}

/* The course at output k seen in hindsight (docs/criteria.md, "Ground
 * truth"): febrile, platelets below half their highest count since the
 * trigger (output k0), and ferritin, AST, LDH and triglycerides each more
 * than 1.5 times their value at the trigger.  Called for k = k0, k0 + 1,
 * ... in order (it keeps the running platelet peak). */
struct episode {
    struct cols c;
    size_t k0;
    double plt_max;
};

static int consumptive_at(struct episode *e, size_t k)
{
    const struct cols *c = &e->c;
    e->plt_max = fmax(e->plt_max, at(c, V_PLT, k));
    if (!(at(c, V_TEMP, k) >= MAS_FEBRILE_C) || !(at(c, V_PLT, k) < MAS_TRUTH_FALL * e->plt_max))
        return 0;
    const enum var rising[] = {V_FERRITIN, V_AST, V_LDH, V_TG};
    for (size_t i = 0; i < sizeof rising / sizeof rising[0]; i++)
        if (!(at(c, rising[i], k) > MAS_TRUTH_RISE * at(c, rising[i], e->k0)))
            return 0;
    return 1;
}

/* The mechanism's own label: the activated macrophage fraction high. */
static int escaped_at(struct episode *e, size_t k)
{
    return at(&e->c, V_MAC, k) > MAS_MECHANISM_MAC_ACTIVATION;
}

/* The first run of output times from k0 on where holds() is true for at
 * least min_days: 1 with its first day in *onset_day, else 0 (NaN). */
static int first_episode(const struct mas_run *r, struct episode *e,
                         int (*holds)(struct episode *, size_t), double min_days,
                         double *onset_day)
{
    double start = NAN;
    *onset_day = NAN;
    for (size_t k = e->k0; k < r->n_time; k++) {
        if (!holds(e, k)) {
            start = NAN;
            continue;
        }
        if (isnan(start))
            start = r->time[k];
        if (r->time[k] - start >= min_days) {
            *onset_day = start;
            return 1;
        }
    }
    return 0;
}

int mas_true_mas(const struct mas_run *r, double *onset_day)
{
    struct episode e = {.k0 = index_from(r, first_trigger_day(r)), .plt_max = -INFINITY};
    resolve(r, &e.c);
    return first_episode(r, &e, consumptive_at, MAS_TRUTH_MIN_DAYS - 1e-9, onset_day);
}

int mas_mechanism_mas(const struct mas_run *r, double *onset_day)
{
    struct episode e = {.k0 = 0};
    resolve(r, &e.c);
    return first_episode(r, &e, escaped_at, MAS_MECHANISM_MIN_DAYS, onset_day);
}

static void add_metric(struct mas_run *r, const char *name, const char *unit, double v)
{
    mas_run_add_metric(r, name, unit, v);   /* grows; without memory: a warning on r */
}

void mas_criteria_course_delete(struct mas_criteria_course *c)
{
    if (c)
        mas_criteria_course_free(c);
    free(c);
}

/* The run-level metrics beside the sets' (one table for computing them
 * and for their documentation, mas_criteria_markdown_metrics). */
enum { M_TRUE_MAS, M_ONSET, M_MECHANISM, M_MECHANISM_ONSET, M_PRESENTATION, M_SJIA,
       N_RUN_METRICS };
static const struct {
    const char *name, *unit, *doc;
} run_metrics[N_RUN_METRICS] = {
    [M_TRUE_MAS] = {"true_mas", "1", "1 if the run is MAS by the ground truth: febrile, platelets "
                    "below %g of their highest since the trigger and ferritin, AST, LDH and "
                    "triglycerides above %g times their value at the trigger, for a day "
                    "(docs/criteria.md)"},
    [M_ONSET] = {"mas_onset_day", "day", "the first day of that episode (NaN without MAS)"},
    [M_MECHANISM] = {"mechanism_mas", "1", "1 if the mechanism escapes control: `mac_activation` "
                     "> %g for at least %g days (the former ground truth)"},
    [M_MECHANISM_ONSET] = {"mechanism_onset_day", "day", "the first day of that episode"},
    [M_PRESENTATION] = {"presentation_day", "day", "the output time at which the criteria are "
                        "applied: `clinic.presentation` (default %g) days after the trigger, or the end of the run"},
    [M_SJIA] = {"sjia_background", "1", "1 if the patient has sJIA (`background: sjia`); 0 for the "
                "others, also when sJIA is only suspected"},
};

/* The labs of the panel at presentation (as measured: with the
 * scenario's lab error), in the summary as LAB_at_presentation. */
static const struct {
    const char *name, *unit;
    size_t offset;
} presentation_labs[] = {
    {"ferritin_at_presentation", "ng/mL", offsetof(struct mas_panel, ferritin)},
    {"platelets_at_presentation", "10^9/L", offsetof(struct mas_panel, platelets)},
    {"ast_at_presentation", "U/L", offsetof(struct mas_panel, ast)},
    {"triglycerides_at_presentation", "mg/dL", offsetof(struct mas_panel, triglycerides)},
    {"fibrinogen_at_presentation", "mg/dL", offsetof(struct mas_panel, fibrinogen)},
    {"ldh_at_presentation", "U/L", offsetof(struct mas_panel, ldh)},
    {"esr_at_presentation", "mm/h", offsetof(struct mas_panel, esr)},
    {"hemoglobin_at_presentation", "g/dL", offsetof(struct mas_panel, hemoglobin)},
    {"wbc_at_presentation", "10^9/L", offsetof(struct mas_panel, wbc)},
    {"neutrophils_at_presentation", "10^9/L", offsetof(struct mas_panel, neutrophils)},
};

/* The findings at presentation: 1 found, 0 not, NaN not known (no
 * aspirate, or its result not back). */
static const struct {
    const char *name;
    size_t offset;
} presentation_findings[] = {
    {"splenomegaly_at_presentation", offsetof(struct mas_panel, spleen_enlarged)},
    {"hepatomegaly_at_presentation", offsetof(struct mas_panel, liver_enlarged)},
    {"hemophagocytosis_at_presentation", offsetof(struct mas_panel, hemophagocytosis)},
};

int mas_criteria_metrics(struct mas_run *r, char *err)
{
    if (!r->criteria && !(r->criteria = calloc(1, sizeof *r->criteria)))
        return mas_fail(err, MAS_EIO, "out of memory for the criteria course");
    int rc = mas_criteria_course_again(r, r->criteria, err);   /* its storage reused */
    if (rc != MAS_OK) {
        mas_criteria_course_delete(r->criteria);
        r->criteria = NULL;
        return rc;
    }
    const struct mas_criteria_course *c = r->criteria;
    double onset, mechanism_onset;
    int truth = mas_true_mas(r, &onset), mechanism = mas_mechanism_mas(r, &mechanism_onset);
    struct view v;
    struct cols cols;
    struct mas_panel p;
    resolve(r, &cols);
    view_of_course(r, &cols, &v);
    size_t k = index_from(r, v.presentation);
    panel_at(r, &cols, k, r->time[k], &v, &p);
    double values[N_RUN_METRICS] = {[M_TRUE_MAS] = truth, [M_ONSET] = onset,
                                    [M_MECHANISM] = mechanism, [M_MECHANISM_ONSET] = mechanism_onset,
                                    [M_PRESENTATION] = r->time[k], [M_SJIA] = bg_sjia(r)};
    for (int i = 0; i < N_RUN_METRICS; i++)
        add_metric(r, run_metrics[i].name, run_metrics[i].unit, values[i]);
    for (size_t i = 0; i < sizeof presentation_labs / sizeof presentation_labs[0]; i++)
        add_metric(r, presentation_labs[i].name, presentation_labs[i].unit,
                   *(const double *)((const char *)&p + presentation_labs[i].offset));
    for (size_t i = 0; i < sizeof presentation_findings / sizeof presentation_findings[0]; i++) {
        int f = *(const int *)((const char *)&p + presentation_findings[i].offset);
        add_metric(r, presentation_findings[i].name, "1", f == MAS_UNKNOWN ? NAN : f);
    }
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        const struct mas_criteria_def *d = &mas_criteria_sets[s];
        add_metric(r, d->first_day_metric, "day", c->first_met_day[s]);
        add_metric(r, d->met_metric, "1", c->met[s][k]);
        add_metric(r, d->value_metric, d->unit, c->value[s][k]);
    }
    return MAS_OK;
}

void mas_criteria_markdown_metrics(FILE *f)
{
    const double args[N_RUN_METRICS][2] = {
        [M_TRUE_MAS] = {MAS_TRUTH_FALL, MAS_TRUTH_RISE},
        [M_MECHANISM] = {MAS_MECHANISM_MAC_ACTIVATION, MAS_MECHANISM_MIN_DAYS},
        [M_PRESENTATION] = {MAS_CLINIC_PRESENTATION_D, 0.0},
    };
    for (int i = 0; i < N_RUN_METRICS; i++) {
        fprintf(f, "| `%s` | %s | ", run_metrics[i].name, run_metrics[i].unit);
        fprintf(f, run_metrics[i].doc, args[i][0], args[i][1]);
        fprintf(f, " |\n");
    }
    for (size_t i = 0; i < sizeof presentation_labs / sizeof presentation_labs[0]; i++)
        fprintf(f, "| `%s` | %s | the value at presentation, as measured (with the scenario's lab error) |\n",
                presentation_labs[i].name, presentation_labs[i].unit);
    for (size_t i = 0; i < sizeof presentation_findings / sizeof presentation_findings[0]; i++)
        fprintf(f, "| `%s` | 1 | 1 if found at presentation (palpation, the aspirate), 0 if not, NaN if not known |\n",
                presentation_findings[i].name);
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        const struct mas_criteria_def *d = &mas_criteria_sets[s];
        fprintf(f, "| `%s` | day | the first output time at which %s is met |\n",
                d->first_day_metric, d->title);
        fprintf(f, "| `%s` | 1 | 1 if %s is met at presentation |\n", d->met_metric, d->name);
        fprintf(f, "| `%s` | %s | the %s %s at presentation |\n", d->value_metric, d->unit,
                d->name, d->kind == MAS_CRIT_COUNT ? "items met" : "score");
    }
}
