/*
 * cli_sweep.c — the verbs of many runs: `massim sweep` (threads, shards,
 * or MPI ranks under mpirun), `massim merge` (the shards into one file) and
 * `massim cohort` (a sweep read as a virtual cohort).
 */
#include "cli.h"
#include "h5read.h"
#include "cohort.h"
#include "massim.h"
#include "scenario.h"
#include "mpi_module.h"
#include "sweep.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- sweep ------------------------------------------------------------------- */

#define MAX_SETS 64

struct sweep_args {
    const char *scenario, *out;
    struct mas_cli_list sets;
    int jobs, resume, quiet;
    uint64_t shard, n_shards;
};

/* Progress of a sweep on a terminal: runs done, rate, time left. */
static void sweep_progress(void *ctx, uint64_t done, uint64_t total, double seconds)
{
    (void)ctx;
    double rate = seconds > 0 ? (double)done / seconds : 0.0;
    double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    fprintf(stderr, "\r\033[Kmassim sweep: %" PRIu64 "/%" PRIu64 " runs (%.0f%%), %.1f runs/s, %.0f s left",
            done, total, total ? 100.0 * (double)done / (double)total : 100.0, rate, left);
}

/* -j N: 1 to 256 workers. */
static int set_jobs(void *args, const char *s, char *msg)
{
    return mas_cli_parse_jobs(s, &((struct sweep_args *)args)->jobs, msg);
}

/* --shard I/N with 0 <= I < N. */
static int set_shard(void *args, const char *s, char *msg)
{
    struct sweep_args *a = args;
    return mas_cli_parse_shard(s, &a->shard, &a->n_shards, msg);
}

/* Under mpirun only rank 0 speaks; 0 without MPI. */
static int mpi_rank(void)
{
    return mas_mpi ? mas_mpi->rank() : 0;
}

/* The runs in the sweep file just written, and how many failed. */
static int count_failed(const char *path, uint64_t *runs, uint64_t *failed, char *err)
{
    struct mas_h5r r;
    int64_t *st = NULL;
    size_t n = 0;
    int rc = mas_h5r_open(&r, path, err);
    if (rc == MAS_OK)
        rc = mas_h5r_length(&r, "runs/status", &n);
    if (rc == MAS_OK)
        rc = mas_h5r_int64s(&r, "runs/status", n, &st);
    mas_h5r_close(&r);
    *runs = n;
    *failed = 0;
    for (size_t i = 0; rc == MAS_OK && i < n; i++)
        *failed += st[i] != 0;
    free(st);
    return rc;
}

static int cmd_sweep(void *args, int argc, char **argv)
{
    const struct sweep_args *a = args;
    if (a->sets.n > MAX_SETS)
        return mas_cli_usage_error("sweep", "at most %d --set assignments", MAX_SETS);
    struct mas_sweep_opts o = {.scenario = a->scenario, .out = a->out, .sets = a->sets.v,
                               .n_sets = a->sets.n, .jobs = a->jobs ? a->jobs : 1,
                               .shard = a->shard, .n_shards = a->n_shards, .resume = a->resume};
    int rank = mpi_rank(), quiet = a->quiet || rank > 0;
    int tty = !quiet && isatty(STDERR_FILENO);
    o.progress = tty ? sweep_progress : NULL;
    char *cmd = mas_cli_join_args(argc, argv);
    o.command_line = cmd;
    char err[MAS_ERR_LEN];
    /* under an MPI launcher: rank 0 hands out runs, the others compute */
    int rc = mas_mpi ? mas_mpi->sweep(&o, err) : mas_sweep(&o, err);
    if (tty)
        fprintf(stderr, "\n");
    free(cmd);
    if (rank > 0)
        return mas_cli_status(rc);
    uint64_t runs = 0, failed = 0;
    if (rc == MAS_OK)
        rc = count_failed(o.out, &runs, &failed, err);
    if (rc == MAS_OK && runs && failed == runs) {
        /* a file of nothing but failures is not a result */
        fprintf(stderr, "massim: %s: every run failed (%llu of %llu); the reasons are in "
                "/runs/message\n", o.out, (unsigned long long)failed, (unsigned long long)runs);
        return 1;
    }
    if (rc == MAS_OK && !quiet && failed)
        fprintf(stderr, "massim: sweep written to %s; %llu of %llu runs failed (their reasons "
                "are in /runs/message)\n", o.out, (unsigned long long)failed,
                (unsigned long long)runs);
    else if (rc == MAS_OK && !quiet)
        fprintf(stderr, "massim: sweep written to %s\n", o.out);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos sweep_pos[] = {
    {"SCENARIO", 1, 1, offsetof(struct sweep_args, scenario),
     "a scenario with a sweep: section (docs/sweeps.md)"},
};

static const struct mas_cli_opt sweep_opts[] = {
    {{"-o", "--output"}, MAS_CLI_VALUE, "SWEEP.h5", offsetof(struct sweep_args, out), NULL,
     MAS_CLI_REQUIRED, "the sweep's HDF5 file (one row per run;\ndocs/sweeps.md)"},
    {{"-j", NULL}, MAS_CLI_VALUE, "N", 0, set_jobs, 0,
     "N worker threads (default 1; e.g. -j $(nproc))"},
    {{"--shard", NULL}, MAS_CLI_VALUE, "I/N", 0, set_shard, 0,
     "only the I-th of N equal slices of the runs\n(0 <= I < N), for Slurm job arrays; join the\n"
     "files with massim merge"},
    {{"--resume", NULL}, MAS_CLI_FLAG, NULL, offsetof(struct sweep_args, resume), NULL, 0,
     "continue an interrupted sweep from SWEEP.h5.journal"},
    {{"--set", NULL}, MAS_CLI_LIST, "NAME=VALUE", offsetof(struct sweep_args, sets), NULL, 0,
     "as for massim run, for every run (the axes win;\nNAMEs below)"},
    {{"-q", "--quiet"}, MAS_CLI_FLAG, NULL, offsetof(struct sweep_args, quiet), NULL, 0,
     "no progress line and no closing message"},
};

const struct mas_cli_verb mas_cli_sweep = {
    "sweep", "run a scenario's sweep: section (grid or sampled design) into one file",
    sweep_pos, MAS_CLI_COUNT(sweep_pos), sweep_opts, MAS_CLI_COUNT(sweep_opts),
    "A failed run does not stop the sweep: /runs/status and /runs/message say why.\n"
    "Progress (runs, rate, time left) on stderr when it is a terminal.\n",
    mas_settable_paths_help, sizeof(struct sweep_args), cmd_sweep,
};

/* ---- merge ---------------------------------------------------------------------- */

struct merge_args {
    struct mas_cli_list shards;
    const char *out;
};

static int cmd_merge(void *args, int argc, char **argv)
{
    const struct merge_args *a = args;
    char err[MAS_ERR_LEN];
    char *cmd = mas_cli_join_args(argc, argv);
    int rc = mas_sweep_merge(a->shards.v, a->shards.n, a->out, cmd, err);
    free(cmd);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos merge_pos[] = {
    {"SHARD.h5", 1, 0, offsetof(struct merge_args, shards),
     "the shard files (massim sweep --shard I/N)"},
};

static const struct mas_cli_opt merge_opts[] = {
    {{"-o", "--output"}, MAS_CLI_VALUE, "SWEEP.h5", offsetof(struct merge_args, out), NULL,
     MAS_CLI_REQUIRED, "the sweep file to write"},
};

const struct mas_cli_verb mas_cli_merge = {
    "merge", "join the shard files of a sweep (--shard I/N) into one sweep file",
    merge_pos, MAS_CLI_COUNT(merge_pos), merge_opts, MAS_CLI_COUNT(merge_opts),
    "The shards must come from the same scenario and --set list and cover every\n"
    "run exactly once; the result equals the file of the unsharded sweep.\n",
    NULL, sizeof(struct merge_args), cmd_merge,
};

/* ---- cohort ------------------------------------------------------------------------ */

struct cohort_args {
    struct mas_cli_list files;
    const char *roc, *csv, *match, *patients;
};

static int cmd_cohort(void *args, int argc, char **argv)
{
    const struct cohort_args *a = args;
    char err[MAS_ERR_LEN];
    (void)argc, (void)argv;
    struct mas_cohort_opts o = {(const char *const *)a->files.v, a->files.n, a->roc, a->csv,
                                a->match, a->patients};
    return mas_cli_report(mas_cohort(&o, stdout, err), err);
}

static const struct mas_cli_pos cohort_pos[] = {
    {"SWEEP.h5", 1, 0, offsetof(struct cohort_args, files),
     "sweep files (massim sweep), read as one cohort"},
};

static const struct mas_cli_opt cohort_opts[] = {
    {{"--roc", NULL}, MAS_CLI_VALUE, "OUT.png|.svg|.pdf", offsetof(struct cohort_args, roc), NULL,
     0, "the ROC curves of HScore, MS score and ferritin:ESR\n(gnuplot; the extension picks the format)"},
    {{"--csv", NULL}, MAS_CLI_VALUE, "TABLE.csv", offsetof(struct cohort_args, csv), NULL, 0,
     "the table as CSV, one row per set"},
    {{"--match", NULL}, MAS_CLI_VALUE, "TARGETS.csv", offsetof(struct cohort_args, match), NULL, 0,
     "weight each group to a published cohort's presentation labs\n(quartiles; data/cohorts/) "
     "and score the patients drawn"},
    {{"--patients", NULL}, MAS_CLI_VALUE, "PATIENTS.csv", offsetof(struct cohort_args, patients),
     NULL, 0, "with --match: every patient's group, weight and whether kept"},
};

const struct mas_cli_verb mas_cli_cohort = {
    "cohort", "score the criteria sets on sweeps read as one virtual cohort",
    cohort_pos, MAS_CLI_COUNT(cohort_pos), cohort_opts, MAS_CLI_COUNT(cohort_opts),
    "One patient per run that succeeded (/runs/status 0) of every file.  For each criteria set,\n"
    "at presentation against the model's ground truth (true_mas): sensitivity,\n"
    "specificity, PPV, NPV with 95% Wilson intervals, the lead time over the\n"
    "model's MAS onset (median, IQR), and the AUC of the three scores.\n"
    "Needs the cohort metrics in /runs/summary; definitions: docs/criteria.md.\n",
    NULL, sizeof(struct cohort_args), cmd_cohort,
};
