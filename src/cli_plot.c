/*
 * cli_plot.c — the verbs that draw: `massim plot` (a figure of a run or of
 * a sweep, gnuplot) and `massim figures` (the teaching set).
 */
#include "cli.h"
#include "figures.h"
#include "massim.h"
#include "plot.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- plot ------------------------------------------------------------------ */

struct plot_args {
    const char *file, *figure, *out, *compare, *metric, *x, *y, *var, *data;
    int list;
};

static int plot_list(void)
{
    for (size_t i = 0; i < mas_plot_count(); i++)
        printf("%-12s %s\n", mas_plot_figure(i)->name, mas_plot_figure(i)->summary);
    printf("%-12s %s\n", "sweep-line", "(sweep files) a metric against one input axis, coloured by a second");
    printf("%-12s %s\n", "sweep-map", "(sweep files) a metric over two input axes: heat map or coloured points");
    printf("%-12s %s\n", "sweep-bands", "(sweep files) kept trajectories: median, 50 % and 90 % bands over the runs");
    printf("%-12s %s\n", "fit", "(fit files, the default) observations against the model, residuals, profiles");
    printf("%-12s %s\n", "sensitivity", "(sensitivity files, the default) the parameters that matter most per metric");
    return 0;
}

/* FILE with its extension replaced by .png (a new string). */
static char *default_plot_path(const char *file)
{
    size_t n = strlen(file);
    char *out = malloc(n + 5);
    if (!out)
        return NULL;
    memcpy(out, file, n + 1);
    char *dot = strrchr(out, '.');
    if (dot && !strchr(dot, '/'))
        *dot = '\0';
    strcat(out, ".png");
    return out;
}

static int plot_sweep(const struct plot_args *a)
{
    if (mas_plot_is_sensitivity(a->file) && (!a->figure || strcmp(a->figure, "sensitivity") == 0)) {
        char err[MAS_ERR_LEN];
        char *def = a->out ? NULL : default_plot_path(a->file);
        const char *out = a->out ? a->out : def;
        int rc = mas_output_distinct(out, a->file, "the sensitivity file", err);
        if (rc == MAS_OK && (a->x || a->y || a->var || a->data))
            rc = mas_fail(err, MAS_EINPUT, "the sensitivity figure takes --metric M,M,... only");
        if (rc == MAS_OK)
            rc = mas_plot_sensitivity(a->file, a->metric, out, err);
        free(def);
        return mas_cli_report(rc, err);
    }
    if (a->figure && strcmp(a->figure, "sensitivity") == 0)
        return mas_cli_usage_error("plot", "%s has no /sensitivity (massim sensitivity writes "
                                   "one)", a->file);
    int bands = a->figure && strcmp(a->figure, "sweep-bands") == 0;
    if (a->figure && !bands && strcmp(a->figure, "sweep-line") != 0 && strcmp(a->figure, "sweep-map") != 0)
        return mas_cli_usage_error("plot", "%s is a sweep: its figures are sweep-line, sweep-map "
                                   "and sweep-bands", a->file);
    if (bands && (a->metric || a->x || a->y))
        return mas_cli_usage_error("plot", "%s", "sweep-bands draws trajectories (--var), not "
                                   "--metric, --x or --y");
    if (!bands && (a->var || a->data))
        return mas_cli_usage_error("plot", "%s", "--var and --data are for --figure sweep-bands");
    char err[MAS_ERR_LEN];
    char *def = a->out ? NULL : default_plot_path(a->file);
    const char *out = a->out ? a->out : def;
    int rc = mas_output_distinct(out, a->file, "the sweep file", err);
    if (rc == MAS_OK && bands)
        rc = mas_plot_sweep_bands(a->file, a->var, out, a->data, err);
    else if (rc == MAS_OK)
        rc = mas_plot_sweep(a->file, a->figure, a->metric, a->x, a->y, out, err);
    free(def);
    return mas_cli_report(rc, err);
}

static int known_figure(const char *figure)
{
    for (size_t i = 0; i < mas_plot_count(); i++)
        if (strcmp(mas_plot_figure(i)->name, figure) == 0)
            return 1;
    fprintf(stderr, "massim: unknown figure '%s'; the figures are:\n", figure);
    for (size_t i = 0; i < mas_plot_count(); i++)
        fprintf(stderr, "  %-12s %s\n", mas_plot_figure(i)->name, mas_plot_figure(i)->summary);
    return 0;
}

static int cmd_plot(void *args, int argc, char **argv)
{
    const struct plot_args *a = args;
    (void)argc, (void)argv;
    if (a->list)
        return plot_list();
    if (mas_plot_is_sweep(a->file))
        return plot_sweep(a);
    if (a->metric || a->x || a->y || a->var || a->data)
        return mas_cli_usage_error("plot", "%s", "--metric, --x, --y, --var and --data are for "
                                   "sweep files");
    char err[MAS_ERR_LEN];
    int fit = mas_plot_is_fit(a->file);
    if (fit && (!a->figure || strcmp(a->figure, "fit") == 0)) {
        char *fdef = a->out ? NULL : default_plot_path(a->file);
        const char *fout = a->out ? a->out : fdef;
        int frc = mas_output_distinct(fout, a->file, "the fit file", err);
        if (frc == MAS_OK && a->compare)
            frc = mas_fail(err, MAS_EINPUT, "--compare is for run figures, not the fit figure");
        if (frc == MAS_OK)
            frc = mas_plot_fit(a->file, fout, err);
        free(fdef);
        return mas_cli_report(frc, err);
    }
    if (a->figure && strcmp(a->figure, "fit") == 0)
        return mas_cli_usage_error("plot", "%s is not a fit file (massim fit writes one)", a->file);
    const char *figure = a->figure ? a->figure : MAS_PLOT_DEFAULT;
    if (!known_figure(figure))
        return 2;
    char *def = a->out ? NULL : default_plot_path(a->file);
    const char *out = a->out ? a->out : def;
    int rc = mas_output_distinct(out, a->file, "the run file", err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(out, a->compare, "the run file", err);
    if (rc == MAS_OK)
        rc = mas_plot(a->file, figure, a->compare, out, err);
    free(def);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos plot_pos[] = {
    {"FILE.h5", 1, 1, offsetof(struct plot_args, file), "a run's file, or a sweep's (massim sweep)"},
};

#define PLOT_OPT(n1, n2, val, field, help) \
    {{n1, n2}, MAS_CLI_VALUE, val, offsetof(struct plot_args, field), NULL, 0, help}

static const struct mas_cli_opt plot_opts[] = {
    PLOT_OPT("-f", "--figure", "NAME", figure, "the figure (default: labs; for a sweep sweep-map\n"
             "with two axes, sweep-line with one, or sweep-bands); massim plot --list"),
    PLOT_OPT("--compare", NULL, "OTHER.h5", compare, "draw the run in OTHER.h5 beside it, dashed"),
    PLOT_OPT("-o", "--output", "OUT", out, "the image; its extension picks the format (.png,\n"
             ".svg, .pdf); default: FILE with .png"),
    PLOT_OPT("--metric", NULL, "M", metric, "(sweeps) a column of /runs/summary (default\n"
             "peak_ferritin)"),
    PLOT_OPT("--x", NULL, "AXIS", x, "(sweeps) a column of /runs/inputs (default: the first)"),
    PLOT_OPT("--y", NULL, "AXIS", y, "(sweeps) a column of /runs/inputs (default: the second)"),
    PLOT_OPT("--var", NULL, "A[,B...]", var, "(sweep-bands) up to 4 of /runs/trajectories (default:\n"
             "the first four kept)"),
    PLOT_OPT("--data", NULL, "FILE", data, "(sweep-bands) also keep the table drawn: time, then\n"
             "quantiles 5, 25, 50, 75, 95 % of each trajectory"),
    {{"--list", NULL}, MAS_CLI_FLAG, NULL, offsetof(struct plot_args, list), NULL, MAS_CLI_ALONE,
     "list the figures, one per line"},
};

const struct mas_cli_verb mas_cli_plot = {
    "plot", "render a figure of a run with gnuplot",
    plot_pos, MAS_CLI_COUNT(plot_pos), plot_opts, MAS_CLI_COUNT(plot_opts),
    "Templates: plots/NAME.gp, from $MASSIM_PLOTS, else ./plots, else the installed copy.\n",
    NULL, sizeof(struct plot_args), cmd_plot,
};

/* ---- figures ----------------------------------------------------------------- */

struct figures_args {
    const char *dir, *only;
    char formats[256];      /* the --format list, split in place into opts */
    struct mas_figures_opts opts;
    int quiet, list;
};

/* Progress of `massim figures`: a status line on a terminal, and the
 * files written on stdout. */
struct figures_progress {
    int tty;
    struct timespec t0;
};

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static void figures_progress(void *ctx, int done, int total, const char *figure, const char *path)
{
    struct figures_progress *p = ctx;
    if (path) {
        if (p->tty)
            fprintf(stderr, "\r\033[K");
        printf("%s\n", path);
        fflush(stdout);
    }
    if (p->tty)
        fprintf(stderr, "\r\033[Kmassim figures: [%d/%d] %s (%.1f s)", done + 1, total, figure,
                since(&p->t0));
}

static int figures_list(void)
{
    for (size_t i = 0; i < mas_figures_count(); i++)
        printf("%-22s %s\n", mas_figures_name(i), mas_figures_summary(i));
    return 0;
}

/* --format "png,svg" into the formats (at most 3), split in place. */
static int set_formats(void *args, const char *value, char *msg)
{
    struct figures_args *a = args;
    struct mas_figures_opts *o = &a->opts;
    if (strlen(value) >= sizeof a->formats)
        return mas_fail(msg, MAS_EINPUT, "too long");
    strcpy(a->formats, value);
    o->n_formats = 0;
    char *save = NULL;
    for (char *tok = strtok_r(a->formats, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        if (o->n_formats == 3)
            return mas_fail(msg, MAS_EINPUT, "expected at most 3 formats, comma-separated");
        o->formats[o->n_formats++] = tok;
    }
    return o->n_formats ? 0 : mas_fail(msg, MAS_EINPUT, "expected formats, comma-separated");
}

static int cmd_figures(void *args, int argc, char **argv)
{
    struct figures_args *a = args;
    (void)argc, (void)argv;
    if (a->list)
        return figures_list();
    struct figures_progress prog = {isatty(STDERR_FILENO), {0, 0}};
    struct mas_figures_opts o = a->opts;
    if (!o.n_formats)
        o.formats[0] = "png", o.n_formats = 1;
    o.dir = a->dir;
    o.only = a->only;
    o.progress = a->quiet ? NULL : figures_progress;
    o.ctx = &prog;
    clock_gettime(CLOCK_MONOTONIC, &prog.t0);
    char err[MAS_ERR_LEN];
    int rc = mas_figures(&o, err);
    if (prog.tty && !a->quiet)
        fprintf(stderr, rc == MAS_OK ? "\r\033[Kmassim figures: done in %.1f s\n" : "\n", since(&prog.t0));
    return mas_cli_report(rc, err);
}

static const struct mas_cli_opt figures_opts[] = {
    {{"-o", "--output"}, MAS_CLI_VALUE, "DIR", offsetof(struct figures_args, dir), NULL,
     MAS_CLI_REQUIRED, "where the figures go (created if missing); the data\n"
     "behind each figure is kept in DIR/data/ for rerunning\na template"},
    {{"--format", NULL}, MAS_CLI_VALUE, "LIST", 0, set_formats, 0,
     "image formats, comma-separated: png, svg, pdf\n(default: png)"},
    {{"--only", NULL}, MAS_CLI_VALUE, "NAME", offsetof(struct figures_args, only), NULL, 0,
     "one figure of the set (e.g. esr-paradox)"},
    {{"-q", "--quiet"}, MAS_CLI_FLAG, NULL, offsetof(struct figures_args, quiet), NULL, 0,
     "no progress line and no list of files"},
    {{"--list", NULL}, MAS_CLI_FLAG, NULL, offsetof(struct figures_args, list), NULL,
     MAS_CLI_ALONE, "list the figures of the set"},
};

const struct mas_cli_verb mas_cli_figures = {
    "figures", "run the scenarios of the teaching set and draw its figures",
    NULL, 0, figures_opts, MAS_CLI_COUNT(figures_opts),
    "Prints each file written; progress on stderr when it is a terminal.\n"
    "Scenarios from $MASSIM_SCENARIOS, else ./scenarios, else the installed copy.\n"
    "The set is described in docs/figures.md.\n",
    NULL, sizeof(struct figures_args), cmd_figures,
};
