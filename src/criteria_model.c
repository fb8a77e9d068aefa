/*
 * criteria_model.c — the criteria on a simulated patient: each output time
 * of a run becomes a lab panel (docs/criteria.md, "From the model to a
 * panel": which observable answers which item, and the model surrogates
 * for the items the model has no organ for), every criteria set is applied
 * to it, and the course of each set is summarised: the first and last day
 * it is met, and per time its count of items or score.
 */
#include "criteria_model.h"
#include "massim.h"

#include <math.h>
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
    "neutrophils", "wbc", "scd25", "ldh", "esr", "spleen_size", "liver_injury",
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

/* The panel of output time k (docs/criteria.md, "From the model to a panel"). */
static void panel_at(const struct mas_run *r, const struct cols *c, size_t k, struct mas_panel *p)
{
    const struct mas_scenario *sc = &r->sc;
    const struct mas_background_def *bg = mas_background_def(sc->patient.bg);
    mas_panel_init(p);
    p->temperature_c = at(c, V_TEMP, k);
    p->ferritin = at(c, V_FERRITIN, k);
    p->platelets = at(c, V_PLT, k);
    p->ast = at(c, V_AST, k);
    p->triglycerides = at(c, V_TG, k);
    p->fibrinogen = at(c, V_FIB, k);
    p->hemoglobin = at(c, V_HB, k);
    p->neutrophils = at(c, V_ANC, k);
    p->wbc = at(c, V_WBC, k);
    p->scd25 = at(c, V_SCD25, k);
    p->ldh = at(c, V_LDH, k);
    p->esr = at(c, V_ESR, k);
    /* surrogates */
    p->spleen_enlarged = at(c, V_SPLEEN, k) > MAS_SURR_SPLEEN;
    p->liver_enlarged = at(c, V_LIVER, k) > MAS_SURR_LIVER_INJURY;
    p->hemophagocytosis = at(c, V_HEMOPHAGO, k) > MAS_SURR_HEMOPHAGOCYTOSIS;
    p->nk_low = at(c, V_NK, k) < MAS_SURR_NK_LOW_PCT;
    p->hemorrhage = p->fibrinogen < MAS_SURR_BLEED_FIBRINOGEN && p->platelets < MAS_SURR_BLEED_PLATELETS;
    p->cns_involvement = 0;
    p->sjia = bg && bg->sjia;
    p->active_arthritis = p->sjia && at(c, V_FLARE, k) >= MAS_SURR_ARTHRITIS_DRIVE;
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

int mas_criteria_met_at(const struct mas_run *r, enum mas_criteria_set set, const double *y,
                        const double *obs)
{
    struct cols c;
    struct mas_panel p;
    struct mas_criteria_result res;
    resolve_in(r, y, obs, &c);
    panel_at(r, &c, 0, &p);
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
    resolve(r, &cols);
    for (size_t k = 0; k < n; k++) {
        struct mas_panel p;
        panel_at(r, &cols, k, &p);
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

int mas_true_mas(const struct mas_run *r, double *onset_day)
{
    *onset_day = NAN;
    double start = NAN;
    struct cols cols;
    resolve(r, &cols);
    for (size_t k = 0; k < r->n_time; k++) {
        if (at(&cols, V_MAC, k) > MAS_TRUTH_MAC_ACTIVATION) {
            if (isnan(start))
                start = r->time[k];
            if (r->time[k] - start >= MAS_TRUTH_MIN_DAYS) {
                *onset_day = start;
                return 1;
            }
        } else {
            start = NAN;
        }
    }
    return 0;
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
enum { M_TRUE_MAS, M_ONSET, M_PRESENTATION, N_RUN_METRICS };
static const struct {
    const char *name, *unit, *doc;
} run_metrics[N_RUN_METRICS] = {
    [M_TRUE_MAS] = {"true_mas", "1", "1 if the run is MAS by the model's ground truth: "
                    "`mac_activation` > %g for at least %g days (docs/criteria.md)"},
    [M_ONSET] = {"mas_onset_day", "day", "the first day of that episode (NaN without MAS)"},
    [M_PRESENTATION] = {"presentation_day", "day", "the output time at which the criteria are "
                        "applied: %g days after the trigger, or the end of the run"},
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
    double onset;
    int truth = mas_true_mas(r, &onset);
    double at = r->sc.trigger.kind == MAS_TRIGGER_NONE ? r->sc.t_start_day : r->sc.trigger.at_day;
    double presentation = fmin(at + MAS_PRESENTATION_AFTER_TRIGGER_D, r->time[r->n_time - 1]);
    size_t k = 0;
    while (k + 1 < r->n_time && r->time[k] < presentation - 1e-9)
        k++;
    double values[N_RUN_METRICS] = {[M_TRUE_MAS] = truth, [M_ONSET] = onset,
                                    [M_PRESENTATION] = r->time[k]};
    for (int i = 0; i < N_RUN_METRICS; i++)
        add_metric(r, run_metrics[i].name, run_metrics[i].unit, values[i]);
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
        [M_TRUE_MAS] = {MAS_TRUTH_MAC_ACTIVATION, MAS_TRUTH_MIN_DAYS},
        [M_PRESENTATION] = {MAS_PRESENTATION_AFTER_TRIGGER_D, 0.0},
    };
    for (int i = 0; i < N_RUN_METRICS; i++) {
        fprintf(f, "| `%s` | %s | ", run_metrics[i].name, run_metrics[i].unit);
        fprintf(f, run_metrics[i].doc, args[i][0], args[i][1]);
        fprintf(f, " |\n");
    }
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        const struct mas_criteria_def *d = &mas_criteria_sets[s];
        fprintf(f, "| `%s` | day | the first output time at which %s is met |\n",
                d->first_day_metric, d->title);
        fprintf(f, "| `%s` | 1 | 1 if %s is met at presentation |\n", d->met_metric, d->name);
        fprintf(f, "| `%s` | %s | the %s %s at presentation |\n", d->value_metric, d->unit,
                d->name, d->kind == MAS_CRIT_COUNT ? "items met" : "score");
    }
}
