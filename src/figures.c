/*
 * figures.c — the teaching figure set of `massim figures -o DIR`.  Each
 * figure runs the scenarios it needs (in memory, through mas_run_*),
 * writes its data files to DIR/data/ (kept, so that a template can be
 * edited and rerun by hand) and renders plots/TEMPLATE.gp once per format.
 * docs/figures.md describes every figure and the scenarios behind it.
 */
#include "figures.h"
#include "massim.h"
#include "plot.h"
#include "run.h"

#include <errno.h>
#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SETTINGS_LEN 8192

/* What every figure builder gets: where to write, and the settings
 * string it fills for gnuplot (file names, labels, markers). */
struct job {
    const struct mas_figures_opts *o;
    const char *stem;                /* "01-cascade" */
    char settings[SETTINGS_LEN];
};

typedef int build_fn(struct job *j, char *err);

struct set_fig {
    const char *stem, *tmpl, *summary;
    build_fn *build;
};

static build_fn build_cascade, build_esr, build_balance, build_iron, build_flare, build_labs,
    build_timing, build_threshold, build_criteria, build_suppression;

static const struct set_fig set[] = {
    {"01-cascade", "cascade", "the cascade: sJIA-MAS beside a healthy child with an infection", build_cascade},
    {"02-esr-paradox", "esr-paradox", "the ESR paradox: fibrinogen, ESR and CRP, crossing marked", build_esr},
    {"03-fibrinogen-balance", "fibrinogen-balance", "fibrinogen P, C and F with and without emapalumab", build_balance},
    {"04-iron-trap", "iron-trap", "the iron trap: erythrophagocytosis, hepcidin, ferroportin, ferritin", build_iron},
    {"05-flare-vs-mas", "flare-vs-mas", "an sJIA flare beside MAS: platelets, WBC, fibrinogen, ferritin", build_flare},
    {"06-criteria", "criteria", "when each criteria set is met, sJIA-MAS beside an sJIA flare", build_criteria},
    {"07-emapalumab-timing", "emapalumab-timing", "outcome metrics and survival against the emapalumab start day", build_timing},
    {"08-threshold", "threshold", "peak IFN-γ against genetic cytotoxic function", build_threshold},
    {"09-lab-thresholds", "lab-thresholds", "2016 MAS and HLH-2004 laboratory thresholds over time", build_labs},
    {"10-emapalumab-suppression", "emapalumab-suppression",
     "days one emapalumab dose keeps tissue IFN-γ 90 % down, by dose and IFN-γ production", build_suppression},
};

#define N_SET (sizeof set / sizeof set[0])

size_t mas_figures_count(void)
{
    return N_SET;
}

const char *mas_figures_name(size_t i)
{
    return i < N_SET ? set[i].stem : NULL;
}

const char *mas_figures_summary(size_t i)
{
    return i < N_SET ? set[i].summary : NULL;
}

/* Append formatted text to the job's settings. */
static void setf(struct job *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void setf(struct job *j, const char *fmt, ...)
{
    size_t k = strlen(j->settings);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(j->settings + k, sizeof j->settings - k, fmt, ap);
    va_end(ap);
}

/* scenarios/NAME.yaml from $MASSIM_SCENARIOS, ./scenarios or the
 * installed data directory. */
static int find_scenario(const char *name, char *path, size_t n, char *err)
{
    const char *dirs[3] = {getenv("MASSIM_SCENARIOS"), "scenarios", NULL};
#ifdef MAS_DATADIR
    dirs[2] = MAS_DATADIR "/scenarios";
#endif
    if (dirs[0] && dirs[0][0])
        dirs[1] = dirs[2] = NULL;
    for (int i = 0; i < 3; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, n, "%s/%s", dirs[i], name);
        if (access(path, R_OK) == 0)
            return MAS_OK;
    }
    return mas_fail(err, MAS_EIO, "figures: no scenario %s (in $MASSIM_SCENARIOS or ./scenarios)", name);
}

/* Prepare and integrate scenarios/NAME with --set style overrides. */
static int run_scenario(const char *name, const char *const *sets, int n_sets, struct mas_run *r,
                        char *err)
{
    char path[4096];
    memset(r, 0, sizeof *r);
    int rc = find_scenario(name, path, sizeof path, err);
    if (rc != MAS_OK)
        return rc;
    rc = mas_run_prepare(r, path, sets, n_sets, err);
    if (rc == MAS_OK)
        rc = mas_run_execute(r, err);
    if (rc != MAS_OK) {
        char why[MAS_ERR_LEN];
        snprintf(why, sizeof why, "%s", err);
        mas_fail(err, rc, "figures: %s: %s", name, why);
    }
    return rc;
}

/* DIR/data/STEM-SUFFIX.dat into path. */
static void data_path(const struct job *j, const char *suffix, char *path, size_t n)
{
    snprintf(path, n, "%s/data/%s%s.dat", j->o->dir, j->stem, suffix);
}

/* Run `scenario`, write the columns of `tmpl` to the data file and name it
 * in the settings as datafile (role "") or cmpfile (role "cmp"). */
static int one_run(struct job *j, const char *tmpl, const char *scenario, const char *role,
                   const char *label, char *err)
{
    struct mas_run r;
    char dat[4096], vars[1024] = "";
    int rc = run_scenario(scenario, NULL, 0, &r, err);
    data_path(j, role[0] ? "-cmp" : "", dat, sizeof dat);
    if (rc == MAS_OK)
        rc = mas_plot_write_run(tmpl, &r, dat, vars, sizeof vars, err);
    mas_run_free(&r);
    if (rc != MAS_OK)
        return rc;
    if (role[0])
        setf(j, "cmpfile='%s'; cmplabel='%s'; ", dat, label);
    else
        setf(j, "datafile='%s'; label='%s'; %s", dat, label, vars);
    return MAS_OK;
}

/* A figure of one run beside another. */
static int two_runs(struct job *j, const char *tmpl, const char *title, const char *main_sc,
                    const char *main_label, const char *cmp_sc, const char *cmp_label, char *err)
{
    setf(j, "title='%s'; ", title);
    int rc = one_run(j, tmpl, main_sc, "", main_label, err);
    if (rc == MAS_OK && cmp_sc)
        rc = one_run(j, tmpl, cmp_sc, "cmp", cmp_label, err);
    return rc;
}

static int build_cascade(struct job *j, char *err)
{
    return two_runs(j, "cascade", "sJIA flare with MAS beside a healthy child with a viral infection",
                    "mas-sjia.yaml", "sJIA-MAS", "healthy-infection.yaml", "healthy child, infection", err);
}

static int build_esr(struct job *j, char *err)
{
    return two_runs(j, "esr-paradox", "sJIA flare turning into MAS", "esr-paradox.yaml", "MAS", NULL,
                    NULL, err);
}

static int build_balance(struct job *j, char *err)
{
    return two_runs(j, "fibrinogen-balance",
                    "sJIA-MAS on methylprednisolone, IFN-γ blocked by emapalumab from day 7",
                    "emapalumab-timing/start-day-07.yaml", "emapalumab from day 7",
                    "emapalumab-timing/no-emapalumab.yaml", "no emapalumab", err);
}

static int build_iron(struct job *j, char *err)
{
    return two_runs(j, "iron-trap", "sJIA-MAS beside a healthy child with a viral infection", "mas-sjia.yaml",
                    "sJIA-MAS", "healthy-infection.yaml", "healthy child, infection", err);
}

static int build_flare(struct job *j, char *err)
{
    return two_runs(j, "flare-vs-mas", "an sJIA flare that resolves beside one that turns into MAS",
                    "mas-sjia.yaml", "sJIA flare with MAS", "sjia-flare.yaml", "sJIA flare without MAS",
                    err);
}

static int build_criteria(struct job *j, char *err)
{
    return two_runs(j, "criteria", "sJIA flare turning into MAS beside a flare without MAS",
                    "mas-sjia.yaml", "sJIA-MAS", "sjia-flare.yaml", "sJIA flare without MAS", err);
}

static int build_labs(struct job *j, char *err)
{
    return two_runs(j, "lab-thresholds", "sJIA flare turning into MAS (untreated)", "mas-sjia.yaml",
                    "sJIA-MAS", NULL, NULL, err);
}

/* ---- emapalumab timing: one row per start day ---- */

static double metric(const struct mas_run *r, const char *name)
{
    for (int i = 0; i < r->n_metrics; i++)
        if (strcmp(r->metrics[i].name, name) == 0)
            return r->metrics[i].value;
    return NAN;
}

static const char *const timing_metrics[] = {
    "remission_day", "peak_ferritin", "ifng_auc", "days_fibrinogen_below_150", "nadir_platelets",
    "cxcl9_below_cutoff_day", "final_survival", "peak_organ_dysfunction", NULL,
};

/* The first emapalumab dose, or NaN. */
static double start_day(const struct mas_run *r)
{
    for (size_t i = 0; i < r->n_doses; i++)
        if (strcmp(r->doses[i].drug, "emapalumab") == 0)
            return r->doses[i].day;
    return NAN;
}

/* One timing scenario: its row in `out`, or the reference values. */
static int timing_row(struct job *j, const char *scenario, FILE *out, char *err)
{
    struct mas_run r;
    int rc = run_scenario(scenario, NULL, 0, &r, err);
    if (rc != MAS_OK) {
        mas_run_free(&r);
        return rc;
    }
    double day = start_day(&r);
    if (isnan(day)) {
        for (int k = 0; timing_metrics[k]; k++) {
            double v = metric(&r, timing_metrics[k]);
            if (isfinite(v))
                setf(j, "ref_%s=%.6g; ", timing_metrics[k], v);
            else
                setf(j, "ref_%s=NaN; ", timing_metrics[k]);
        }
    } else {
        fprintf(out, "%.6g", day);
        for (int k = 0; timing_metrics[k]; k++)
            fprintf(out, " %.6g", metric(&r, timing_metrics[k]));
        fprintf(out, "\n");
    }
    mas_run_free(&r);
    return MAS_OK;
}

static int build_timing(struct job *j, char *err)
{
    char dir[4096], dat[4096];
    int rc = find_scenario("emapalumab-timing", dir, sizeof dir, err);
    if (rc != MAS_OK)
        return rc;
    glob_t g;
    char pattern[4200];
    /* the fixed start days and the run without emapalumab (the runs
     * started at diagnosis, at-diagnosis-plus-*.yaml, are rows of make
     * timing, not points of this figure) */
    snprintf(pattern, sizeof pattern, "%s/start-day-*.yaml", dir);
    if (glob(pattern, 0, NULL, &g) != 0)
        return mas_fail(err, MAS_EIO, "figures: no scenarios start-day-*.yaml in %s", dir);
    snprintf(pattern, sizeof pattern, "%s/no-emapalumab.yaml", dir);
    if (glob(pattern, GLOB_APPEND, NULL, &g) != 0) {
        globfree(&g);
        return mas_fail(err, MAS_EIO, "figures: no scenario no-emapalumab.yaml in %s", dir);
    }
    data_path(j, "", dat, sizeof dat);
    struct mas_tmpfile t;
    if ((rc = mas_tmpfile_open(&t, dat, err)) != MAS_OK) {
        globfree(&g);
        return rc;
    }
    FILE *out = t.f;
    fprintf(out, "# start_day");
    for (int k = 0; timing_metrics[k]; k++)
        fprintf(out, " %s", timing_metrics[k]);
    fprintf(out, "\n");
    setf(j, "datafile='%s'; title='sJIA-MAS on methylprednisolone: emapalumab started on different days'; ",
         dat);
    for (size_t i = 0; rc == MAS_OK && i < g.gl_pathc; i++) {
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        char name[4200];
        snprintf(name, sizeof name, "emapalumab-timing/%s", base);
        rc = timing_row(j, name, out, err);
    }
    globfree(&g);
    int wrote = mas_tmpfile_close(&t, rc == MAS_OK, err);
    return rc == MAS_OK ? wrote : rc;
}

/* ---- the threshold: peak IFN-gamma against cytotoxic function ---- */

#define N_STEPS 20          /* cytotoxic function 0.05, 0.10, ..., 1.00 */
#define RUNAWAY 20.0        /* pg/mL on the last day: the loop has escaped */
#define RESOLVED 2.0        /* pg/mL on the last day: back to rest */

/* Scan one scenario; write peak and last-day IFN-gamma into cols. */
static int scan(const char *scenario, double peak[N_STEPS], double last[N_STEPS], char *err)
{
    for (int i = 0; i < N_STEPS; i++) {
        char set_k[64];
        snprintf(set_k, sizeof set_k, "cytotoxic_function=%.2f", 0.05 * (i + 1));
        const char *sets[] = {set_k};
        struct mas_run r;
        int rc = run_scenario(scenario, sets, 1, &r, err);
        if (rc == MAS_OK) {
            int k = mas_model_find_state(&r.model, "ifng");
            size_t ns = (size_t)r.model.n_states;
            peak[i] = 0;
            for (size_t t = 0; t < r.n_time; t++)
                if (r.y[t * ns + (size_t)k] > peak[i])
                    peak[i] = r.y[t * ns + (size_t)k];
            last[i] = r.y[(r.n_time - 1) * ns + (size_t)k];
        }
        mas_run_free(&r);
        if (rc != MAS_OK)
            return rc;
    }
    return MAS_OK;
}

/* The switch: the highest cytotoxic function that still runs away and the
 * lowest above it that resolves (NaN when there is no clean switch). */
static void switch_at(struct job *j, const char *name, const double last[N_STEPS])
{
    double lo = NAN, hi = NAN;
    for (int i = 0; i < N_STEPS; i++)
        if (last[i] > RUNAWAY)
            lo = 0.05 * (i + 1);
    for (int i = 0; i < N_STEPS; i++)
        if (last[i] < RESOLVED && 0.05 * (i + 1) > lo) {
            hi = 0.05 * (i + 1);
            break;
        }
    if (isfinite(lo) && isfinite(hi))
        setf(j, "%s_lo=%.2f; %s_hi=%.2f; ", name, lo, name, hi);
    else
        setf(j, "%s_lo=NaN; %s_hi=NaN; ", name, name);
}

static int build_threshold(struct job *j, char *err)
{
    double ip[N_STEPS], il[N_STEPS], fp[N_STEPS], fl[N_STEPS];
    int rc = scan("healthy-infection.yaml", ip, il, err);
    if (rc == MAS_OK)
        rc = scan("sjia-flare.yaml", fp, fl, err);
    if (rc != MAS_OK)
        return rc;
    char dat[4096];
    data_path(j, "", dat, sizeof dat);
    struct mas_tmpfile t;
    if ((rc = mas_tmpfile_open(&t, dat, err)) != MAS_OK)
        return rc;
    fprintf(t.f, "# cytotoxic_function infection_peak_ifng infection_last_ifng flare_peak_ifng "
                 "flare_last_ifng (pg/mL)\n");
    for (int i = 0; i < N_STEPS; i++)
        fprintf(t.f, "%.2f %.6g %.6g %.6g %.6g\n", 0.05 * (i + 1), ip[i], il[i], fp[i], fl[i]);
    if ((rc = mas_tmpfile_close(&t, 1, err)) != MAS_OK)
        return rc;
    setf(j, "datafile='%s'; runaway=%g; resolved=%g; "
            "title='a viral infection and a two-week sJIA flare'; ",
         dat, RUNAWAY, RESOLVED);
    switch_at(j, "inf", il);
    switch_at(j, "flare", fl);
    return MAS_OK;
}

/* ---- emapalumab: how long one dose suppresses tissue IFN-gamma ---- */

static const double supp_doses[] = {1, 3, 6, 10};                 /* mg/kg */
static const double supp_levels[] = {10, 30, 100, 300, 1000};     /* held serum IFN-gamma, pg/mL */
#define N_SUPP_DOSES (sizeof supp_doses / sizeof supp_doses[0])
#define N_SUPP_LEVELS (sizeof supp_levels / sizeof supp_levels[0])
#define SUPP_LEFT 0.1       /* suppressed: the IFN-gamma signal below 10 % of its held level */

/* Days after the dose (day 1) with the IFN-gamma signal below SUPP_LEFT of
 * the held level, and the mean total serum IFN-gamma over the run. */
static int suppression(double dose, double level, double *days, double *total, char *err)
{
    char set_d[64], set_l[64];
    snprintf(set_d, sizeof set_d, "therapies[0].dose=%g", dose);
    snprintf(set_l, sizeof set_l, "ifng_baseline=%g", level);
    const char *sets[] = {set_d, set_l};
    struct mas_run r;
    int rc = run_scenario("emapalumab-dose/single-dose.yaml", sets, 2, &r, err);
    if (rc == MAS_OK) {
        int ks = mas_model_find_state(&r.model, "ifng_signal");
        int kt = mas_model_find_obs(&r.model, "ifng_total");
        if (ks < 0 || kt < 0) {
            rc = mas_fail(err, MAS_EINPUT, "figures: the model has no ifng_signal or ifng_total");
        } else {
            size_t ns = (size_t)r.model.n_states, no = (size_t)r.model.n_obs;
            *days = *total = 0.0;
            for (size_t t = 1; t < r.n_time; t++) {
                double dt = r.time[t] - r.time[t - 1];
                if (r.y[t * ns + (size_t)ks] < SUPP_LEFT * level)
                    *days += dt;
                *total += dt * r.obs[t * no + (size_t)kt];
            }
            *total /= r.time[r.n_time - 1] - r.time[0];
        }
    }
    mas_run_free(&r);
    return rc;
}

static int build_suppression(struct job *j, char *err)
{
    char dat[4096];
    data_path(j, "", dat, sizeof dat);
    struct mas_tmpfile t;
    int rc = mas_tmpfile_open(&t, dat, err);
    if (rc != MAS_OK)
        return rc;
    FILE *out = t.f;
    fprintf(out, "# held_serum_ifng (pg/mL); then per dose");
    for (size_t d = 0; d < N_SUPP_DOSES; d++)
        fprintf(out, " | %g mg/kg: days_suppressed mean_total_ifng (pg/mL)", supp_doses[d]);
    fprintf(out, "\n");
    for (size_t l = 0; rc == MAS_OK && l < N_SUPP_LEVELS; l++) {
        fprintf(out, "%g", supp_levels[l]);
        for (size_t d = 0; rc == MAS_OK && d < N_SUPP_DOSES; d++) {
            double days = NAN, total = NAN;
            rc = suppression(supp_doses[d], supp_levels[l], &days, &total, err);
            fprintf(out, " %.6g %.6g", days, total);
        }
        fprintf(out, "\n");
    }
    int wrote = mas_tmpfile_close(&t, rc == MAS_OK, err);
    rc = rc == MAS_OK ? wrote : rc;
    setf(j, "datafile='%s'; left=%g; title='one dose on day 1, IFN-γ production held'; ", dat, SUPP_LEFT);
    return rc;
}

/* ---- the set ---- */

static int make_dir(const char *path, char *err)
{
    struct stat st;
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return mas_fail(err, MAS_EIO, "%s: cannot create the directory: %s", path, strerror(errno));
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return mas_fail(err, MAS_EIO, "%s: not a directory", path);
    return MAS_OK;
}

static int check_opts(const struct mas_figures_opts *o, char *err)
{
    if (!o->dir || !o->dir[0])
        return mas_fail(err, MAS_EINPUT, "figures: no output directory given (-o DIR)");
    if (!mas_plot_quotable(o->dir) || strlen(o->dir) > 3000)
        return mas_fail(err, MAS_EINPUT, "%s: directory name may not contain quotes or newlines", o->dir);
    for (int i = 0; i < o->n_formats; i++) {
        char probe[16];
        snprintf(probe, sizeof probe, "x.%s", o->formats[i]);
        if (!mas_plot_terminal(probe))
            return mas_fail(err, MAS_EINPUT, "figures: unknown format '%s' (png, svg, pdf)", o->formats[i]);
    }
    if (o->only) {
        for (size_t i = 0; i < N_SET; i++)
            if (strcmp(o->only, set[i].stem) == 0 || strcmp(o->only, set[i].tmpl) == 0)
                return MAS_OK;
        return mas_fail(err, MAS_EINPUT, "figures: unknown figure '%s' (massim figures --list)", o->only);
    }
    return MAS_OK;
}

/* DIR/data/STEM.gp: the figure's gnuplot settings, so that the template
 * can be rerun (and edited) by hand. */
static int write_settings(const struct job *j, const char *tmpl, char *err)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data/%s.gp", j->o->dir, j->stem);
    struct mas_tmpfile t;
    int rc = mas_tmpfile_open(&t, path, err);
    if (rc != MAS_OK)
        return rc;
    FILE *f = t.f;
    fprintf(f, "# Settings of %s.gp for %s, written by massim figures.  Rerun from the\n"
               "# massim directory (or give the installed plots/ directory):\n"
               "#   gnuplot -e \"load '%s'; outfile='%s.png'\" plots/%s.gp\n%s\n",
            tmpl, j->stem, path, j->stem, tmpl, j->settings);
    return mas_tmpfile_close(&t, 1, err);
}

/* Build one figure's data and render it in every format. */
static int draw_one(const struct mas_figures_opts *o, size_t i, int done, int total, char *err)
{
    struct job *j = calloc(1, sizeof *j);
    if (!j)
        return mas_fail(err, MAS_EIO, "out of memory");
    j->o = o;
    j->stem = set[i].stem;
    if (o->progress)
        o->progress(o->ctx, done, total, set[i].stem, NULL);
    int rc = set[i].build(j, err);
    if (rc == MAS_OK)
        rc = write_settings(j, set[i].tmpl, err);
    for (int f = 0; rc == MAS_OK && f < o->n_formats; f++) {
        char out[4096];
        snprintf(out, sizeof out, "%s/%s.%s", o->dir, set[i].stem, o->formats[f]);
        rc = mas_plot_render(set[i].tmpl, j->settings, out, err);
        if (rc == MAS_OK && o->progress)
            o->progress(o->ctx, done, total, set[i].stem, out);
    }
    free(j);
    return rc;
}

int mas_figures(const struct mas_figures_opts *o, char *err)
{
    int rc = check_opts(o, err);
    char data[4096];
    snprintf(data, sizeof data, "%s/data", o->dir);
    if (rc == MAS_OK)
        rc = make_dir(o->dir, err);
    if (rc == MAS_OK)
        rc = make_dir(data, err);
    int total = 0, done = 0;
    for (size_t i = 0; i < N_SET; i++)
        total += !o->only || strcmp(o->only, set[i].stem) == 0 || strcmp(o->only, set[i].tmpl) == 0;
    for (size_t i = 0; rc == MAS_OK && i < N_SET; i++)
        if (!o->only || strcmp(o->only, set[i].stem) == 0 || strcmp(o->only, set[i].tmpl) == 0)
            rc = draw_one(o, i, done++, total, err);
    return rc;
}
