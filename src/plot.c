/*
 * plot.c — figures of one run (or of a run beside a comparison run):
 * the figure table (which columns each template reads, which markers are
 * computed for it), the data files, and gnuplot itself, started with
 * fork/execvp and an argument vector (never a shell).  The image is drawn
 * into a temporary beside the output and renamed over it when gnuplot has
 * succeeded, so a failed plot leaves no half-written file.
 */
#include "plot.h"
#include "plot_internal.h"
#include "massim.h"
#include "run.h"
#include "criteria_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

typedef void mark_fn(const struct mas_plot_cols *c, char *vars, size_t n);

/* One figure: its listing entry, the columns its template reads after
 * time (each "states/NAME" or "observables/NAME", or CRITERIA_COLS alone:
 * the criteria series of every set, see figure_cols), and the markers it
 * computes from them. */
struct figure_def {
    struct mas_figure fig;
    const char *cols[MAS_PLOT_MAX_COLS + 1];
    mark_fn *marks;
};

#define CRITERIA_COLS "criteria/*"

static mark_fn mark_esr_crossing, mark_blockade, mark_thresholds, mark_criteria;

static const struct figure_def figures[] = {
    {{"labs", "the main labs: ferritin, fibrinogen/ESR/CRP, cytokines, hemoglobin/platelets"},
     {"states/ferritin", "states/fibrinogen", "observables/esr", "states/crp", "states/ifng",
      "states/il6", "states/tnf", "states/cxcl9", "states/hemoglobin", "states/platelets", NULL},
     NULL},
    {{"cascade", "the cascade: cytotoxic function, APCs, IFN-γ, macrophages, CXCL9, IL-1/IL-6/TNF-α"},
     {"observables/cytotoxic_function_effective", "states/apc", "states/ifng",
      "states/mac_activation", "states/cxcl9", "states/il1", "states/il6", "states/tnf",
      "states/ctl", NULL},
     NULL},
    {{"esr-paradox", "the ESR paradox: fibrinogen, ESR and CRP, the ESR/CRP crossing marked"},
     {"states/fibrinogen", "observables/esr", "states/crp", NULL}, mark_esr_crossing},
    {{"fibrinogen-balance", "fibrinogen F with its production P and consumption C"},
     {"states/fibrinogen", "observables/fibrinogen_production", "observables/fibrinogen_consumption",
      "states/ifng_signal", "observables/emapalumab_concentration", NULL},
     mark_blockade},
    {{"iron-trap", "the iron trap: erythrophagocytosis, hepcidin, ferroportin, ferritin"},
     {"observables/erythrophagocytosis", "states/hemoglobin", "states/hepcidin",
      "states/ferroportin", "states/storage_iron", "states/labile_iron", "states/ferritin", NULL},
     NULL},
    {{"flare-vs-mas", "platelets, WBC, fibrinogen, ferritin (flare beside MAS with --compare)"},
     {"states/platelets", "observables/wbc", "states/fibrinogen", "states/ferritin", NULL}, NULL},
    {{"criteria", "when each criteria set is met: 2016, HLH-2004, HScore, MS score, ferritin:ESR"},
     {CRITERIA_COLS, NULL}, mark_criteria},
    {{"lab-thresholds", "the 2016 MAS and HLH-2004 laboratory thresholds, the day each is crossed"},
     {"states/ferritin", "states/platelets", "states/ast", "states/triglycerides",
      "states/fibrinogen", "states/scd25", NULL},
     mark_thresholds},
};

#define N_FIGURES (sizeof figures / sizeof figures[0])

size_t mas_plot_count(void)
{
    return N_FIGURES;
}

const struct mas_figure *mas_plot_figure(size_t i)
{
    return i < N_FIGURES ? &figures[i].fig : NULL;
}

/* The column names of a figure, when they are built from the criteria table. */
struct col_specs {
    const char *spec[MAS_PLOT_MAX_COLS + 1];
    char buf[MAS_PLOT_MAX_COLS][64];
};

_Static_assert(2 * MAS_CRIT_NSETS <= MAS_PLOT_MAX_COLS, "the criteria figure's columns fit");

/* The columns fd reads (NULL-terminated): its own list, or for the
 * criteria figure, from mas_criteria_sets[] in its order, the met flag of
 * every set ("criteria/NAME_met"), then the count or score of every set
 * ("criteria/NAME"); plots/criteria.gp reads them by position. */
static const char *const *figure_cols(const struct figure_def *fd, struct col_specs *cs)
{
    if (!fd->cols[0] || strcmp(fd->cols[0], CRITERIA_COLS) != 0)
        return fd->cols;
    int k = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int s = 0; s < MAS_CRIT_NSETS; s++, k++) {
            snprintf(cs->buf[k], sizeof cs->buf[k], "criteria/%s%s", mas_criteria_sets[s].name,
                     pass ? "" : "_met");
            cs->spec[k] = cs->buf[k];
        }
    cs->spec[k] = NULL;
    return cs->spec;
}

static const struct figure_def *find_figure(const char *name)
{
    for (size_t i = 0; i < N_FIGURES; i++)
        if (strcmp(figures[i].fig.name, name) == 0)
            return &figures[i];
    return NULL;
}

void mas_plot_cols_free(struct mas_plot_cols *c)
{
    for (size_t j = 0; j <= MAS_PLOT_MAX_COLS; j++) {
        free(c->v[j]);
        c->v[j] = NULL;
    }
    c->n = c->n_cols = 0;
}

/* Append "NAME=VALUE; " to vars (NaN as gnuplot's NaN). */
static void add_var(char *vars, size_t n, const char *name, double value)
{
    size_t k = strlen(vars);
    if (isfinite(value))
        snprintf(vars + k, n - k, "%s=%.6g; ", name, value);
    else
        snprintf(vars + k, n - k, "%s=NaN; ", name);
}

/* ESR and CRP, each relative to its own peak: the first time after the
 * ESR peak at which ESR falls below CRP (linear between samples) is when
 * the two markers part ways — the ESR paradox begins. */
static void mark_esr_crossing(const struct mas_plot_cols *c, char *vars, size_t n)
{
    const double *t = c->v[0], *esr = c->v[2], *crp = c->v[3];
    double emax = 0, cmax = 0, cross = NAN;
    size_t ipeak = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (esr[i] > emax)
            emax = esr[i], ipeak = i;
        if (crp[i] > cmax)
            cmax = crp[i];
    }
    for (size_t i = ipeak + 1; emax > 0 && cmax > 0 && i < c->n; i++) {
        double d1 = esr[i] / emax - crp[i] / cmax, d0 = esr[i - 1] / emax - crp[i - 1] / cmax;
        if (d1 < 0) {
            cross = d0 > 0 ? t[i - 1] + (t[i] - t[i - 1]) * d0 / (d0 - d1) : t[i];
            break;
        }
    }
    add_var(vars, n, "crossing", cross);
}

/* The first output time with emapalumab above 0.001 ug/mL in serum (the
 * first dose gives ~100; the integrator leaves ~1e-22 before it): the
 * start of IFN-gamma blockade. */
static void mark_blockade(const struct mas_plot_cols *c, char *vars, size_t n)
{
    double day = NAN;
    for (size_t i = 0; i < c->n && isnan(day); i++)
        if (c->v[5][i] > 1e-3)
            day = c->v[0][i];
    add_var(vars, n, "blockade", day);
}

/* The first output time at which each laboratory threshold is crossed:
 * 2016 MAS classification (Ravelli et al. 2016): ferritin > 684 ng/mL,
 * platelets <= 181 x10^9/L, AST > 48 U/L, triglycerides > 156 mg/dL,
 * fibrinogen <= 360 mg/dL; HLH-2004 (Henter et al. 2007): ferritin >= 500,
 * platelets < 100, triglycerides >= 265, fibrinogen <= 150, sCD25 >= 2400
 * U/mL.  "labs2016" is the first time ferritin and two of the other four
 * 2016 items hold together (the laboratory part of the 2016 criteria). */
enum cmp { GT, GE, LE, LT };

static int holds(double v, enum cmp op, double limit)
{
    return op == GT ? v > limit : op == GE ? v >= limit : op == LE ? v <= limit : v < limit;
}

static void mark_thresholds(const struct mas_plot_cols *c, char *vars, size_t n)
{
    static const struct { const char *name; int col; enum cmp op; double limit; } th[] = {
        {"fer16", 1, GT, 684.0}, {"plt16", 2, LE, 181.0}, {"ast16", 3, GT, 48.0},
        {"tg16", 4, GT, 156.0},  {"fib16", 5, LE, 360.0}, {"fer04", 1, GE, 500.0},
        {"plt04", 2, LT, 100.0}, {"tg04", 4, GE, 265.0},  {"fib04", 5, LE, 150.0},
        {"scd04", 6, GE, 2400.0},
    };
    for (size_t k = 0; k < sizeof th / sizeof th[0]; k++) {
        double day = NAN;
        for (size_t i = 0; i < c->n && isnan(day); i++)
            if (holds(c->v[th[k].col][i], th[k].op, th[k].limit))
                day = c->v[0][i];
        add_var(vars, n, th[k].name, day);
    }
    double labs = NAN;
    for (size_t i = 0; i < c->n && isnan(labs); i++) {
        double *const *v = c->v;
        int items = (v[2][i] <= 181.0) + (v[3][i] > 48.0) + (v[4][i] > 156.0) + (v[5][i] <= 360.0);
        if (v[1][i] > 684.0 && items >= 2)
            labs = v[0][i];
    }
    add_var(vars, n, "labs2016", labs);
}

/* The first output time at which each criteria set is met, as d_NAME
 * (columns 1 to MAS_CRIT_NSETS: the met flags of the sets, in table
 * order). */
static void mark_criteria(const struct mas_plot_cols *c, char *vars, size_t n)
{
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        char name[64];
        double day = NAN;
        for (size_t i = 0; i < c->n && isnan(day); i++)
            if (c->v[1 + s][i] > 0.5)
                day = c->v[0][i];
        snprintf(name, sizeof name, "d_%s", mas_criteria_sets[s].name);
        add_var(vars, n, name, day);
    }
}

/* Write the columns with a header comment naming them in order, through
 * a temporary renamed into place (a file left by `massim figures` is
 * whole or absent). */
static int write_cols(const char *path, const char *const *cols, const struct mas_plot_cols *c,
                      char *err)
{
    struct mas_tmpfile t;
    int rc = mas_tmpfile_open(&t, path, err);
    if (rc != MAS_OK)
        return rc;
    FILE *out = t.f;
    fprintf(out, "# time");
    for (size_t j = 0; cols[j]; j++)
        fprintf(out, " %s", strchr(cols[j], '/') + 1);
    fprintf(out, "\n");
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = 0; j < c->n_cols; j++)
            fprintf(out, "%.10g%c", c->v[j][i], j + 1 < c->n_cols ? ' ' : '\n');
    return mas_tmpfile_close(&t, 1, err);
}

/* A column "criteria/SET" (count or score) or "criteria/SET_met" of a
 * run, from its criteria course. */
static int criteria_column(const struct mas_criteria_course *cc, const char *name, double *out)
{
    for (int s = 0; s < MAS_CRIT_NSETS; s++) {
        const char *set = mas_criteria_sets[s].name;
        size_t len = strlen(set);
        if (strncmp(name, set, len) != 0 || (name[len] && strcmp(name + len, "_met") != 0))
            continue;
        for (size_t i = 0; i < cc->n; i++)
            out[i] = name[len] ? (double)cc->met[s][i] : cc->value[s][i];
        return 0;
    }
    return -1;
}

/* One column of an in-memory run: time, a state, an observable, or a
 * criteria series (from cc, the run's criteria course; NULL: none). */
static int run_column(const struct mas_run *r, const char *spec, const struct mas_criteria_course *cc,
                      double *out)
{
    size_t ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs;
    if (strcmp(spec, "time") == 0) {
        memcpy(out, r->time, r->n_time * sizeof *out);
        return 0;
    }
    if (strncmp(spec, "criteria/", 9) == 0)
        return cc ? criteria_column(cc, spec + 9, out) : -1;
    int is_state = strncmp(spec, "states/", 7) == 0;
    int k = is_state ? mas_model_find_state(&r->model, spec + 7)
                     : mas_model_find_obs(&r->model, strchr(spec, '/') + 1);
    for (size_t i = 0; k >= 0 && i < r->n_time; i++)
        out[i] = is_state ? r->y[i * ns + (size_t)k] : r->obs[i * no + (size_t)k];
    return k >= 0 ? 0 : -1;
}

/* The columns cols of figure fd from an in-memory run (copies). */
static int run_columns(const struct figure_def *fd, const char *const *cols, const struct mas_run *r,
                       struct mas_plot_cols *c, char *err)
{
    memset(c, 0, sizeof *c);
    c->n = r->n_time;
    int rc = MAS_OK;
    for (size_t j = 0; rc == MAS_OK && j <= MAS_PLOT_MAX_COLS && (j == 0 || cols[j - 1]); j++) {
        const char *spec = j ? cols[j - 1] : "time";
        if (!(c->v[j] = malloc((c->n ? c->n : 1) * sizeof(double))) ||
            run_column(r, spec, r->criteria, c->v[j]) != 0)
            rc = mas_fail(err, MAS_EIO, "figure %s: no column %s in the run", fd->fig.name, spec);
        c->n_cols = j + 1;
    }
    if (rc != MAS_OK)
        mas_plot_cols_free(c);
    return rc;
}

int mas_plot_write_run(const char *figure, const struct mas_run *r, const char *dat_path,
                       char *vars, size_t n, char *err)
{
    const struct figure_def *fd = find_figure(figure);
    if (!fd)
        return mas_fail(err, MAS_EINPUT, "unknown figure '%s'", figure);
    struct mas_plot_cols c;
    struct col_specs cs;
    const char *const *cols = figure_cols(fd, &cs);
    int rc = run_columns(fd, cols, r, &c, err);
    if (rc == MAS_OK)
        rc = write_cols(dat_path, cols, &c, err);
    if (rc == MAS_OK && fd->marks)
        fd->marks(&c, vars, n);
    mas_plot_cols_free(&c);
    return rc;
}

const char *mas_plot_terminal(const char *out_path)
{
    const char *dot = strrchr(out_path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    if (strcmp(dot, ".png") == 0)
        return "pngcairo";
    if (strcmp(dot, ".svg") == 0)
        return "svg";
    if (strcmp(dot, ".pdf") == 0)
        return "pdfcairo";
    return NULL;
}

void mas_plot_sanitize(char *dst, size_t n, const char *src)
{
    static const char extra[] = " _.,:()+-/*^";   /* ^: units such as 10^9/L */
    size_t k = 0;
    for (; src && *src && k + 1 < n; src++) {
        char ch = *src;
        if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
            strchr(extra, ch))
            dst[k++] = ch;
    }
    dst[k] = '\0';
}

int mas_plot_quotable(const char *s)
{
    return !strpbrk(s, "'\n\r");
}

/* Find plots/NAME.gp: $MASSIM_PLOTS, ./plots, then the installed copy. */
static int find_template(const char *name, char *path, size_t n, char *err)
{
    const char *dirs[3] = {getenv("MASSIM_PLOTS"), "plots", NULL};
#ifdef MAS_DATADIR
    dirs[2] = MAS_DATADIR "/plots";
#endif
    if (dirs[0] && dirs[0][0])
        dirs[1] = dirs[2] = NULL;  /* an explicit directory is the only one */
    for (int i = 0; i < 3; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, n, "%s/%s.gp", dirs[i], name);
        if (access(path, R_OK) == 0)
            return MAS_OK;
    }
    return mas_fail(err, MAS_EIO, "no template %s.gp (in $MASSIM_PLOTS or ./plots)", name);
}

/* Run gnuplot -e SETTINGS TEMPLATE and wait for it; gnuplot's own
 * messages go to our stderr. */
static int run_gnuplot(const char *settings, const char *tmpl, char *err)
{
    char *argv[] = {"gnuplot", "-e", (char *)settings, (char *)tmpl, NULL};
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return mas_fail(err, MAS_EIO, "cannot start gnuplot (fork failed)");
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return mas_fail(err, MAS_EIO, "gnuplot not found or could not run");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return mas_fail(err, MAS_EIO, "gnuplot failed on %s", tmpl);
    return MAS_OK;
}

/* What mas_write_atomically() hands to draw(). */
struct draw_job {
    const char *tmpl, *settings, *term, *out;
};

/* gnuplot may exit 0 after a write failed (a full disk): the figure is
 * checked before it is renamed into place.  A complete PNG ends with its
 * IEND chunk, an SVG with </svg>, a PDF with %%EOF. */
static int figure_complete(const char *path, const char *term, const char *out, char *err)
{
    static const struct { const char *term, *end; size_t n; } ends[] = {
        {"pngcairo", "IEND\xae\x42\x60\x82", 8}, {"svg", "</svg>", 6}, {"pdfcairo", "%%EOF", 5},
    };
    FILE *f = fopen(path, "rb");
    char tail[64] = "";
    size_t got = 0;
    if (f && fseek(f, 0, SEEK_END) == 0) {
        long size = ftell(f);
        long from = size > (long)sizeof tail ? size - (long)sizeof tail : 0;
        if (size > 0 && fseek(f, from, SEEK_SET) == 0)
            got = fread(tail, 1, sizeof tail, f);
    }
    if (f)
        fclose(f);
    while (got > 0 && (tail[got - 1] == '\n' || tail[got - 1] == '\r' || tail[got - 1] == ' '))
        got--;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (strcmp(term, ends[i].term) == 0 && got >= ends[i].n
            && memcmp(tail + got - ends[i].n, ends[i].end, ends[i].n) == 0)
            return MAS_OK;
    return mas_fail(err, MAS_EIO, "%s: gnuplot did not write a complete figure (%s; a full "
                    "disk?); nothing was replaced", out, got ? "it is cut short" : "it is empty");
}

static int draw(const char *tmp, void *ctx, char *err)
{
    const struct draw_job *j = ctx;
    size_t len = strlen(j->settings) + strlen(tmp) + 64;
    char *all = malloc(len);
    if (!all)
        return mas_fail(err, MAS_EIO, "out of memory");
    snprintf(all, len, "%soutfile='%s'; term='%s'", j->settings, tmp, j->term);
    int rc = run_gnuplot(all, j->tmpl, err);
    free(all);
    return rc == MAS_OK ? figure_complete(tmp, j->term, j->out, err) : rc;
}

int mas_plot_render(const char *tmpl_name, const char *settings, const char *out_path, char *err)
{
    const char *term = mas_plot_terminal(out_path);
    if (!term)
        return mas_fail(err, MAS_EINPUT, "%s: unknown output type (use .png, .svg or .pdf)", out_path);
    if (!mas_plot_quotable(out_path))
        return mas_fail(err, MAS_EINPUT, "%s: output path may not contain quotes or newlines", out_path);
    char tmpl[4096];
    int rc = mas_output_path_ok(out_path, err);
    if (rc == MAS_OK)
        rc = find_template(tmpl_name, tmpl, sizeof tmpl, err);
    if (rc != MAS_OK)
        return rc;
    struct draw_job job = {tmpl, settings, term, out_path};
    return mas_write_atomically(out_path, draw, &job, err);
}

int mas_plot_tmp(char *path, size_t n, char *err)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !dir[0] || !mas_plot_quotable(dir))
        dir = "/tmp";
    snprintf(path, n, "%s/massim-plot-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return mas_fail(err, MAS_EIO, "cannot create a temporary file in %s", dir);
    close(fd);
    return MAS_OK;
}

/* Read fd's columns of h5_path into a new temporary data file `tmp`. */
static int h5_data(const struct figure_def *fd, const char *h5_path, char *tmp, size_t tmp_len,
                   char *name, size_t name_len, char *vars, size_t vars_len, char *err)
{
    struct mas_plot_cols c;
    struct col_specs cs;
    const char *const *cols = figure_cols(fd, &cs);
    tmp[0] = '\0';
    int rc = mas_plot_h5_columns(h5_path, cols, &c, name, name_len, err);
    if (rc == MAS_OK)
        rc = mas_plot_tmp(tmp, tmp_len, err);
    if (rc == MAS_OK)
        rc = write_cols(tmp, cols, &c, err);
    if (rc == MAS_OK && fd->marks)
        fd->marks(&c, vars, vars_len);
    mas_plot_cols_free(&c);
    return rc;
}

int mas_plot(const char *h5_path, const char *figure, const char *compare, const char *out_path,
             char *err)
{
    const struct figure_def *fd = find_figure(figure ? figure : MAS_PLOT_DEFAULT);
    if (!fd)
        return mas_fail(err, MAS_EINPUT, "unknown figure '%s'", figure);
    if (!mas_plot_terminal(out_path))
        return mas_fail(err, MAS_EINPUT, "%s: unknown output type (use .png, .svg or .pdf)", out_path);
    char dat[4096], cmp[4096] = "", name[256], cname[256], vars[1024] = "", cvars[1024] = "";
    int rc = h5_data(fd, h5_path, dat, sizeof dat, name, sizeof name, vars, sizeof vars, err);
    if (rc == MAS_OK && compare)
        rc = h5_data(fd, compare, cmp, sizeof cmp, cname, sizeof cname, cvars, sizeof cvars, err);
    if (rc == MAS_OK) {
        char settings[8192];
        int k = snprintf(settings, sizeof settings, "datafile='%s'; title='%s'; label='%s'; %s", dat,
                         name[0] ? name : "massim run", name[0] ? name : "run", vars);
        if (compare)
            snprintf(settings + k, sizeof settings - (size_t)k, "cmpfile='%s'; cmplabel='%s'; ",
                     cmp, cname[0] ? cname : "comparison");
        rc = mas_plot_render(fd->fig.name, settings, out_path, err);
    }
    if (dat[0])
        unlink(dat);
    if (cmp[0])
        unlink(cmp);
    return rc;
}
