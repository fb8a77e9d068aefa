/*
 * outcomes.c — outcome metrics from a sampled trajectory (outcomes.h).
 *
 * Tables over code: every extreme metric is a row {name, variable, kind};
 * the threshold metrics and the remission rule are written out below with
 * their sources.  Variables are looked up by name once per run (never in
 * the right-hand side).  docs/therapies.md lists every metric.
 */
#include "outcomes.h"
#include "criteria_model.h"

#include <math.h>
#include <string.h>

enum kind { PEAK, NADIR, FINAL };

static const struct extreme {
    const char *name;
    const char *day_name;     /* the day of the extreme, or NULL */
    const char *variable;     /* a state or an observable */
    enum kind kind;
} extremes[] = {
    {"peak_ferritin", "peak_ferritin_day", "ferritin", PEAK},
    {"nadir_fibrinogen", "nadir_fibrinogen_day", "fibrinogen", NADIR},
    {"peak_fibrinogen", "peak_fibrinogen_day", "fibrinogen", PEAK},
    {"nadir_platelets", "nadir_platelets_day", "platelets", NADIR},
    {"nadir_neutrophils", "nadir_neutrophils_day", "neutrophils", NADIR},
    {"nadir_hemoglobin", "nadir_hemoglobin_day", "hemoglobin", NADIR},
    {"peak_ifng", "peak_ifng_day", "ifng", PEAK},
    {"peak_cxcl9", "peak_cxcl9_day", "cxcl9", PEAK},
    {"peak_il6", "peak_il6_day", "il6", PEAK},
    {"peak_crp", "peak_crp_day", "crp", PEAK},
    {"peak_d_dimer", "peak_d_dimer_day", "d_dimer", PEAK},
    {"peak_esr", "peak_esr_day", "esr", PEAK},
    {"nadir_esr", "nadir_esr_day", "esr", NADIR},
    {"final_ferritin", NULL, "ferritin", FINAL},
    {"final_fibrinogen", NULL, "fibrinogen", FINAL},
};

/* Days below a threshold (time-weighted over the output grid). */
static const struct below {
    const char *name;
    const char *variable;
    double threshold;
} belows[] = {
    {"days_fibrinogen_below_150", "fibrinogen", 150.0},   /* HLH-2004 criterion, mg/dL */
    {"days_platelets_below_50", "platelets", 50.0},       /* 10^9/L */
};

/* CXCL9 cut-off separating MAS from active sJIA without MAS (Bracaglia et
 * al., ACR 2017 abstract 2332): 2,677 pg/mL. */
#define CXCL9_MAS_CUTOFF 2677.0

struct column {
    const double *v;
    size_t stride;
    const char *unit;
};

static int column(const struct mas_run *r, const char *name, struct column *c)
{
    int i = mas_model_find_state(&r->model, name);
    if (i >= 0) {
        *c = (struct column){r->y + i, (size_t)r->model.n_states, mas_model_state(&r->model, i)->unit};
        return 1;
    }
    i = mas_model_find_obs(&r->model, name);
    if (i >= 0) {
        *c = (struct column){r->obs + i, (size_t)r->model.n_obs, mas_model_obs(&r->model, i)->unit};
        return 1;
    }
    return 0;
}

static double at(const struct column *c, size_t k)
{
    return c->v[k * c->stride];
}

static void add(struct mas_run *r, const char *name, const char *unit, double value)
{
    if (r->n_metrics < MAS_MAX_METRICS)
        r->metrics[r->n_metrics++] = (struct mas_metric){name, unit, value};
}

static void add_extremes(struct mas_run *r)
{
    for (size_t m = 0; m < sizeof extremes / sizeof extremes[0]; m++) {
        const struct extreme *d = &extremes[m];
        struct column c;
        if (!column(r, d->variable, &c))
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
        if (!column(r, belows[m].variable, &c))
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
    struct column c;
    if (!column(r, "ifng", &c))
        return;
    double auc = 0.0;
    for (size_t k = 1; k < r->n_time; k++)
        auc += 0.5 * (at(&c, k - 1) + at(&c, k)) * (r->time[k] - r->time[k - 1]);
    add(r, "ifng_auc", "pg/mL*day", auc);
}

/* The first day after its peak at which CXCL9 is below the MAS cut-off
 * (NaN if it never rose above it, or never came back). */
static void add_cxcl9_return(struct mas_run *r)
{
    struct column c;
    if (!column(r, "cxcl9", &c))
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
    add(r, "cxcl9_below_cutoff_day", "day", day);
}

/* Remission, modelled on the structure of the MAS remission definition of
 * the emapalumab trial (De Benedetti et al., Ann Rheum Dis 2023;82:857):
 * no fever, blood counts, LDH and transaminases back within limits,
 * fibrinogen above 100 mg/dL, and ferritin down by 80% from the start of
 * treatment or below 2,000 ng/mL.  The thresholds below are this model's
 * reading of it (docs/therapies.md); remission must then hold for 3 days. */
static const struct limit {
    const char *variable;
    int above;                /* 1: must be >= value, 0: must be <= value */
    double value;
} remission_limits[] = {
    {"temperature", 0, 38.0},     /* C: no fever (below 38 C) */
    {"wbc", 1, 4.0},              /* 10^9/L: lower limit of normal */
    {"platelets", 1, 150.0},      /* 10^9/L: lower limit of normal */
    {"ldh", 0, 450.0},            /* U/L: 1.5 x upper limit 300 */
    {"alt", 0, 60.0},             /* U/L: 1.5 x upper limit 40 */
    {"ast", 0, 60.0},             /* U/L: 1.5 x upper limit 40 */
    {"fibrinogen", 1, 100.0},     /* mg/dL */
};
#define REMISSION_HOLD_DAYS 3.0

static int in_remission(size_t k, const struct column *cols, const struct column *ferritin,
                        double ferritin_start)
{
    for (size_t m = 0; m < sizeof remission_limits / sizeof remission_limits[0]; m++) {
        double v = at(&cols[m], k);
        if (remission_limits[m].above ? v < remission_limits[m].value : v > remission_limits[m].value)
            return 0;
    }
    double f = at(ferritin, k);
    return f <= 0.2 * ferritin_start || f < 2000.0;
}

static void add_remission(struct mas_run *r, double start_day)
{
    size_t n_lim = sizeof remission_limits / sizeof remission_limits[0];
    struct column cols[sizeof remission_limits / sizeof remission_limits[0]], ferritin;
    for (size_t m = 0; m < n_lim; m++)
        if (!column(r, remission_limits[m].variable, &cols[m]))
            return;
    if (!column(r, "ferritin", &ferritin))
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
    for (size_t k = k0; k < r->n_time && isnan(day); k++) {
        if (!in_remission(k, cols, &ferritin, f0)) {
            was_ill = 1;
            continue;
        }
        size_t j = k;
        while (j < r->n_time && r->time[j] < r->time[k] + REMISSION_HOLD_DAYS
               && in_remission(j, cols, &ferritin, f0))
            j++;
        int held = j == r->n_time || r->time[j] >= r->time[k] + REMISSION_HOLD_DAYS;
        if (held && was_ill && r->time[k] + REMISSION_HOLD_DAYS <= r->time[r->n_time - 1])
            day = r->time[k];
    }
    add(r, "remission_day", "day", day);
}

void mas_outcomes_compute(struct mas_run *r, double treatment_start_day)
{
    r->n_metrics = 0;
    add_extremes(r);
    add_time_below(r);
    add_ifng_exposure(r);
    add_cxcl9_return(r);
    add_remission(r, treatment_start_day);
    char err[MAS_ERR_LEN];
    (void)mas_criteria_metrics(r, err);   /* fails only without memory: fewer metrics */
}
