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
#include "clinic.h"
#include "cohort.h"
#include "cohort_match.h"
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
    size_t n_rows, n;                 /* runs in the files; patients kept */
    size_t n_read;                    /* patients read (before --match draws); 0: no match */
    int *mas;                         /* true_mas, 0/1 */
    double *onset, *presentation;     /* mas_onset_day, presentation_day */
    double *survival;                 /* final_survival, or NULL: not in the file */
    double *first[N_SETS], *value[N_SETS];
    int *met[N_SETS];
    /* --match: the group and labs of each patient (NULL when not read) */
    int *sjia;                        /* sjia_background, 0/1 */
    double *lab[MAS_MATCH_NLABS];     /* LAB_at_presentation */
    int *file;                        /* which input file (index) */
    double *run;                      /* the run's row in its file */
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
    free(c->sjia);
    free(c->file);
    free(c->run);
    for (int l = 0; l < MAS_MATCH_NLABS; l++)
        free(c->lab[l]);
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

/* What --match needs besides the table: the sJIA flag and these labs. */
struct needs {
    int sjia;
    int lab[MAS_MATCH_NLABS];
};

/* Every column of the cohort, from an open sweep file. */
static int read_columns(struct mas_h5r *r, struct cohort *c, const struct needs *need)
{
    int *keep = NULL;
    int rc = read_status(r, c, &keep);
    if (rc == MAS_OK && need && need->sjia)
        rc = read_kept(r, "sjia_background", keep, c, NULL, &c->sjia);
    for (int l = 0; l < MAS_MATCH_NLABS && rc == MAS_OK && need; l++) {
        char metric[64];
        snprintf(metric, sizeof metric, "%s_at_presentation", mas_match_labs[l]);
        if (need->lab[l])
            rc = read_kept(r, metric, keep, c, &c->lab[l], NULL);
    }
    if (rc == MAS_OK && !(c->run = malloc(c->n * sizeof *c->run)))
        rc = mas_fail(r->err, MAS_EIO, "out of memory");
    for (size_t i = 0, k = 0; rc == MAS_OK && i < c->n_rows; i++)
        if (keep[i])
            c->run[k++] = (double)i;
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

struct read_job {
    const char *file;
    const struct needs *need;
};

static int read_open(const struct read_job *job, struct cohort *c, char *err)
{
    struct mas_h5r r;
    int rc = mas_h5r_open(&r, job->file, err);
    if (rc == MAS_OK)
        rc = read_columns(&r, c, job->need);
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

/* Open one sweep file (checked reader, h5read.h) and read its patients. */
static int read_one(const char *file, const struct needs *need, struct cohort *c, char *err)
{
    if (access(file, R_OK) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: %s", file, strerror(errno));
    if (!mas_plot_is_sweep(file))
        return mas_fail(err, MAS_EINPUT, "%s: not a sweep file (no root attribute kind = \"sweep\"; "
                        "massim cohort reads the output of massim sweep)", file);
    struct read_job job = {file, need};
    int rc = mas_h5r_trial(file, trial_read, &job, err);  /* h5read.h */
    return rc == MAS_OK ? read_open(&job, c, err) : rc;
}

/* Append the n elements (of size bytes) of src to *dst, which holds have
 * of them; src is freed either way.  0, or -1 without memory. */
static int append_to(void *dst, size_t have, void *src, size_t n, size_t size)
{
    void *old;
    memcpy(&old, dst, sizeof old);         /* the column pointer, whatever its type */
    char *v = realloc(old, (have + n ? have + n : 1) * size);
    if (v && n)
        memcpy(v + have * size, src, n * size);
    free(src);
    if (!v)
        return -1;
    memcpy(dst, &v, sizeof v);
    return 0;
}

#define APPEND(dst, have, src, n) append_to(&(dst), (have), (src), (n), sizeof *(src))

/* Move the patients of b (file index f) to the end of a; b is emptied.
 * Survival stays only if every file has it. */
static int append(struct cohort *a, struct cohort *b, int f, int first, char *err)
{
    int bad = 0;
    size_t have = a->n;
    int *fi = malloc((b->n ? b->n : 1) * sizeof *fi);
    if (!fi)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < b->n; i++)
        fi[i] = f;
    bad |= APPEND(a->file, have, fi, b->n);
    bad |= APPEND(a->mas, have, b->mas, b->n);
    bad |= APPEND(a->onset, have, b->onset, b->n);
    bad |= APPEND(a->presentation, have, b->presentation, b->n);
    bad |= APPEND(a->run, have, b->run, b->n);
    if (b->sjia)
        bad |= APPEND(a->sjia, have, b->sjia, b->n);
    for (int l = 0; l < MAS_MATCH_NLABS; l++)
        if (b->lab[l])
            bad |= APPEND(a->lab[l], have, b->lab[l], b->n);
    if (first || (a->survival && b->survival)) {
        if (b->survival)
            bad |= APPEND(a->survival, have, b->survival, b->n);
    } else {
        free(a->survival);
        free(b->survival);
        a->survival = NULL;
    }
    for (int s = 0; s < N_SETS; s++) {
        bad |= APPEND(a->first[s], have, b->first[s], b->n);
        bad |= APPEND(a->value[s], have, b->value[s], b->n);
        bad |= APPEND(a->met[s], have, b->met[s], b->n);
    }
    a->n += b->n;
    a->n_rows += b->n_rows;
    memset(b, 0, sizeof *b);
    return bad ? mas_fail(err, MAS_EIO, "out of memory") : MAS_OK;
}

/* Read every file into one cohort, in the order given. */
static int read_cohort(const char *const *files, int n_files, const struct needs *need,
                       struct cohort *c, char *err)
{
    int rc = MAS_OK;
    for (int f = 0; f < n_files && rc == MAS_OK; f++) {
        struct cohort one;
        memset(&one, 0, sizeof one);
        rc = read_one(files[f], need, &one, err);
        if (rc == MAS_OK)
            rc = append(c, &one, f, f == 0, err);
        cohort_free(&one);
    }
    return rc;
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
    size_t failed = c->n_rows - (c->n_read ? c->n_read : c->n);
    fprintf(out, "cohort: %zu patients", c->n);
    if (c->n_read)
        fprintf(out, " drawn by --match from %zu", c->n_read);
    fprintf(out, " (%zu failed run%s excluded), %ld with MAS (%.1f %%), ", failed,
            failed == 1 ? "" : "s", n_mas, 100.0 * (double)n_mas / (double)c->n);
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

/* ---- --match: weights that make the presentation labs a published cohort's ---- */

/* The stream of the acceptance draws (clinic.h: a stream of its own). */
#define MATCH_STREAM 1000u
#define MATCH_SEED 2019.0

static enum mas_match_group group_of(const struct cohort *c, size_t i)
{
    if (c->mas[i])
        return MAS_GROUP_MAS;
    return c->sjia[i] ? MAS_GROUP_SJIA_NO_MAS : MAS_GROUP_NO_SJIA;
}

/* The q-quantile (type 7) of the values v[idx[0..n)] (copied and sorted). */
static double quantile_of(const double *v, const size_t *idx, size_t n, double q)
{
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x || !n) {
        free(x);
        return NAN;
    }
    for (size_t i = 0; i < n; i++)
        x[i] = v[idx[i]];
    struct mas_spread sp = mas_spread_of(x, n);
    double r = q == 0.25 ? sp.q1 : q == 0.5 ? sp.median : sp.q3;
    free(x);
    return r;
}

/* One group: entropy weights on the indicators "lab <= q1, <= median,
 * <= q3" of its targets, then each patient kept with probability
 * w / max w.  Writes the report lines; keep[i] and weight[i] for the
 * group's patients. */
static int match_group(const struct cohort *c, const struct mas_match_spec *m,
                       enum mas_match_group g, int *keep, double *weight, FILE *out, char *err)
{
    size_t n_t = 0, n = 0, dropped = 0;
    int labs[MAS_MATCH_MAX_TARGETS];
    const struct mas_match_target *ts[MAS_MATCH_MAX_TARGETS];
    for (size_t j = 0; j < m->n; j++)
        if (m->t[j].group == g) {
            ts[n_t] = &m->t[j];
            labs[n_t++] = m->t[j].lab;
        }
    size_t *idx = malloc((c->n ? c->n : 1) * sizeof *idx);
    if (!idx)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (size_t i = 0; i < c->n; i++) {
        if (group_of(c, i) != g)
            continue;
        int finite = 1;
        for (size_t j = 0; j < n_t; j++)
            finite &= isfinite(c->lab[labs[j]][i]);
        if (finite)
            idx[n++] = i;
        else
            dropped++;
    }
    const char *name = mas_match_group_names[g];
    if (!n_t) {
        for (size_t k = 0; k < n; k++)       /* no target: no lab read, none dropped */
            keep[idx[k]] = 1, weight[idx[k]] = 1.0 / (double)n;
        fprintf(out, "  %-12s %zu patients, no target: all drawn once\n", name, n);
        free(idx);
        return MAS_OK;
    }
    if (n == 0) {
        free(idx);
        return mas_fail(err, MAS_EINPUT, "--match: no patient in group %s (with its labs) to "
                        "weight", name);
    }
    size_t k = 3 * n_t;
    double *gm = malloc(n * k * sizeof *gm), *w = malloc(n * sizeof *w), target[3 * MAS_MATCH_MAX_TARGETS];
    if (!gm || !w) {
        free(gm), free(w), free(idx);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    static const double p[3] = {0.25, 0.5, 0.75};
    for (size_t j = 0; j < n_t; j++)
        for (int q = 0; q < 3; q++) {
            target[3 * j + (size_t)q] = p[q];
            for (size_t r = 0; r < n; r++)
                gm[r * k + 3 * j + (size_t)q] = c->lab[labs[j]][idx[r]] <= ts[j]->q[q];
        }
    double residual;
    char why[MAS_ERR_LEN];
    int rc = mas_entropy_weights(gm, target, n, k, w, &residual, why);
    if (rc == MAS_EINPUT) {
        /* no weights on these patients give every share at once: say what
         * the patients give (the unweighted share below each published
         * quartile) */
        char shares[1024] = "";
        size_t used = 0;
        for (size_t j = 0; j < k && used < sizeof shares; j++) {
            double sh = 0;
            for (size_t r = 0; r < n; r++)
                sh += gm[r * k + j] / (double)n;
            const struct mas_match_target *t = ts[j / 3];
            int wrote = snprintf(shares + used, sizeof shares - used, "%s%s <= %g: %.2f (wanted %.2f)",
                                 j ? ", " : "", mas_match_labs[t->lab], t->q[j % 3], sh, target[j]);
            used += wrote > 0 ? (size_t)wrote : 0;
        }
        rc = mas_fail(err, MAS_EINPUT, "--match: no weights on the %zu simulated patients of group "
                      "%s give the published quartiles together (%s); their shares: %s", n, name,
                      why, shares);
    }
    if (rc == MAS_OK) {
        double sw2 = 0;
        for (size_t r = 0; r < n; r++) {
            weight[idx[r]] = w[r];
            sw2 += w[r] * w[r];
        }
        /* systematic resampling (Kitagawa 1996) of round(n_eff) patients,
         * with repeats, probability proportional to the weight */
        size_t n_draw = (size_t)lround(1.0 / sw2), kept = 0;
        size_t *kidx = malloc((n_draw ? n_draw : 1) * sizeof *kidx);
        double u = mas_clinic_uniform(MATCH_SEED, MATCH_STREAM, (int64_t)g), cum = 0;
        for (size_t r = 0, i = 0; kidx && r < n && i < n_draw; r++) {
            cum += w[r] * (double)n_draw;
            while (i < n_draw && (double)i + u < cum) {
                kidx[kept++] = idx[r];
                keep[idx[r]]++;
                i++;
            }
        }
        if (!kidx)
            rc = mas_fail(err, MAS_EIO, "out of memory");
        if (rc == MAS_OK) {
            fprintf(out, "  %-12s %zu patients%s, effective %.0f after weighting: %zu drawn\n", name,
                    n, dropped ? " with the labs" : "", 1.0 / sw2, kept);
            for (size_t j = 0; j < n_t; j++) {
                const double *v = c->lab[labs[j]];
                char pub_n[32] = "";
                if (!isnan(ts[j]->n))
                    snprintf(pub_n, sizeof pub_n, " (n = %g)", ts[j]->n);
                fprintf(out, "    %-13s published %g / %g / %g %s%s; simulated %.4g / %.4g / %.4g; "
                        "drawn %.4g / %.4g / %.4g\n", mas_match_labs[labs[j]], ts[j]->q[0], ts[j]->q[1],
                        ts[j]->q[2], mas_match_lab_units[labs[j]], pub_n,
                        quantile_of(v, idx, n, 0.25), quantile_of(v, idx, n, 0.5),
                        quantile_of(v, idx, n, 0.75), quantile_of(v, kidx, kept, 0.25),
                        quantile_of(v, kidx, kept, 0.5), quantile_of(v, kidx, kept, 0.75));
            }
        }
        free(kidx);
    }
    free(gm), free(w), free(idx);
    return rc;
}

/* *v (elements of size bytes; NULL: a column not read) replaced by its
 * elements pick[0..m).  0, or -1 without memory (*v left as it was). */
static int pick_from(void *v, size_t size, const size_t *pick, size_t m)
{
    char *old;
    memcpy(&old, v, sizeof old);           /* the column pointer, whatever its type */
    if (!old)
        return 0;
    char *x = malloc((m ? m : 1) * size);
    if (!x)
        return -1;
    for (size_t i = 0; i < m; i++)
        memcpy(x + i * size, old + pick[i] * size, size);
    free(old);
    memcpy(v, &x, sizeof x);
    return 0;
}

#define PICK(col, pick, m) pick_from(&(col), sizeof *(col), (pick), (m))

/* The cohort of patient i taken keep[i] times (0, 1 or more), in order. */
static int cohort_draw(struct cohort *c, const int *keep, char *err)
{
    size_t m = 0;
    for (size_t i = 0; i < c->n; i++)
        m += (size_t)keep[i];
    size_t *pick = malloc((m ? m : 1) * sizeof *pick);
    if (!pick)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (size_t i = 0, k = 0; i < c->n; i++)
        for (int r = 0; r < keep[i]; r++)
            pick[k++] = i;
    int bad = PICK(c->mas, pick, m) | PICK(c->onset, pick, m) | PICK(c->presentation, pick, m)
            | PICK(c->file, pick, m) | PICK(c->run, pick, m) | PICK(c->survival, pick, m)
            | PICK(c->sjia, pick, m);
    for (int l = 0; l < MAS_MATCH_NLABS; l++)
        bad |= PICK(c->lab[l], pick, m);
    for (int s = 0; s < N_SETS; s++)
        bad |= PICK(c->first[s], pick, m) | PICK(c->value[s], pick, m) | PICK(c->met[s], pick, m);
    free(pick);
    c->n_read = c->n;
    c->n = m;
    return bad ? mas_fail(err, MAS_EIO, "out of memory") : MAS_OK;
}

struct patients_job {
    const struct cohort *c;
    const char *const *files;
    const int *keep;
    const double *weight;
};

/* --patients: one row per patient read: file, run, group, weight, kept. */
static int fill_patients(const char *tmp, void *ctx, char *err)
{
    const struct patients_job *j = ctx;
    const struct cohort *c = j->c;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return mas_fail(err, MAS_EIO, "%s: %s", tmp, strerror(errno));
    fputs("file,run,group,true_mas,weight,drawn", f);
    for (int l = 0; l < MAS_MATCH_NLABS; l++)
        if (c->lab[l])
            fprintf(f, ",%s_at_presentation", mas_match_labs[l]);
    fputs("\n", f);
    for (size_t i = 0; i < c->n; i++) {
        fprintf(f, "%s,%.0f,%s,%d,%.10g,%d", j->files[c->file[i]], c->run[i],
                mas_match_group_names[group_of(c, i)], c->mas[i], j->weight[i], j->keep[i]);
        for (int l = 0; l < MAS_MATCH_NLABS; l++)
            if (c->lab[l])
                csv_num(f, c->lab[l][i]);
        fputs("\n", f);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad)
        return mas_fail(err, MAS_EIO, "%s: cannot write the patients", tmp);
    return MAS_OK;
}

/* Weight every group to its targets, write --patients, keep the patients
 * drawn (docs/criteria.md, "A virtual population"). */
static int match(struct cohort *c, const struct mas_match_spec *m, const char *const *files,
                 const char *patients_path, FILE *out, char *err)
{
    int *keep = calloc(c->n ? c->n : 1, sizeof *keep);
    double *weight = calloc(c->n ? c->n : 1, sizeof *weight);
    int rc = keep && weight ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
    if (rc == MAS_OK)
        fprintf(out, "match: %s%s%s (quartiles: q1 / median / q3)\n", m->path,
                m->source[0] ? ": " : "", m->source);
    for (int g = 0; g < MAS_GROUP_N && rc == MAS_OK; g++)
        rc = match_group(c, m, (enum mas_match_group)g, keep, weight, out, err);
    if (rc == MAS_OK && patients_path) {
        struct patients_job job = {c, files, keep, weight};
        rc = mas_write_atomically(patients_path, fill_patients, &job, err);
    }
    if (rc == MAS_OK)
        rc = cohort_draw(c, keep, err);
    if (rc == MAS_OK && c->n == 0)
        rc = mas_fail(err, MAS_EINPUT, "--match: no patient drawn");
    free(keep);
    free(weight);
    return rc;
}

/* Outputs are checked before anything is read. */
static int check_outputs(const struct mas_cohort_opts *o, char *err)
{
    int rc = MAS_OK;
    const char *outs[3] = {o->roc, o->csv, o->patients};
    static const char *const what[3] = {"the ROC figure", "the CSV table", "the patients file"};
    if (o->roc && !mas_plot_terminal(o->roc))
        return mas_fail(err, MAS_EINPUT, "%s: unknown output type (use .png, .svg or .pdf)", o->roc);
    if (o->roc && !mas_plot_quotable(o->roc))
        return mas_fail(err, MAS_EINPUT, "%s: output path may not contain quotes or newlines", o->roc);
    if (o->patients && !o->match)
        return mas_fail(err, MAS_EINPUT, "--patients needs --match (it lists the weights)");
    for (int i = 0; i < 3 && rc == MAS_OK; i++) {
        if (outs[i])
            rc = mas_output_path_ok(outs[i], err);
        for (int f = 0; f < o->n_files && rc == MAS_OK; f++)
            rc = mas_output_distinct(outs[i], o->files[f], "a sweep file", err);
        if (rc == MAS_OK && o->match)
            rc = mas_output_distinct(outs[i], o->match, "the targets file", err);
        for (int j = 0; j < i && rc == MAS_OK; j++)
            rc = mas_output_distinct(outs[i], outs[j], what[j], err);
    }
    return rc;
}

int mas_cohort(const struct mas_cohort_opts *o, FILE *out, char *err)
{
    if (o->n_files < 1)
        return mas_fail(err, MAS_EINPUT, "no sweep file");
    int rc = check_outputs(o, err);
    if (rc != MAS_OK)
        return rc;
    struct mas_match_spec *m = NULL;
    struct needs need;
    memset(&need, 0, sizeof need);
    if (o->match) {
        if (!(m = malloc(sizeof *m)))
            return mas_fail(err, MAS_EIO, "out of memory");
        rc = mas_match_read(o->match, m, err);
        need.sjia = 1;
        for (size_t j = 0; rc == MAS_OK && j < m->n; j++)
            need.lab[m->t[j].lab] = 1;
    }
    struct cohort c;
    memset(&c, 0, sizeof c);
    struct set_result r[N_SETS];
    memset(r, 0, sizeof r);
    if (rc == MAS_OK)
        rc = read_cohort(o->files, o->n_files, &need, &c, err);
    if (rc == MAS_OK && m)
        rc = match(&c, m, o->files, o->patients, out, err);
    for (int s = 0; s < N_SETS && rc == MAS_OK; s++)
        rc = score_set(&c, s, &r[s], err);
    if (rc == MAS_OK)
        print_table(out, &c, r);
    if (rc == MAS_OK && o->csv) {
        struct csv_job job = {r};
        rc = mas_write_atomically(o->csv, fill_csv, &job, err);
    }
    if (rc == MAS_OK && o->roc)
        rc = render_roc(o->roc, &c, r, err);
    for (int s = 0; s < N_SETS; s++)
        mas_roc_free(&r[s].roc);
    cohort_free(&c);
    free(m);
    return rc;
}
