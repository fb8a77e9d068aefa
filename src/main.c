/*
 * main.c — the massim command line: a table of verbs, each with its usage
 * and help text.  Only this file prints errors and picks exit statuses:
 * 0 success, 1 a run that failed (solver, I/O), 2 bad usage or bad input.
 */
#include "cohort.h"
#include "criteria_report.h"
#include "export.h"
#include "figures.h"
#include "massim.h"
#include "model.h"
#include "plot.h"
#include "run.h"
#include "scenario.h"
#include "sweep.h"

#include <gsl/gsl_errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef MAS_MPI
#include <mpi.h>
#endif

struct verb {
    const char *name;
    const char *usage;
    const char *summary;
    const char *help;
    int (*run)(int argc, char **argv);
};

static const struct verb *find_verb(const char *name);

static int exit_status(int rc)
{
    return rc == MAS_OK ? 0 : rc == MAS_EINPUT ? 2 : 1;
}

static int report(int rc, const char *err)
{
    if (rc != MAS_OK)
        fprintf(stderr, "massim: %s\n", err);
    return exit_status(rc);
}

static int usage_error(const char *verb, const char *fmt, const char *arg)
{
    fprintf(stderr, "massim: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: massim %s\n", find_verb(verb)->usage);
    return 2;
}

static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    return 0;
}

/* The command line as one string, for provenance. */
static char *join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *s = calloc(len, 1);
    for (int i = 0; s && i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

static char *default_output(const char *scenario_path)
{
    const char *base = strrchr(scenario_path, '/');
    base = base ? base + 1 : scenario_path;
    size_t n = strcspn(base, ".");
    char *out = malloc(n + 4);
    if (out)
        snprintf(out, n + 4, "%.*s.h5", (int)n, base);
    return out;
}

static void print_summary(const struct mas_run *r, const char *out)
{
    printf("massim: %s: %zu times, day %g to %g -> %s\n", r->sc.name, r->n_time,
           r->time[0], r->time[r->n_time - 1], out);
    for (int i = 0; i < r->n_metrics; i++)
        printf("  %-34s %12.6g %s\n", r->metrics[i].name, r->metrics[i].value, r->metrics[i].unit);
    printf("  doses: %zu given", r->n_doses);
    if (r->n_doses_outside)
        printf(", %zu outside the simulated time not given", r->n_doses_outside);
    printf("\n");
    printf("  solver: %s, %lu steps, %lu rhs, %lu jacobian evaluations, %.3f s\n",
           r->opts.stepper, r->stats.steps, r->stats.rhs_evals, r->stats.jac_evals,
           r->stats.wall_s);
}

struct run_args {
    const char *scenario, *out, *csv;
    const char **sets;
    int n_sets, quiet;
};

static int parse_run_args(int argc, char **argv, struct run_args *a)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int has_value = i + 1 < argc;
        if ((strcmp(arg, "-o") == 0 || strcmp(arg, "--output") == 0) && has_value)
            a->out = argv[++i];
        else if (strcmp(arg, "--csv") == 0 && has_value)
            a->csv = argv[++i];
        else if (strcmp(arg, "--set") == 0 && has_value)
            a->sets[a->n_sets++] = argv[++i];
        else if (strcmp(arg, "-q") == 0 || strcmp(arg, "--quiet") == 0)
            a->quiet = 1;
        else if (arg[0] == '-' && arg[1] != '\0')
            return usage_error("run", "unknown option or missing value: %s", arg);
        else if (!a->scenario)
            a->scenario = arg;
        else
            return usage_error("run", "more than one scenario: %s", arg);
    }
    if (!a->scenario)
        return usage_error("run", "%s", "no scenario file given");
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    char err[MAS_ERR_LEN] = "";
    struct run_args a = {0};
    a.sets = calloc((size_t)argc + 1, sizeof *a.sets);
    if (!a.sets)
        return 1;
    int status = parse_run_args(argc, argv, &a);
    if (status != 0) {
        free(a.sets);
        return status;
    }
    struct mas_run r;
    char *cmdline = join_args(argc, argv);
    int rc = mas_run_prepare(&r, a.scenario, a.sets, a.n_sets, err);
    char *out = NULL;
    if (rc == MAS_OK) {
        r.command_line = cmdline;
        out = a.out ? strdup(a.out) : r.sc.output_file ? strdup(r.sc.output_file)
                                                        : default_output(a.scenario);
        const char *csv = a.csv ? a.csv : r.sc.csv_file;
        /* Both outputs are checked before anything runs, so that a CSV that
         * cannot be written is not found out after the HDF5 file was. */
        rc = out ? mas_output_path_ok(out, err) : mas_fail(err, MAS_EIO, "out of memory");
        if (rc == MAS_OK && csv)
            rc = mas_output_path_ok(csv, err);
        if (rc == MAS_OK)
            rc = mas_run_execute(&r, err);
        if (rc == MAS_OK)
            rc = mas_output_h5_write(out, &r, err);
        if (rc == MAS_OK && csv)
            rc = mas_output_csv_write(csv, &r, err);
        if (rc == MAS_OK && !a.quiet)
            print_summary(&r, out);
    }
    mas_run_free(&r);
    free(out);
    free(cmdline);
    free(a.sets);
    return report(rc, err);
}

static int cmd_check(int argc, char **argv)
{
    int status = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-')
            return usage_error("check", "unknown option: %s", argv[i]);
        char err[MAS_ERR_LEN] = "";
        struct mas_run r;
        int rc = mas_run_prepare(&r, argv[i], NULL, 0, err);
        if (rc == MAS_OK)
            printf("%s: ok (%s)\n", argv[i], r.sc.name);
        mas_run_free(&r);
        int s = report(rc, err);
        status = s > status ? s : status;
        n++;
    }
    if (n == 0)
        return usage_error("check", "%s", "no scenario file given");
    return status;
}

/* Markdown cells may not contain '|'. */
static void print_md_cell(const char *s)
{
    for (; *s; s++)
        fputs(*s == '|' ? "\\|" : (char[]){*s, 0}, stdout);
}

/* The parameter tables of docs/model.md (spliced in between its markers by
 * tools/update_docs.sh; a test checks that the copy there is current). */
static void print_params_markdown(const struct mas_model *m)
{
    for (int k = 0; k < m->n_mods; k++) {
        printf("\n### Module `%s`\n\n%s\n\n| parameter | value | unit | source |\n|---|---|---|---|\n",
               m->mods[k]->name, m->mods[k]->doc);
        for (int i = 0; i < m->n_params; i++) {
            if (mas_model_param_module(m, i) != k)
                continue;
            const struct mas_param_def *d = mas_model_param(m, i);
            printf("| `%s` | %.6g | ", d->name, d->value);
            print_md_cell(d->unit);
            printf(" | ");
            print_md_cell(d->source);
            printf(" |\n");
        }
    }
}

static int cmd_params(int argc, char **argv)
{
    char err[MAS_ERR_LEN];
    struct mas_model m;
    const char *module = NULL;
    int markdown = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--markdown") == 0)
            markdown = 1;
        else if (argv[i][0] == '-')
            return usage_error("params", "unknown option: %s", argv[i]);
        else if (!module)
            module = argv[i];
        else
            return usage_error("params", "too many arguments: %s", argv[i]);
    }
    int rc = mas_model_init(&m, err);
    if (rc != MAS_OK)
        return report(rc, err);
    int only = module ? mas_model_find_module(&m, module) : -1;
    if (module && only < 0) {
        fprintf(stderr, "massim: unknown module '%s'; modules:", module);
        for (int k = 0; k < m.n_mods; k++)
            fprintf(stderr, " %s", m.mods[k]->name);
        fprintf(stderr, "\n");
        mas_model_free(&m);
        return 2;
    }
    if (markdown) {
        print_params_markdown(&m);
        mas_model_free(&m);
        return 0;
    }
    printf("%-12s %-34s %12s  %-10s %s\n", "module", "parameter", "value", "unit", "source");
    for (int i = 0; i < m.n_params; i++) {
        int k = mas_model_param_module(&m, i);
        if (only >= 0 && k != only)
            continue;
        const struct mas_param_def *d = mas_model_param(&m, i);
        printf("%-12s %-34s %12.6g  %-10s %s\n", m.mods[k]->name, d->name, m.p[i], d->unit, d->source);
    }
    mas_model_free(&m);
    return 0;
}

static int cmd_states(int argc, char **argv)
{
    char err[MAS_ERR_LEN];
    struct mas_model m;
    if (argc > 1)
        return usage_error("states", "unexpected argument: %s", argv[1]);
    int rc = mas_model_init(&m, err);
    if (rc != MAS_OK)
        return report(rc, err);
    double *y = calloc((size_t)m.n_states, sizeof *y);
    mas_model_initial(&m, y);
    printf("%-12s %-11s %-30s %12s  %-10s %s\n", "module", "kind", "name", "rest", "unit", "description");
    for (int i = 0; i < m.n_states; i++) {
        const struct mas_state_def *d = mas_model_state(&m, i);
        printf("%-12s %-11s %-30s %12.6g  %-10s %s\n", m.mods[mas_model_state_module(&m, i)]->name,
               "state", d->name, y ? y[i] : d->initial, d->unit, d->doc);
    }
    for (int i = 0; i < m.n_obs; i++) {
        const struct mas_obs_def *d = mas_model_obs(&m, i);
        printf("%-12s %-11s %-30s %12s  %-10s %s\n", "", "observable", d->name, "", d->unit, d->doc);
    }
    free(y);
    mas_model_free(&m);
    return 0;
}

static int plot_list(void)
{
    for (size_t i = 0; i < mas_plot_count(); i++)
        printf("%-12s %s\n", mas_plot_figure(i)->name, mas_plot_figure(i)->summary);
    printf("%-12s %s\n", "sweep-line", "(sweep files) a metric against one input axis, coloured by a second");
    printf("%-12s %s\n", "sweep-map", "(sweep files) a metric over two input axes: heat map or coloured points");
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

static int plot_sweep(const char *file, const char *figure, const char *metric, const char *x,
                      const char *y, const char *out)
{
    if (figure && strcmp(figure, "sweep-line") != 0 && strcmp(figure, "sweep-map") != 0)
        return usage_error("plot", "%s is a sweep: its figures are sweep-line and sweep-map", file);
    char err[MAS_ERR_LEN];
    char *def = out ? NULL : default_plot_path(file);
    int rc = mas_plot_sweep(file, figure, metric, x, y, out ? out : def, err);
    free(def);
    return report(rc, err);
}

static int cmd_plot(int argc, char **argv)
{
    const char *file = NULL, *figure = NULL, *out = NULL, *compare = NULL;
    const char *metric = NULL, *x = NULL, *y = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0)
            return plot_list();
        if ((strcmp(argv[i], "--figure") == 0 || strcmp(argv[i], "-f") == 0) && i + 1 < argc)
            figure = argv[++i];
        else if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(argv[i], "--compare") == 0 && i + 1 < argc)
            compare = argv[++i];
        else if (strcmp(argv[i], "--metric") == 0 && i + 1 < argc)
            metric = argv[++i];
        else if (strcmp(argv[i], "--x") == 0 && i + 1 < argc)
            x = argv[++i];
        else if (strcmp(argv[i], "--y") == 0 && i + 1 < argc)
            y = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("plot", "unknown or incomplete option: %s", argv[i]);
        else if (!file)
            file = argv[i];
        else
            return usage_error("plot", "unexpected argument: %s", argv[i]);
    }
    if (!file)
        return usage_error("plot", "%s", "missing FILE.h5");
    if (mas_plot_is_sweep(file))
        return plot_sweep(file, figure, metric, x, y, out);
    if (metric || x || y)
        return usage_error("plot", "%s", "--metric, --x and --y are for sweep files");
    figure = figure ? figure : MAS_PLOT_DEFAULT;
    int known = 0;
    for (size_t i = 0; i < mas_plot_count(); i++)
        known |= strcmp(mas_plot_figure(i)->name, figure) == 0;
    if (!known) {
        fprintf(stderr, "massim: unknown figure '%s'; the figures are:\n", figure);
        for (size_t i = 0; i < mas_plot_count(); i++)
            fprintf(stderr, "  %-12s %s\n", mas_plot_figure(i)->name, mas_plot_figure(i)->summary);
        return 2;
    }
    char err[MAS_ERR_LEN];
    char *def = out ? NULL : default_plot_path(file);
    int rc = mas_plot(file, figure, compare, out ? out : def, err);
    free(def);
    return report(rc, err);
}

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

/* "png,svg" into formats (at most 3). */
static int parse_formats(char *list, struct mas_figures_opts *o)
{
    o->n_formats = 0;
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        if (o->n_formats == 3)
            return -1;
        o->formats[o->n_formats++] = tok;
    }
    return o->n_formats ? 0 : -1;
}

static int cmd_figures(int argc, char **argv)
{
    struct figures_progress prog = {isatty(STDERR_FILENO), {0, 0}};
    struct mas_figures_opts o = {NULL, {"png"}, 1, NULL, figures_progress, &prog};
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--list") == 0)
            return figures_list();
        if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
            o.dir = argv[++i];
        else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc) {
            if (parse_formats(argv[++i], &o) != 0)
                return usage_error("figures", "bad --format list: %s", argv[i]);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc)
            o.only = argv[++i];
        else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
            quiet = 1;
        else
            return usage_error("figures", "unknown or incomplete argument: %s", argv[i]);
    }
    if (!o.dir)
        return usage_error("figures", "%s", "missing -o DIR");
    if (quiet)
        o.progress = NULL;
    clock_gettime(CLOCK_MONOTONIC, &prog.t0);
    char err[MAS_ERR_LEN];
    int rc = mas_figures(&o, err);
    if (prog.tty && !quiet)
        fprintf(stderr, rc == MAS_OK ? "\r\033[Kmassim figures: done in %.1f s\n" : "\n", since(&prog.t0));
    return report(rc, err);
}

static int cmd_export(int argc, char **argv)
{
    const char *file = NULL, *csv = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc)
            csv = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("export", "unknown or incomplete option: %s", argv[i]);
        else if (!file)
            file = argv[i];
        else
            return usage_error("export", "unexpected argument: %s", argv[i]);
    }
    if (!file)
        return usage_error("export", "%s", "missing RUN.h5");
    if (!csv)
        return usage_error("export", "%s", "missing --csv FILE");
    char err[MAS_ERR_LEN];
    return report(mas_export_csv(file, csv, err), err);
}

static int cmd_cohort(int argc, char **argv)
{
    const char *file = NULL, *roc = NULL, *csv = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--roc") == 0 && i + 1 < argc)
            roc = argv[++i];
        else if (strcmp(argv[i], "--csv") == 0 && i + 1 < argc)
            csv = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("cohort", "unknown or incomplete option: %s", argv[i]);
        else if (!file)
            file = argv[i];
        else
            return usage_error("cohort", "unexpected argument: %s", argv[i]);
    }
    if (!file)
        return usage_error("cohort", "%s", "missing SWEEP.h5");
    char err[MAS_ERR_LEN];
    return report(mas_cohort(file, roc, csv, stdout, err), err);
}

/* Progress of a sweep on a terminal: runs done, rate, time left. */
static void sweep_progress(void *ctx, uint64_t done, uint64_t total, double seconds)
{
    (void)ctx;
    double rate = seconds > 0 ? (double)done / seconds : 0.0;
    double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    fprintf(stderr, "\r\033[Kmassim sweep: %" PRIu64 "/%" PRIu64 " runs (%.0f%%), %.1f runs/s, %.0f s left",
            done, total, total ? 100.0 * (double)done / (double)total : 100.0, rate, left);
}

/* "I/N" into shard and n (0 <= I < N). */
static int parse_shard(const char *s, uint64_t *shard, uint64_t *n)
{
    char *end;
    unsigned long long i = strtoull(s, &end, 10);
    if (end == s || *end != '/' || s[0] == '-')
        return -1;
    const char *t = end + 1;
    unsigned long long k = strtoull(t, &end, 10);
    if (end == t || *end || t[0] == '-' || k == 0 || i >= k)
        return -1;
    *shard = i;
    *n = k;
    return 0;
}

static int cmd_sweep(int argc, char **argv)
{
    struct mas_sweep_opts o = {.jobs = 1};
    const char *sets[64];
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        char *end;
        if (strcmp(argv[i], "--set") == 0 && i + 1 < argc) {
            if (o.n_sets == 64)
                return usage_error("sweep", "%s", "at most 64 --set assignments");
            sets[o.n_sets++] = argv[++i];
        } else if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
            o.out = argv[++i];
        else if (strcmp(argv[i], "-j") == 0 && i + 1 < argc) {
            long j = strtol(argv[++i], &end, 10);
            if (*end || j < 1 || j > 256)
                return usage_error("sweep", "-j %s: need a number of workers from 1 to 256", argv[i]);
            o.jobs = (int)j;
        } else if (strcmp(argv[i], "--shard") == 0 && i + 1 < argc) {
            if (parse_shard(argv[++i], &o.shard, &o.n_shards) != 0)
                return usage_error("sweep", "--shard %s: expected I/N with 0 <= I < N", argv[i]);
        } else if (strcmp(argv[i], "--resume") == 0)
            o.resume = 1;
        else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0)
            quiet = 1;
        else if (argv[i][0] == '-' && argv[i][1])
            return usage_error("sweep", "unknown or incomplete option: %s", argv[i]);
        else if (!o.scenario)
            o.scenario = argv[i];
        else
            return usage_error("sweep", "unexpected argument: %s", argv[i]);
    }
    if (!o.scenario)
        return usage_error("sweep", "%s", "missing SCENARIO");
    if (!o.out)
        return usage_error("sweep", "%s", "missing -o SWEEP.h5");
    o.sets = sets;
    int rank = 0;
#ifdef MAS_MPI
    int mpi = 0;                     /* under mpirun only rank 0 speaks */
    MPI_Initialized(&mpi);
    if (mpi)
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank > 0)
        quiet = 1;
#endif
    int tty = !quiet && isatty(STDERR_FILENO);
    o.progress = tty ? sweep_progress : NULL;
    char *cmd = join_args(argc, argv);
    o.command_line = cmd;
    char err[MAS_ERR_LEN];
#ifdef MAS_MPI
    int rc = mas_sweep_mpi(&o, err);
#else
    int rc = mas_sweep(&o, err);
#endif
    if (tty)
        fprintf(stderr, "\n");
    free(cmd);
    if (rc == MAS_OK && !quiet)
        fprintf(stderr, "massim: sweep written to %s\n", o.out);
    return rank > 0 ? exit_status(rc) : report(rc, err);
}

static int cmd_criteria(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return usage_error("criteria", "%s", argc < 2 ? "missing RUN.h5" : "expected one RUN.h5");
    char err[MAS_ERR_LEN];
    return report(mas_criteria_report(argv[1], stdout, err), err);
}

static int cmd_merge(int argc, char **argv)
{
    const char *out = NULL;
    const char **shards = calloc((size_t)argc + 1, sizeof *shards);
    int n = 0;
    if (!shards)
        return report(MAS_EIO, "out of memory");
    for (int i = 1; i < argc; i++) {
        if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1]) {
            free(shards);
            return usage_error("merge", "unknown or incomplete option: %s", argv[i]);
        } else
            shards[n++] = argv[i];
    }
    if (!out || !n) {
        free(shards);
        return usage_error("merge", "%s", !out ? "missing -o SWEEP.h5" : "no shard files given");
    }
    char err[MAS_ERR_LEN];
    char *cmd = join_args(argc, argv);
    int rc = mas_sweep_merge(shards, n, out, cmd, err);
    free(cmd);
    free(shards);
    return report(rc, err);
}

static const struct verb verbs[] = {
    {"run", "run SCENARIO [-o OUT.h5] [--set NAME=VALUE]... [--csv FILE] [-q]",
     "integrate a scenario and write its trajectory to HDF5",
     "  -o, --output FILE   HDF5 output (default: output.file of the scenario,\n"
     "                      else SCENARIO's base name with .h5)\n"
     "  --set NAME=VALUE    override a parameter, or patient.FIELD / trigger.FIELD /\n"
     "                      time.end (repeatable; wins over the scenario file)\n"
     "  --csv FILE          also write the trajectory as CSV\n"
     "  -q, --quiet         do not print the summary\n",
     cmd_run},
    {"check", "check SCENARIO...", "validate scenario files without running them",
     "  Exit status 2 and FILE:LINE:COL messages for the first error of each file.\n", cmd_check},
    {"params", "params [--markdown] [MODULE]", "list parameters: value, unit, source",
     "  Without MODULE, every module's parameters.\n"
     "  --markdown   the parameter tables of docs/model.md\n", cmd_params},
    {"states", "states", "list states (with resting values) and observables with units", "", cmd_states},
    {"plot", "plot FILE.h5 [--figure NAME] [--compare OTHER.h5] [-o OUT.png|.svg|.pdf] | plot --list\n"
     "       massim plot SWEEP.h5 [--figure sweep-line|sweep-map] [--metric M] [--x AXIS] [--y AXIS] [-o OUT]",
     "render a figure of a run with gnuplot",
     "  --figure NAME      the figure (default: labs); massim plot --list shows them\n"
     "  --compare OTHER    draw the run in OTHER.h5 beside it, dashed\n"
     "  -o, --output F     the image; its extension picks the format (.png, .svg, .pdf);\n"
     "                     default: FILE with .png\n"
     "  --list             list the figures, one per line\n"
     "  For a sweep file: --metric NAME (a column of /runs/summary; default\n"
     "  peak_ferritin), --x AXIS and --y AXIS (columns of /runs/inputs; default the\n"
     "  first two); sweep-map is the default with two axes, sweep-line with one.\n"
     "  Templates: plots/NAME.gp, from $MASSIM_PLOTS, else ./plots, else the installed copy.\n",
     cmd_plot},
    {"figures", "figures -o DIR [--format png,svg,pdf] [--only NAME] [-q] | figures --list",
     "run the scenarios of the teaching set and draw its figures",
     "  -o, --output DIR   where the figures go (created if missing); the data behind\n"
     "                     each figure is kept in DIR/data/ for rerunning a template\n"
     "  --format LIST      image formats, comma-separated (default: png)\n"
     "  --only NAME        one figure of the set (e.g. esr-paradox)\n"
     "  -q, --quiet        no progress line and no list of files\n"
     "  --list             list the figures of the set\n"
     "  Prints each file written; progress on stderr when it is a terminal.\n"
     "  Scenarios from $MASSIM_SCENARIOS, else ./scenarios, else the installed copy.\n"
     "  The set is described in docs/figures.md.\n", cmd_figures},
    {"sweep", "sweep SCENARIO -o SWEEP.h5 [-j N] [--shard I/N] [--resume] [--set NAME=VALUE]... [-q]",
     "run a scenario's sweep: section (grid or sampled design) into one file",
     "  -o, --output FILE  the sweep's HDF5 file (one row per run; docs/sweeps.md)\n"
     "  -j N               N worker threads (default 1; e.g. -j $(nproc))\n"
     "  --shard I/N        only the I-th of N equal slices of the runs (0 <= I < N),\n"
     "                     for Slurm job arrays; join the files with massim merge\n"
     "  --resume           continue an interrupted sweep from SWEEP.h5.journal\n"
     "  --set NAME=VALUE   as for massim run, for every run (the axes win)\n"
     "  -q, --quiet        no progress line and no closing message\n"
     "  A failed run does not stop the sweep: /runs/status and /runs/message say why.\n"
     "  Progress (runs, rate, time left) on stderr when it is a terminal.\n", cmd_sweep},
    {"criteria", "criteria RUN.h5",
     "when each diagnostic criteria set is met along a run",
     "  For the 2016 EULAR/ACR/PRINTO MAS classification, HLH-2004, the HScore,\n"
     "  the MS score and the ferritin:ESR ratio: the first and last day met, the\n"
     "  count or score on the first day, and the items met then (from /criteria;\n"
     "  the mapping from the model to the items: docs/criteria.md).\n", cmd_criteria},
    {"merge", "merge SHARD.h5... -o SWEEP.h5",
     "join the shard files of a sweep (--shard I/N) into one sweep file",
     "  The shards must come from the same scenario and --set list and cover every\n"
     "  run exactly once; the result equals the file of the unsharded sweep.\n", cmd_merge},
    {"export", "export RUN.h5 --csv FILE",
     "write a run's trajectory as CSV (as massim run --csv does)",
     "  --csv FILE   one row per output time: time_day, the states, the observables,\n"
     "               each column headed NAME [unit]\n", cmd_export},
    {"cohort", "cohort SWEEP.h5 [--roc OUT.png|.svg|.pdf] [--csv TABLE.csv]",
     "score the criteria sets on a sweep read as a virtual cohort",
     "  One patient per run that succeeded (/runs/status 0).  For each criteria set,\n"
     "  at presentation against the model's ground truth (true_mas): sensitivity,\n"
     "  specificity, PPV, NPV with 95% Wilson intervals, the lead time over the\n"
     "  model's MAS onset (median, IQR), and the AUC of the three scores.\n"
     "  --roc OUT     the ROC curves of HScore, MS score and ferritin:ESR (gnuplot;\n"
     "                the extension picks the format)\n"
     "  --csv TABLE   the table as CSV, one row per set\n"
     "  Needs the cohort metrics in /runs/summary; definitions: docs/criteria.md.\n", cmd_cohort},
};

static const struct verb *find_verb(const char *name)
{
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(verbs[i].name, name) == 0)
            return &verbs[i];
    return NULL;
}

static void print_help(FILE *f)
{
    fprintf(f, "massim %s — a simulator of macrophage activation syndrome (MAS/HLH)\n\n"
               "usage: massim VERB [ARGS]   (massim VERB --help for details)\n\n", MAS_VERSION);
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        fprintf(f, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
    fprintf(f, "\n  --version   print the version\n  --help      this text\n\n"
               "Exit status: 0 success, 1 a run that failed, 2 bad usage or input.\n"
               "Model documentation: docs/model.md; scenario format: docs/scenarios.md.\n");
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("massim %s\n", MAS_VERSION);
        return 0;
    }
    const struct verb *v = find_verb(argv[1]);
    if (!v) {
        fprintf(stderr, "massim: unknown verb '%s' (try massim --help)\n", argv[1]);
        return 2;
    }
    if (wants_help(argc - 1, argv + 1)) {
        printf("usage: massim %s\n\n%s.\n\n%s", v->usage, v->summary, v->help);
        return 0;
    }
#ifdef MAS_MPI
    /* Started by an MPI launcher (mpirun, srun), massim sweep is one rank of
     * a distributed sweep (sweep_mpi.c); every other use runs without MPI. */
    int mpi = strcmp(v->name, "sweep") == 0 && (getenv("OMPI_COMM_WORLD_SIZE") ||
              getenv("PMIX_RANK") || getenv("PMI_RANK") || getenv("PMI_SIZE"));
    if (mpi && MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        fprintf(stderr, "massim: cannot start MPI\n");
        return 1;
    }
    int status = v->run(argc - 1, argv + 1);
    if (mpi)
        MPI_Finalize();
    return status;
#else
    return v->run(argc - 1, argv + 1);
#endif
}
