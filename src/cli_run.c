/*
 * cli_run.c — the verbs of one run: `massim run` (integrate a scenario and
 * write it with the writers of output.h), `massim check`, `massim export`
 * (a run's HDF5 file back to CSV) and `massim criteria`.
 */
#include "cli.h"
#include "criteria_report.h"
#include "export.h"
#include "massim.h"
#include "output.h"
#include "run.h"
#include "scenario.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- run ---------------------------------------------------------------- */

struct run_args {
    const char *scenario, *out, *csv;
    struct mas_cli_list sets;
    int quiet;
};

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
    for (int i = 0; i < r->sc.n_conditions; i++) {
        const struct mas_condition *c = &r->sc.conditions[i];
        char what[48];
        if (c->phase >= 0)
            snprintf(what, sizeof what, "therapies[%d].phases[%d]", c->therapy, c->phase);
        else
            snprintf(what, sizeof what, "therapies[%d]", c->therapy);
        if (isnan(r->fired_day[i]))
            printf("  when %s: never held (%s not given)\n", c->text, what);
        else
            printf("  when %s: held on day %.6g; %s from day %.6g\n", c->text, r->fired_day[i],
                   what, r->fired_day[i] + c->after_day);
    }
    printf("  solver: %s, %lu steps (%lu rejected), %lu rhs, %lu jacobian evaluations",
           r->opts.stepper, r->stats.steps, r->stats.rejected, r->stats.rhs_evals,
           r->stats.jac_evals);
    if (r->stats.factorizations)
        printf(", %lu %s LU", r->stats.factorizations, r->stats.sparse ? "sparse (KLU)" : "dense");
    printf(", %.3f s\n", r->stats.wall_s);
}

/* `name` (relative, checked by the scenario reader) in the directory of
 * the scenario file. */
static char *beside(const char *scenario_path, const char *name)
{
    const char *slash = strrchr(scenario_path, '/');
    int dir = slash ? (int)(slash - scenario_path) + 1 : 0;
    size_t n = (size_t)dir + strlen(name) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%.*s%s", dir, scenario_path, name);
    return p;
}

/* The file each writer of output.h writes (NULL: none).  The command line
 * wins: with -o or --csv it names every output (HDF5: -o, else the
 * scenario's base name with .h5 in the current directory).  Without
 * either, the scenario's own output.file and output.csv are used, in the
 * scenario's directory (names the reader allows only below it). */
static int choose_paths(const struct run_args *a, const struct mas_run *r, char **paths)
{
    int cli = a->out || a->csv;
    for (int i = 0; i < mas_n_output_writers; i++) {
        const char *name = mas_output_writers[i].name;
        if (strcmp(name, "hdf5") == 0)
            paths[i] = a->out ? strdup(a->out)
                     : !cli && r->sc.output_file ? beside(a->scenario, r->sc.output_file)
                     : default_output(a->scenario);
        else if (strcmp(name, "csv") == 0 && a->csv)
            paths[i] = strdup(a->csv);
        else if (strcmp(name, "csv") == 0 && !cli && r->sc.csv_file)
            paths[i] = beside(a->scenario, r->sc.csv_file);
        if (strcmp(name, "hdf5") == 0 && !paths[i])
            return -1;
    }
    return 0;
}

/* Every output is checked before anything runs, so that a file that cannot
 * be written is not found out after another was; then run and write. */
static int run_and_write(const char *scenario, struct mas_run *r, char **paths, char *err)
{
    int rc = MAS_OK;
    for (int i = 0; rc == MAS_OK && i < mas_n_output_writers; i++) {
        if (!paths[i])
            continue;
        rc = mas_output_path_ok(paths[i], err);
        if (rc == MAS_OK)
            rc = mas_output_distinct(paths[i], scenario, "the scenario", err);
        for (int k = 0; rc == MAS_OK && k < i; k++)
            if (paths[k])
                rc = mas_output_distinct(paths[i], paths[k], "the output", err);
    }
    if (rc == MAS_OK)
        rc = mas_run_execute(r, err);
    for (int i = 0; rc == MAS_OK && i < mas_n_output_writers; i++)
        if (paths[i])
            rc = mas_output_writers[i].write(paths[i], r, err);
    return rc;
}

static int cmd_run(void *args, int argc, char **argv)
{
    const struct run_args *a = args;
    char err[MAS_ERR_LEN] = "";
    char **paths = calloc((size_t)mas_n_output_writers, sizeof *paths);
    char *cmdline = mas_cli_join_args(argc, argv);
    struct mas_run r;
    int rc = mas_run_prepare(&r, a->scenario, a->sets.v, a->sets.n, err);
    if (rc == MAS_OK) {
        r.command_line = cmdline;
        if (!paths || choose_paths(a, &r, paths) != 0)
            rc = mas_fail(err, MAS_EIO, "out of memory");
        if (rc == MAS_OK)
            rc = run_and_write(a->scenario, &r, paths, err);
        mas_run_print_warnings(&r, stderr);
        if (rc == MAS_OK && !a->quiet)
            print_summary(&r, paths[mas_output_writer_find("hdf5") - mas_output_writers]);
    }
    mas_run_free(&r);
    for (int i = 0; paths && i < mas_n_output_writers; i++)
        free(paths[i]);
    free(paths);
    free(cmdline);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos run_pos[] = {
    {"SCENARIO", 1, 1, offsetof(struct run_args, scenario), "the scenario file (YAML; docs/scenarios.md)"},
};

static const struct mas_cli_opt run_opts[] = {
    {{"-o", "--output"}, MAS_CLI_VALUE, "OUT.h5", offsetof(struct run_args, out), NULL, 0,
     "HDF5 output (default: output.file of the scenario,\n"
     "else SCENARIO's base name with .h5)"},
    {{"--set", NULL}, MAS_CLI_LIST, "NAME=VALUE", offsetof(struct run_args, sets), NULL, 0,
     "override a setting (NAMEs below; repeatable;\nwins over the scenario file)"},
    {{"--csv", NULL}, MAS_CLI_VALUE, "FILE", offsetof(struct run_args, csv), NULL, 0,
     "also write the trajectory as CSV"},
    {{"-q", "--quiet"}, MAS_CLI_FLAG, NULL, offsetof(struct run_args, quiet), NULL, 0,
     "do not print the summary"},
};

const struct mas_cli_verb mas_cli_run = {
    "run", "integrate a scenario and write its trajectory to HDF5",
    run_pos, MAS_CLI_COUNT(run_pos), run_opts, MAS_CLI_COUNT(run_opts), NULL,
    mas_settable_paths_help, sizeof(struct run_args), cmd_run,
};

/* ---- check ---------------------------------------------------------------- */

struct check_args {
    struct mas_cli_list files;
};

static int cmd_check(void *args, int argc, char **argv)
{
    const struct check_args *a = args;
    int status = 0;
    (void)argc, (void)argv;
    for (int i = 0; i < a->files.n; i++) {
        char err[MAS_ERR_LEN] = "";
        struct mas_run r;
        int rc = mas_run_prepare(&r, a->files.v[i], NULL, 0, err);
        if (rc == MAS_OK) {
            /* what `massim run FILE` would write (a sweep writes only -o) */
            struct run_args ra = {.scenario = a->files.v[i]};
            char *paths[8] = {NULL};
            printf("%s: ok (%s)", a->files.v[i], r.sc.name);
            if (!r.sc.sweep && mas_n_output_writers <= 8 && choose_paths(&ra, &r, paths) == 0) {
                printf("; massim run would write");
                for (int k = 0, first = 1; k < mas_n_output_writers; k++)
                    if (paths[k]) {
                        printf("%s %s", first ? "" : ",", paths[k]);
                        first = 0;
                    }
            }
            printf("\n");
            for (int k = 0; k < 8; k++)
                free(paths[k]);
        }
        mas_run_free(&r);
        int s = mas_cli_report(rc, err);
        status = s > status ? s : status;
    }
    return status;
}

static const struct mas_cli_pos check_pos[] = {
    {"SCENARIO", 1, 0, offsetof(struct check_args, files), "the scenario files to validate"},
};

const struct mas_cli_verb mas_cli_check = {
    "check", "validate scenario files without running them",
    check_pos, MAS_CLI_COUNT(check_pos), NULL, 0,
    "Exit status 2 and FILE:LINE:COL messages for the first error of each file.\n",
    NULL, sizeof(struct check_args), cmd_check,
};

/* ---- export --------------------------------------------------------------- */

struct export_args {
    const char *file, *csv;
};

static int cmd_export(void *args, int argc, char **argv)
{
    const struct export_args *a = args;
    char err[MAS_ERR_LEN];
    (void)argc, (void)argv;
    return mas_cli_report(mas_export_csv(a->file, a->csv, err), err);
}

static const struct mas_cli_pos export_pos[] = {
    {"RUN.h5", 1, 1, offsetof(struct export_args, file), "a run's HDF5 file (massim run)"},
};

static const struct mas_cli_opt export_opts[] = {
    {{"--csv", NULL}, MAS_CLI_VALUE, "FILE", offsetof(struct export_args, csv), NULL,
     MAS_CLI_REQUIRED, "one row per output time: time_day, the states, the\n"
     "observables, each column headed NAME [unit]"},
};

const struct mas_cli_verb mas_cli_export = {
    "export", "write a run's trajectory as CSV (as massim run --csv does)",
    export_pos, MAS_CLI_COUNT(export_pos), export_opts, MAS_CLI_COUNT(export_opts), NULL,
    NULL, sizeof(struct export_args), cmd_export,
};

/* ---- criteria -------------------------------------------------------------- */

struct criteria_args {
    const char *file;
};

static int cmd_criteria(void *args, int argc, char **argv)
{
    const struct criteria_args *a = args;
    char err[MAS_ERR_LEN];
    (void)argc, (void)argv;
    return mas_cli_report(mas_criteria_report(a->file, stdout, err), err);
}

static const struct mas_cli_pos criteria_pos[] = {
    {"RUN.h5", 1, 1, offsetof(struct criteria_args, file), "a run's HDF5 file (massim run)"},
};

const struct mas_cli_verb mas_cli_criteria = {
    "criteria", "when each diagnostic criteria set is met along a run",
    criteria_pos, MAS_CLI_COUNT(criteria_pos), NULL, 0,
    "For the 2016 EULAR/ACR/PRINTO MAS classification, HLH-2004, the HScore,\n"
    "the MS score and the ferritin:ESR ratio: the first and last day met, the\n"
    "count or score on the first day, and the items met then (from /criteria;\n"
    "the mapping from the model to the items: docs/criteria.md).\n",
    NULL, sizeof(struct criteria_args), cmd_criteria,
};
