/*
 * cohort.c — `massim cohort SWEEP.h5 [--roc OUT] [--csv TABLE]`: a sweep
 * read as a virtual cohort, one patient per run that succeeded
 * (/runs/status 0).  Reads from /runs/summary the ground truth true_mas,
 * mas_onset_day, presentation_day and, for each criteria set SET,
 * SET_first_day, SET_met_at_presentation and SET_value_at_presentation,
 * and final_survival when the sweep has it; scores every set against the
 * truth with the statistics of cohort_stats.c; prints one table (after a
 * line on survival), and writes it as CSV and the ROC
 * curves of the scores as a figure (plots/roc.gp, drawn by gnuplot
 * through plot.c) when asked.  Definitions: docs/criteria.md, "Virtual
 * cohorts: massim cohort".
 */
#include "cohort.h"
#include "criteria.h"
#include "h5read.h"
#include "massim.h"
#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The criteria sets are those of mas_criteria_sets[] (criteria.h), in its
 * order: the columns of each are its metrics; a set of kind MAS_CRIT_SCORE
 * (a value to threshold) also gets an ROC curve and an AUC. */
#define N_SETS MAS_CRIT_NSETS

static int is_score(int s)
{
    return mas_criteria_sets[s].kind == MAS_CRIT_SCORE;
}

/* The survival metric (src/outcomes.c, docs/model.md §14). */
#define SURVIVAL_METRIC "final_survival"

/* The cohort as read: the runs that succeeded, in file order. */
struct cohort {
    size_t n_rows, n;                 /* runs in the file; patients kept */
    int *mas;                         /* true_mas, 0/1 */
    double *onset, *presentation;     /* mas_onset_day, presentation_day */
    double *survival;                 /* final_survival, or NULL: not in the file */
    double *first[N_SETS], *value[N_SETS];
    int *met[N_SETS];
};

/* One set scored against the truth. */
struct set_result {
    struct mas_confusion c;
    struct mas_interval sens, spec, ppv, npv;
    struct mas_spread lead;
    struct mas_roc roc;               /* scores only; n_points 0 when undefined */
};

static void cohort_free(struct cohort *c)
{
    free(c->mas);
    free(c->onset);
    free(c->presentation);
    free(c->survival);
    for (int s = 0; s < N_SETS; s++) {
        free(c->first[s]);
        free(c->value[s]);
        free(c->met[s]);
    }
}

/* Read /runs/summary/METRIC (n_rows numbers) into *out. */
static int read_metric(struct mas_h5r *r, const char *metric, size_t n_rows, double **out)
{
    char path[256];
    snprintf(path, sizeof path, "runs/summary/%s", metric);
    if (!mas_h5r_has_dataset(r, path))
        return mas_fail(r->err, MAS_EINPUT, "%s: no metric '%s' in /runs/summary (a sweep of a "
                        "scenario without virtual-cohort metrics?)", r->path, metric);
    return mas_h5r_doubles(r, path, n_rows, out);
}

/* Keep the values of the runs with keep[i] (in place); returns how many. */
static size_t compact(double *v, const int *keep, size_t n_rows)
{
    size_t k = 0;
    for (size_t i = 0; i < n_rows; i++)
        if (keep[i])
            v[k++] = v[i];
    return k;
}

/* A 0/1 column as ints; anything else is an error. */
static int flags(const double *v, size_t n, const char *file, const char *metric, int **out,
                 char *err)
{
    int *b = malloc((n ? n : 1) * sizeof *b);
    if (!b)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (v[i] != 0.0 && v[i] != 1.0) {
            free(b);
            return mas_fail(err, MAS_EINPUT, "%s: /runs/summary/%s is %g for a run that "
                            "succeeded; expected 0 or 1", file, metric, v[i]);
        }
        b[i] = v[i] == 1.0;
    }
    *out = b;
    return MAS_OK;
}

/* Read one metric of the kept runs: doubles into *num, or, with `flag`,
 * 0/1 into *bits. */
static int read_kept(struct mas_h5r *r, const char *metric, const int *keep, struct cohort *c,
                     double **num, int **bits)
{
    const char *file = r->path;
    char *err = r->err;
    double *v = NULL;
    int rc = read_metric(r, metric, c->n_rows, &v);
    if (rc != MAS_OK)
        return rc;
    compact(v, keep, c->n_rows);
    if (!bits) {
        *num = v;
        return MAS_OK;
    }
    rc = flags(v, c->n, file, metric, bits, err);
    free(v);
    return rc;
}

/* /runs/status as "keep" flags (status 0); sets n_rows and n. */
static int read_status(struct mas_h5r *r, struct cohort *c, int **keep)
{
    size_t n = 0;
    int64_t *st = NULL;
    if (!mas_h5r_has_dataset(r, "runs/status"))
        return mas_fail(r->err, MAS_EINPUT, "%s: no /runs/status; not a sweep file", r->path);
    int rc = mas_h5r_length(r, "runs/status", &n);
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(r, "runs/status", n, &st);
    int *k = rc == MAS_OK ? malloc((n ? n : 1) * sizeof *k) : NULL;
    if (rc == MAS_OK && !k)
        rc = mas_fail(r->err, MAS_EIO, "out of memory");
    if (rc != MAS_OK) {
        free(st);
        return rc;
    }
    c->n_rows = n;
    c->n = 0;
    for (size_t i = 0; i < n; i++) {
        k[i] = st[i] == 0;
        c->n += (size_t)k[i];
    }
    free(st);
    *keep = k;
    return c->n ? MAS_OK : mas_fail(r->err, MAS_EINPUT, "%s: no run of the sweep succeeded",
                                    r->path);
}

/* Every column of the cohort, from an open sweep file. */
static int read_columns(struct mas_h5r *r, struct cohort *c)
{
    int *keep = NULL;
    int rc = read_status(r, c, &keep);
    if (rc == MAS_OK)
        rc = read_kept(r, "true_mas", keep, c, NULL, &c->mas);
    if (rc == MAS_OK)
        rc = read_kept(r, "mas_onset_day", keep, c, &c->onset, NULL);
    if (rc == MAS_OK)
        rc = read_kept(r, "presentation_day", keep, c, &c->presentation, NULL);
    if (rc == MAS_OK && mas_h5r_has_dataset(r, "runs/summary/" SURVIVAL_METRIC))
        rc = read_kept(r, SURVIVAL_METRIC, keep, c, &c->survival, NULL);   /* older sweeps lack it */
    for (int s = 0; s < N_SETS && rc == MAS_OK; s++) {
        const struct mas_criteria_def *d = &mas_criteria_sets[s];
        rc = read_kept(r, d->first_day_metric, keep, c, &c->first[s], NULL);
        if (rc == MAS_OK)
            rc = read_kept(r, d->met_metric, keep, c, NULL, &c->met[s]);
        if (rc == MAS_OK)
            rc = read_kept(r, d->value_metric, keep, c, &c->value[s], NULL);
    }
    free(keep);
    return rc;
}

static int read_open(const char *file, struct cohort *c, char *err)
{
    struct mas_h5r r;
    int rc = mas_h5r_open(&r, file, err);
    if (rc == MAS_OK)
        rc = read_columns(&r, c);
    mas_h5r_close(&r);
    return rc;
}

static int trial_read(void *ctx, char *err)
{
    struct cohort c;
    memset(&c, 0, sizeof c);
    int rc = read_open(ctx, &c, err);
    cohort_free(&c);
    return rc;
}

/* Open the sweep file (checked reader, h5read.h) and read the cohort. */
static int read_cohort(const char *file, struct cohort *c, char *err)
{
    if (access(file, R_OK) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: %s", file, strerror(errno));
    if (!mas_plot_is_sweep(file))
        return mas_fail(err, MAS_EINPUT, "%s: not a sweep file (no root attribute kind = \"sweep\"; "
                        "massim cohort reads the output of massim sweep)", file);
    int rc = mas_h5r_trial(file, trial_read, (void *)file, err);  /* h5read.h */
    return rc == MAS_OK ? read_open(file, c, err) : rc;
}

/* Score set s against the truth. */
static int score_set(const struct cohort *c, int s, struct set_result *r, char *err)
{
    r->c = mas_confusion_count(c->mas, c->met[s], c->n);
    mas_confusion_rates(&r->c, &r->sens, &r->spec, &r->ppv, &r->npv);
    double *lead = malloc(c->n * sizeof *lead);
    if (!lead)
        return mas_fail(err, MAS_EIO, "out of memory");
    r->lead = mas_spread_of(lead, mas_lead_times(c->mas, c->first[s], c->onset, c->n, lead));
    free(lead);
    r->roc = (struct mas_roc){0, NULL, NULL, NULL, NAN};
    if (!is_score(s))
        return MAS_OK;
    char ignored[MAS_ERR_LEN];
    int rc = mas_roc(c->value[s], c->mas, c->n, &r->roc, ignored);
    return rc == MAS_EIO ? mas_fail(err, MAS_EIO, "out of memory") : MAS_OK;
}

/* ---- the table ---- */

/* "0.85 (0.83-0.86)" into buf, or "n/a" for an undefined proportion. */
static const char *fmt_interval(char *buf, size_t n, const struct mas_interval *v)
{
    if (isnan(v->p))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%.2f (%.2f-%.2f)", v->p, v->lo, v->hi);
    return buf;
}

static const char *fmt_rate(char *buf, size_t n, double p)
{
    if (isnan(p))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%.2f", p);
    return buf;
}

/* The first line: cohort size, MAS prevalence, the presentation day. */
static void print_header(FILE *out, const struct cohort *c)
{
    long n_mas = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < c->n; i++) {
        n_mas += c->mas[i];
        if (isfinite(c->presentation[i])) {
            lo = fmin(lo, c->presentation[i]);
            hi = fmax(hi, c->presentation[i]);
        }
    }
    size_t failed = c->n_rows - c->n;
    fprintf(out, "cohort: %zu patients (%zu failed run%s excluded), %ld with MAS (%.1f %%), ",
            c->n, failed, failed == 1 ? "" : "s", n_mas, 100.0 * (double)n_mas / (double)c->n);
    if (lo > hi)
        fprintf(out, "criteria applied on no recorded day\n");
    else if (lo == hi)
        fprintf(out, "criteria applied on day %g\n", lo);
    else
        fprintf(out, "criteria applied on day varies: %g-%g\n", lo, hi);
}

/* Survival of the patients with truth == want (want < 0: everybody). */
static struct mas_survival survival_of(const struct cohort *c, int want)
{
    double *v = malloc((c->n ? c->n : 1) * sizeof *v);
    size_t k = 0;
    if (!v)
        return (struct mas_survival){0, 0, NAN, NAN, NAN};
    for (size_t i = 0; i < c->n; i++)
        if (want < 0 || c->mas[i] == want)
            v[k++] = c->survival[i];
    struct mas_survival s = mas_survival_of(v, k);
    free(v);
    return s;
}

/* The second line: survival to the end of the runs (docs/model.md §14). */
static void print_survival(FILE *out, const struct cohort *c)
{
    if (!c->survival) {
        fprintf(out, "survival: not in this sweep (no /runs/summary/%s)\n", SURVIVAL_METRIC);
        return;
    }
    struct mas_survival all = survival_of(c, -1), yes = survival_of(c, 1), no = survival_of(c, 0);
    char with[32] = "n/a", without[32] = "n/a";
    if (yes.n)
        snprintf(with, sizeof with, "%.3f", yes.mean);
    if (no.n)
        snprintf(without, sizeof without, "%.3f", no.mean);
    if (!all.n) {
        fprintf(out, "survival: no finite %s\n", SURVIVAL_METRIC);
        return;
    }
    fprintf(out, "survival to the end of the runs: mean %.3f (expected deaths %.1f of %zu), lowest %.3f, "
            "%zu below 0.5; with MAS %s, without %s\n", all.mean, all.expected_deaths, all.n, all.min,
            all.below_half, with, without);
}

static void print_table(FILE *out, const struct cohort *c, const struct set_result *r)
{
    print_header(out, c);
    print_survival(out, c);
    fprintf(out, "%-14s %-20s %-20s %-5s %-5s %-30s %s\n", "set", "sens (95% CI)", "spec (95% CI)",
            "PPV", "NPV", "lead time, median [IQR] (n)", "AUC");
    for (int s = 0; s < N_SETS; s++) {
        char sens[64], spec[64], ppv[16], npv[16], lead[96], auc[16] = "-";
        const struct mas_spread *l = &r[s].lead;
        if (l->n)
            snprintf(lead, sizeof lead, "%+.1f d [%+.1f, %+.1f] (%zu)", l->median, l->q1, l->q3, l->n);
        else
            snprintf(lead, sizeof lead, "n/a (0)");
        if (is_score(s) && r[s].roc.n_points)
            snprintf(auc, sizeof auc, "%.3f", r[s].roc.auc);
        else if (is_score(s))
            snprintf(auc, sizeof auc, "n/a");
        fprintf(out, "%-14s %-20s %-20s %-5s %-5s %-30s %s\n", mas_criteria_sets[s].name,
                fmt_interval(sens, sizeof sens, &r[s].sens), fmt_interval(spec, sizeof spec, &r[s].spec),
                fmt_rate(ppv, sizeof ppv, r[s].ppv.p), fmt_rate(npv, sizeof npv, r[s].npv.p), lead, auc);
    }
}

/* ---- the CSV ---- */

struct csv_job {
    const struct set_result *r;
};

/* A number, or an empty field for NaN. */
static void csv_num(FILE *f, double v)
{
    if (isnan(v))
        fputs(",", f);
    else
        fprintf(f, ",%.10g", v);
}

static int fill_csv(const char *tmp, void *ctx, char *err)
{
    const struct set_result *r = ((const struct csv_job *)ctx)->r;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return mas_fail(err, MAS_EIO, "%s: %s", tmp, strerror(errno));
    static const char *const rate[4] = {"sensitivity", "specificity", "ppv", "npv"};
    fputs("set,tp,fp,tn,fn", f);
    for (int k = 0; k < 4; k++)
        fprintf(f, ",%s,%s_ci_low,%s_ci_high", rate[k], rate[k], rate[k]);
    fputs(",lead_n,lead_median_day,lead_q1_day,lead_q3_day,auc\n", f);
    for (int s = 0; s < N_SETS; s++) {
        fprintf(f, "%s,%ld,%ld,%ld,%ld", mas_criteria_sets[s].name, r[s].c.tp, r[s].c.fp,
                r[s].c.tn, r[s].c.fn);
        const struct mas_interval *v[4] = {&r[s].sens, &r[s].spec, &r[s].ppv, &r[s].npv};
        for (int k = 0; k < 4; k++) {
            csv_num(f, v[k]->p);
            csv_num(f, v[k]->lo);
            csv_num(f, v[k]->hi);
        }
        fprintf(f, ",%zu", r[s].lead.n);
        csv_num(f, r[s].lead.median);
        csv_num(f, r[s].lead.q1);
        csv_num(f, r[s].lead.q3);
        csv_num(f, is_score(s) && r[s].roc.n_points ? r[s].roc.auc : NAN);
        fputs("\n", f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return mas_fail(err, MAS_EIO, "%s: cannot write the CSV", tmp);
    return MAS_OK;
}

/* ---- the ROC figure ---- */

/* The curves as one gnuplot data block per score set, in table order
 * (index 0, 1, 2: HScore, MS score, ferritin:ESR), each "1-specificity
 * sensitivity threshold". */
static int write_roc_data(const char *path, const struct set_result *r, char *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return mas_fail(err, MAS_EIO, "%s: cannot create the data file", path);
    for (int s = 0, block = 0; s < N_SETS; s++) {
        if (!is_score(s))
            continue;
        fprintf(f, "%s# %s: 1-specificity sensitivity threshold\n", block++ ? "\n\n" : "",
                mas_criteria_sets[s].name);
        for (size_t i = 0; i < r[s].roc.n_points; i++)
            fprintf(f, "%.10g %.10g %.10g\n", r[s].roc.fpr[i], r[s].roc.tpr[i], r[s].roc.threshold[i]);
    }
    int bad = ferror(f), e = bad ? errno : 0;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return mas_fail(err, MAS_EIO, "%s: cannot write the data file: %s", path,
                        e ? strerror(e) : "write error");
    return MAS_OK;
}

static int render_roc(const char *out_path, const struct cohort *c, const struct set_result *r,
                      char *err)
{
    for (int s = 0; s < N_SETS; s++)
        if (is_score(s) && !r[s].roc.n_points)
            return mas_fail(err, MAS_EINPUT, "no ROC curve: the cohort needs patients with and "
                            "without MAS");
    const char *dir = getenv("TMPDIR");
    if (!dir || !dir[0] || !mas_plot_quotable(dir))
        dir = "/tmp";
    char dat[4096];
    snprintf(dat, sizeof dat, "%s/massim-roc-XXXXXX", dir);
    int fd = mkstemp(dat);
    if (fd < 0)
        return mas_fail(err, MAS_EIO, "cannot create a temporary file in %s", dir);
    close(fd);
    long n_mas = 0;
    for (size_t i = 0; i < c->n; i++)
        n_mas += c->mas[i];
    int rc = write_roc_data(dat, r, err);
    if (rc == MAS_OK) {
        char settings[8192];
        int k = snprintf(settings, sizeof settings, "datafile='%s'; n_patients=%zu; n_mas=%ld; ",
                         dat, c->n, n_mas);
        for (int s = 0; s < N_SETS; s++)
            if (is_score(s) && k > 0 && (size_t)k < sizeof settings)
                k += snprintf(settings + k, sizeof settings - (size_t)k, "auc_%s=%.6g; ",
                              mas_criteria_sets[s].name, r[s].roc.auc);
        rc = mas_plot_render("roc", settings, out_path, err);
    }
    unlink(dat);
    return rc;
}

/* Outputs are checked before anything is read. */
static int check_outputs(const char *h5_path, const char *roc_path, const char *csv_path, char *err)
{
    int rc = MAS_OK;
    if (roc_path && !mas_plot_terminal(roc_path))
        return mas_fail(err, MAS_EINPUT, "%s: unknown output type (use .png, .svg or .pdf)", roc_path);
    if (roc_path && !mas_plot_quotable(roc_path))
        return mas_fail(err, MAS_EINPUT, "%s: output path may not contain quotes or newlines", roc_path);
    if (roc_path)
        rc = mas_output_path_ok(roc_path, err);
    if (rc == MAS_OK && csv_path)
        rc = mas_output_path_ok(csv_path, err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(roc_path, h5_path, "the sweep file", err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(csv_path, h5_path, "the sweep file", err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(csv_path, roc_path, "the output", err);
    return rc;
}

int mas_cohort(const char *h5_path, const char *roc_path, const char *csv_path, FILE *out,
               char *err)
{
    int rc = check_outputs(h5_path, roc_path, csv_path, err);
    if (rc != MAS_OK)
        return rc;
    struct cohort c;
    memset(&c, 0, sizeof c);
    struct set_result r[N_SETS];
    memset(r, 0, sizeof r);
    rc = read_cohort(h5_path, &c, err);
    for (int s = 0; s < N_SETS && rc == MAS_OK; s++)
        rc = score_set(&c, s, &r[s], err);
    if (rc == MAS_OK)
        print_table(out, &c, r);
    if (rc == MAS_OK && csv_path) {
        struct csv_job job = {r};
        rc = mas_write_atomically(csv_path, fill_csv, &job, err);
    }
    if (rc == MAS_OK && roc_path)
        rc = render_roc(roc_path, &c, r, err);
    for (int s = 0; s < N_SETS; s++)
        mas_roc_free(&r[s].roc);
    cohort_free(&c);
    return rc;
}
