/*
 * cli_sensitivity.c — `massim sensitivity`: global sensitivity of a
 * scenario's outcome metrics to the model's parameters over their
 * plausible ranges (model.h mas_param_plausible), on the sweep engine
 * (threads, MPI, shards, --resume): Morris screening of every parameter,
 * or Sobol indices (Saltelli design, Jansen estimators, bootstrap
 * intervals) of chosen ones (docs/sensitivity.md).
 *
 *   massim sensitivity SCENARIO.yaml -o SA.h5 [--method morris|sobol] ...
 *   massim sensitivity SWEEP.h5 -o SA.h5      the indices of a finished
 *                                             (merged) sensitivity sweep
 */
#include "cli.h"
#include "massim.h"
#include "model.h"
#include "mpi_module.h"
#include "run.h"
#include "scenario.h"
#include "sensitivity_file.h"
#include "sweep.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PARAMS 20                /* saltelli: a Sobol sequence of 2k <= 40 dimensions */

struct sa_args {
    const char *input, *out, *method, *parameters, *from, *metrics, *write_scenario;
    struct mas_cli_list sets;
    int jobs, resume, quiet, top, trajectories, levels, base, bootstrap;
    uint64_t seed, shard, n_shards;
    int seed_given, boot_given;
};

static int whole(const char *s, long lo, long hi, long *v)
{
    char *end;
    long x = strtol(s, &end, 10);
    if (end == s || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

#define INT_SETTER(fn, field, lo, hi, what)                                              \
    static int fn(void *args, const char *s, char *msg)                                  \
    {                                                                                    \
        long v;                                                                          \
        if (whole(s, lo, hi, &v))                                                        \
            return mas_fail(msg, MAS_EINPUT, "need %s from %ld to %ld", what, (long)(lo), \
                            (long)(hi));                                                 \
        ((struct sa_args *)args)->field = (int)v;                                        \
        return 0;                                                                        \
    }

static int set_jobs(void *args, const char *s, char *msg)
{
    return mas_cli_parse_jobs(s, &((struct sa_args *)args)->jobs, msg);
}
INT_SETTER(set_top, top, 1, MAX_PARAMS, "a number of parameters")
INT_SETTER(set_traj, trajectories, 2, 100000, "a number of trajectories")
INT_SETTER(set_levels, levels, 2, 1000, "an even number of levels")
INT_SETTER(set_base, base, 2, 500000000, "a number of base points")

static int set_boot(void *args, const char *s, char *msg)
{
    long v;
    if (whole(s, 0, 100000, &v))
        return mas_fail(msg, MAS_EINPUT, "need a number of bootstrap resamples from 0 to 100000");
    ((struct sa_args *)args)->bootstrap = (int)v;
    ((struct sa_args *)args)->boot_given = 1;
    return 0;
}

static int set_seed(void *args, const char *s, char *msg)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end || s[0] == '-')
        return mas_fail(msg, MAS_EINPUT, "need a whole number >= 0");
    ((struct sa_args *)args)->seed = v;
    ((struct sa_args *)args)->seed_given = 1;
    return 0;
}

static int set_shard(void *args, const char *s, char *msg)
{
    struct sa_args *a = args;
    return mas_cli_parse_shard(s, &a->shard, &a->n_shards, msg);
}

/* A comma-separated list, split in place into v (at most max). */
static int split_list(char *s, const char **v, int max)
{
    int n = 0;
    for (char *t = strtok(s, ","); t; t = strtok(NULL, ",")) {
        while (*t == ' ')
            t++;
        if (!*t)
            continue;
        if (n == max)
            return -1;
        v[n++] = t;
    }
    return n;
}

static int is_hdf5(const char *path)
{
    static const unsigned char sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    unsigned char b[8];
    FILE *f = fopen(path, "rb");
    int yes = f && fread(b, 1, 8, f) == 8 && memcmp(b, sig, 8) == 0;
    if (f)
        fclose(f);
    return yes;
}

/* ---- the design: axes over plausible ranges --------------------------------- */

struct text {
    char *s;
    size_t n, cap;
};

static int append(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int append(struct text *t, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(t->s ? t->s + t->n : NULL, t->s ? t->cap - t->n : 0, fmt, ap);
        va_end(ap);
        if (w < 0)
            return -1;
        if (t->s && t->n + (size_t)w < t->cap) {
            t->n += (size_t)w;
            return 0;
        }
        size_t cap = (t->cap + (size_t)w + 1) * 2;
        char *s = realloc(t->s, cap);
        if (!s)
            return -1;
        t->s = s;
        t->cap = cap;
    }
}

/* 1 if the scenario sets parameter q itself (then it is held). */
static int set_by_scenario(const struct mas_run *r, int q)
{
    for (int o = 0; o < r->sc.n_overrides; o++)
        if (r->sc.overrides[o].param == q)
            return 1;
    for (int i = 0; i < 3; i++)
        if (r->patient_param[i] == q)
            return 1;
    return 0;
}

/* The parameters varied: every one with a plausible range the scenario
 * does not set (only those named in `only`, when given); their indices
 * into *idx.  MAS_EINPUT for a named one that cannot be varied. */
static int choose(const struct mas_run *r, const char *const *only, int n_only, int *idx,
                  int *n, int max, char *err)
{
    const struct mas_model *m = &r->model;
    *n = 0;
    for (int i = 0; i < n_only; i++) {
        int q = mas_model_find_param(m, only[i]);
        if (q < 0)
            return mas_fail(err, MAS_EINPUT, "--parameters: '%s' is not a parameter of the "
                            "model (massim params lists them)", only[i]);
        double lo, hi;
        if (mas_param_plausible(mas_model_param(m, q), r->p_base[q], &lo, &hi)
            == MAS_PLAUSIBLE_NONE)
            return mas_fail(err, MAS_EINPUT, "--parameters: %s has no plausible range (0, a "
                            "patient characteristic, or a body size: docs/sensitivity.md)",
                            only[i]);
        if (set_by_scenario(r, q))
            return mas_fail(err, MAS_EINPUT, "--parameters: %s is set by the scenario; a "
                            "sensitivity varies the parameters the scenario leaves to the "
                            "model", only[i]);
        for (int j = 0; j < *n; j++)
            if (idx[j] == q)
                return mas_fail(err, MAS_EINPUT, "--parameters: %s twice", only[i]);
        if (*n == max)
            return mas_fail(err, MAS_EINPUT, "--parameters: at most %d", max);
        idx[(*n)++] = q;
    }
    if (n_only > 0)
        return MAS_OK;
    for (int q = 0; q < m->n_params && *n < max; q++) {
        double lo, hi;
        if (mas_param_plausible(mas_model_param(m, q), r->p_base[q], &lo, &hi)
            != MAS_PLAUSIBLE_NONE && !set_by_scenario(r, q))
            idx[(*n)++] = q;
    }
    return MAS_OK;
}

/* The scenario's text with a sweep: section over the parameters idx. */
static int design_text(const struct mas_run *r, const int *idx, int n, int morris,
                       const struct sa_args *a, struct text *t, char *err)
{
    const struct mas_model *m = &r->model;
    const char *src = r->sc.text;
    size_t len = strlen(src);
    int bad = append(t, "%s%s", src, len && src[len - 1] != '\n' ? "\n" : "");
    bad |= append(t, "# added by massim sensitivity: each parameter uniform over its plausible "
                  "range (log scale when it is > 0)\nsweep:\n  axes:\n");
    for (int i = 0; i < n && !bad; i++) {
        const struct mas_param_def *d = mas_model_param(m, idx[i]);
        double lo, hi;
        enum mas_plausible how = mas_param_plausible(d, r->p_base[idx[i]], &lo, &hi);
        bad |= append(t, "    - {path: %s, range: [%.17g, %.17g], scale: %s}   # %s\n", d->name,
                      lo, hi, lo > 0 ? "log" : "linear", mas_plausible_name(how));
    }
    if (morris)
        bad |= append(t, "  samples: {method: morris, trajectories: %d, levels: %d, seed: %" PRIu64
                      "}\n", a->trajectories, a->levels, a->seed);
    else
        bad |= append(t, "  samples: {method: saltelli, base: %d, seed: %" PRIu64 "}\n", a->base,
                      a->seed);
    return bad ? mas_fail(err, MAS_EIO, "out of memory") : MAS_OK;
}

static int write_text(const char *tmp, void *ctx, char *err)
{
    const char *s = ctx;
    FILE *f = fopen(tmp, "w");
    if (!f || fputs(s, f) == EOF || fclose(f) != 0)
        return mas_fail(err, MAS_EIO, "%s: cannot write", tmp);
    return MAS_OK;
}

/* ---- the report -------------------------------------------------------------- */

static const char *censored(const struct mas_sa_result *s, size_t j)
{
    static char buf[96];
    if (!s->n_censored[j])
        return "";
    snprintf(buf, sizeof buf, "; %zu runs never reached it (counted as the last day)",
             s->n_censored[j]);
    return buf;
}

static void print_report(const struct mas_sa_result *s, const char *const *metrics, int n_metrics,
                         const char *out)
{
    int sobol = s->method == MAS_DESIGN_SALTELLI;
    printf("massim: sensitivity (%s): %zu parameters, %" PRIu64 " runs (%" PRIu64 " failed)\n",
           sobol ? "Sobol indices, Saltelli design, Jansen estimators" : "Morris screening",
           s->k, s->n_runs, s->n_failed);
    double *key = malloc((s->k ? s->k : 1) * sizeof *key);
    size_t *order = malloc((s->k ? s->k : 1) * sizeof *order);
    if (!key || !order) {
        free(key);
        free(order);
        return;
    }
    for (int q = 0; q < n_metrics; q++) {
        size_t j = 0;
        while (j < s->m && strcmp(s->metric[j], metrics[q]) != 0)
            j++;
        if (j == s->m) {
            printf("  %s: not a metric of this sweep\n", metrics[q]);
            continue;
        }
        for (size_t i = 0; i < s->k; i++)
            key[i] = sobol ? s->sobol[i * s->m + j].st : s->morris[i * s->m + j].mu_star;
        if (mas_sa_order(key, s->k, order) != MAS_OK)
            break;
        if (sobol)
            printf("  %s (%s): %zu base points used, variance %.4g%s\n    %-34s %22s %22s\n",
                   s->metric[j], s->metric_unit[j], s->n_used[j], s->variance[j],
                   censored(s, j), "parameter", "S1 (95 %)", "ST (95 %)");
        else
            printf("  %s (%s per whole range): %zu effects%s\n    %-34s %10s %10s %10s\n",
                   s->metric[j], s->metric_unit[j], s->n_used[j], censored(s, j), "parameter",
                   "mu*", "mu", "sigma");
        for (size_t r = 0; r < s->k && r < 10; r++) {
            size_t i = order[r];
            if (sobol) {
                const struct mas_sa_sobol *o = &s->sobol[i * s->m + j];
                printf("    %-34s %6.3f (%5.2f-%5.2f) %6.3f (%5.2f-%5.2f)\n", s->path[i], o->s1,
                       o->s1_lo, o->s1_hi, o->st, o->st_lo, o->st_hi);
            } else {
                const struct mas_sa_morris *o = &s->morris[i * s->m + j];
                printf("    %-34s %10.4g %10.4g %10.4g\n", s->path[i], o->mu_star, o->mu, o->sigma);
            }
        }
    }
    free(key);
    free(order);
    printf("  -> %s\n", out);
}

/* ---- the verb ---------------------------------------------------------------- */

static void progress(void *ctx, uint64_t done, uint64_t total, double seconds)
{
    (void)ctx;
    double rate = seconds > 0 ? (double)done / seconds : 0.0;
    fprintf(stderr, "\r\033[Kmassim sensitivity: %" PRIu64 "/%" PRIu64 " runs, %.1f runs/s, "
            "%.0f s left", done, total, rate, rate > 0 ? (double)(total - done) / rate : 0.0);
}

static int run_design(const struct sa_args *a, int argc, char **argv, int *ran, char *err)
{
    struct mas_run r;
    struct text t = { 0 };
    int idx[4096], n = 0, rc;
    const char *only[MAX_PARAMS * 8];
    int n_only = 0;
    char *plist = a->parameters ? strdup(a->parameters) : NULL;
    char **from_paths = NULL;
    double *score = NULL;
    size_t n_from = 0;
    *ran = 0;
    int morris = !a->method || strcmp(a->method, "morris") == 0;
    if (a->method && strcmp(a->method, "morris") && strcmp(a->method, "sobol"))
        return mas_fail(err, MAS_EINPUT, "--method: morris or sobol, not '%s'", a->method);
    rc = mas_run_setup(&r, a->input, NULL, a->sets.v, a->sets.n, err);
    if (rc == MAS_OK && r.sc.sweep) {
        const struct mas_design *d = r.sc.sweep;
        if (d->method != MAS_DESIGN_MORRIS && d->method != MAS_DESIGN_SALTELLI)
            rc = mas_fail(err, MAS_EINPUT, "%s: its sweep: section is a %s design; massim "
                          "sensitivity runs a morris or saltelli one (or, without a sweep: "
                          "section, makes one over the plausible ranges)", a->input,
                          mas_design_method_name(d->method));
        else if (a->method || a->parameters || a->from)
            rc = mas_fail(err, MAS_EINPUT, "%s: has its own sweep: section; --method, "
                          "--parameters and --from choose a design for a scenario without one",
                          a->input);
        else if (append(&t, "%s", r.sc.text))
            rc = mas_fail(err, MAS_EIO, "out of memory");
    } else if (rc == MAS_OK) {
        if (morris && a->from)
            rc = mas_fail(err, MAS_EINPUT, "--from ranks the parameters of a morris file for "
                          "--method sobol");
        if (rc == MAS_OK && plist) {
            n_only = split_list(plist, only, MAX_PARAMS * 8);
            if (n_only < 0)
                rc = mas_fail(err, MAS_EINPUT, "--parameters: too many");
        }
        if (rc == MAS_OK && a->from) {
            if (plist)
                rc = mas_fail(err, MAS_EINPUT, "--from and --parameters: give one");
            char *ml = strdup(a->metrics ? a->metrics : MAS_SA_DEFAULT_METRICS);
            const char *mv[64];
            int nm = ml ? split_list(ml, mv, 64) : -1;
            if (rc == MAS_OK)
                rc = nm < 0 ? mas_fail(err, MAS_EINPUT, "--metrics: too many")
                            : mas_sa_rank_morris(a->from, mv, nm, &from_paths, &score, &n_from, err);
            size_t *order = rc == MAS_OK ? malloc((n_from ? n_from : 1) * sizeof *order) : NULL;
            if (rc == MAS_OK && (!order || mas_sa_order(score, n_from, order) != MAS_OK))
                rc = mas_fail(err, MAS_EIO, "out of memory");
            int top = a->top ? a->top : 10;
            for (size_t i = 0; rc == MAS_OK && i < n_from && (int)i < top; i++)
                only[n_only++] = from_paths[order[i]];
            free(order);
            free(ml);
        }
        if (rc == MAS_OK && !morris && n_only == 0)
            rc = mas_fail(err, MAS_EINPUT, "--method sobol: name the parameters (--parameters "
                          "A,B,...) or rank them by a morris file (--from MORRIS.h5 --top K); "
                          "at most %d", MAX_PARAMS);
        if (rc == MAS_OK)
            rc = choose(&r, only, n_only, idx, &n, morris ? 4096 : MAX_PARAMS, err);
        if (rc == MAS_OK && n == 0)
            rc = mas_fail(err, MAS_EINPUT, "%s: no parameter left to vary", a->input);
        if (rc == MAS_OK)
            rc = design_text(&r, idx, n, morris, a, &t, err);
    }
    if (rc == MAS_OK && a->write_scenario) {
        rc = mas_output_distinct(a->write_scenario, a->input, "the scenario", err);
        if (rc == MAS_OK)
            rc = mas_write_atomically(a->write_scenario, write_text, t.s, err);
        if (rc == MAS_OK && !a->quiet)
            fprintf(stderr, "massim: wrote %s: the scenario with its sensitivity design (run it "
                    "with massim sweep, --shard and massim merge; then massim sensitivity "
                    "MERGED.h5 -o SA.h5)\n", a->write_scenario);
    } else if (rc == MAS_OK) {
        int rank = mas_mpi ? mas_mpi->rank() : 0, quiet = a->quiet || rank > 0;
        char *cmd = mas_cli_join_args(argc, argv);
        struct mas_sweep_opts o = { .scenario = a->input, .text = t.s, .out = a->out,
                                    .sets = a->sets.v, .n_sets = a->sets.n,
                                    .jobs = a->jobs ? a->jobs : 1, .shard = a->shard,
                                    .n_shards = a->n_shards, .resume = a->resume,
                                    .command_line = cmd };
        int tty = !quiet && isatty(STDERR_FILENO);
        o.progress = tty ? progress : NULL;
        rc = mas_mpi ? mas_mpi->sweep(&o, err) : mas_sweep(&o, err);
        if (tty)
            fprintf(stderr, "\n");
        free(cmd);
        *ran = rank == 0 ? 1 : 2;
    }
    for (size_t i = 0; i < n_from; i++)
        free(from_paths[i]);
    free(from_paths);
    free(score);
    free(plist);
    free(t.s);
    mas_run_free(&r);
    return rc;
}

static int cmd_sensitivity(void *args, int argc, char **argv)
{
    struct sa_args *a = args;
    char err[MAS_ERR_LEN] = "";
    if (!a->trajectories)
        a->trajectories = 10;
    if (!a->levels)
        a->levels = 4;
    if (!a->base)
        a->base = 512;
    if (!a->boot_given)
        a->bootstrap = 1000;
    if (a->levels % 2)
        return mas_cli_usage_error("sensitivity", "--levels: an even number");
    if (!a->out && !a->write_scenario)
        return mas_cli_usage_error("sensitivity", "missing -o SA.h5");
    if (a->out && a->write_scenario)
        return mas_cli_usage_error("sensitivity", "--write-scenario writes the design and "
                                   "stops: no -o");
    int rc = a->write_scenario ? MAS_OK : mas_output_path_ok(a->out, err);
    if (rc == MAS_OK && !a->write_scenario)
        rc = mas_output_distinct(a->out, a->input, "the input", err);
    if (rc == MAS_OK && a->from)
        rc = mas_output_distinct(a->out, a->from, "the --from file", err);
    int analyse_only = rc == MAS_OK && is_hdf5(a->input), ran = 0;
    if (rc == MAS_OK && !analyse_only) {
        rc = run_design(a, argc, argv, &ran, err);
        if (rc != MAS_OK || a->write_scenario || ran == 2)
            return mas_cli_report(rc, err);
        if (a->n_shards > 1) {
            if (!a->quiet)
                fprintf(stderr, "massim: shard %" PRIu64 " of %" PRIu64 " written to %s; massim "
                        "merge the shards, then massim sensitivity MERGED.h5 -o SA.h5\n",
                        a->shard, a->n_shards, a->out);
            return 0;
        }
    } else if (rc == MAS_OK && (a->method || a->parameters || a->from || a->resume
                                || a->n_shards || a->write_scenario)) {
        rc = mas_fail(err, MAS_EINPUT, "%s: a sweep file: only the analysis options (--metrics, "
                      "--bootstrap, --seed) apply", a->input);
    }
    struct mas_sa_result s;
    memset(&s, 0, sizeof s);
    const char *src = analyse_only ? a->input : a->out;
    if (rc == MAS_OK)
        rc = mas_sa_analyse(src, a->bootstrap, a->seed, &s, err);
    if (rc == MAS_OK)
        rc = mas_sa_write(src, a->out, &s, err);
    if (rc == MAS_OK && !a->quiet) {
        char *ml = strdup(a->metrics ? a->metrics : MAS_SA_DEFAULT_METRICS);
        const char *mv[64];
        int nm = ml ? split_list(ml, mv, 64) : 0;
        print_report(&s, mv, nm < 0 ? 64 : nm, a->out);
        free(ml);
    }
    mas_sa_result_free(&s);
    return mas_cli_report(rc, err);
}

static const struct mas_cli_pos sa_pos[] = {
    {"INPUT", 1, 1, offsetof(struct sa_args, input),
     "a scenario (the design is made and run), or a sweep file of a morris\nor saltelli "
     "design (merged, if sharded) to analyse"},
};

static const struct mas_cli_opt sa_opts[] = {
    {{"-o", "--output"}, MAS_CLI_VALUE, "SA.h5", offsetof(struct sa_args, out), NULL, 0,
     "the sweep file with /sensitivity (docs/sensitivity.md); required\nunless --write-scenario"},
    {{"--method", NULL}, MAS_CLI_VALUE, "morris|sobol", offsetof(struct sa_args, method), NULL, 0,
     "morris (default): screen every parameter with a plausible range;\nsobol: first- and "
     "total-order indices of --parameters or --from"},
    {{"--parameters", NULL}, MAS_CLI_VALUE, "A,B,...", offsetof(struct sa_args, parameters), NULL,
     0, "vary only these (sobol: at most 20)"},
    {{"--from", NULL}, MAS_CLI_VALUE, "MORRIS.h5", offsetof(struct sa_args, from), NULL, 0,
     "sobol: the --top parameters by mu* of a morris file (over --metrics)"},
    {{"--top", NULL}, MAS_CLI_VALUE, "K", 0, set_top, 0, "with --from: how many (default 10)"},
    {{"--trajectories", NULL}, MAS_CLI_VALUE, "R", 0, set_traj, 0,
     "morris: trajectories (default 10; runs = R (k + 1))"},
    {{"--levels", NULL}, MAS_CLI_VALUE, "P", 0, set_levels, 0, "morris: grid levels (even; default 4)"},
    {{"--base", NULL}, MAS_CLI_VALUE, "N", 0, set_base, 0,
     "sobol: base points (default 512; runs = N (k + 2))"},
    {{"--bootstrap", NULL}, MAS_CLI_VALUE, "B", 0, set_boot, 0,
     "sobol: bootstrap resamples of the intervals (default 1000)"},
    {{"--seed", NULL}, MAS_CLI_VALUE, "S", 0, set_seed, 0,
     "the design's and the bootstrap's seed (default 0)"},
    {{"--metrics", NULL}, MAS_CLI_VALUE, "M,M,...", offsetof(struct sa_args, metrics), NULL, 0,
     "the metrics printed (and ranked by --from); every metric is\nanalysed and written "
     "(default " MAS_SA_DEFAULT_METRICS ")"},
    {{"--write-scenario", NULL}, MAS_CLI_VALUE, "FILE", offsetof(struct sa_args, write_scenario),
     NULL, 0, "write the scenario with its design and stop (for massim sweep\non a cluster)"},
    {{"-j", "--jobs"}, MAS_CLI_VALUE, "N", 0, set_jobs, 0, "worker threads"},
    {{"--set", NULL}, MAS_CLI_LIST, "NAME=VALUE", offsetof(struct sa_args, sets), NULL, 0,
     "change the scenario first (as massim sweep --set)"},
    {{"--shard", NULL}, MAS_CLI_VALUE, "I/N", 0, set_shard, 0,
     "run the I-th of N slices of the runs (then massim merge)"},
    {{"--resume", NULL}, MAS_CLI_FLAG, NULL, offsetof(struct sa_args, resume), NULL, 0,
     "finish an interrupted run of the same command"},
    {{"-q", "--quiet"}, MAS_CLI_FLAG, NULL, offsetof(struct sa_args, quiet), NULL, 0,
     "print neither the progress nor the table"},
};

const struct mas_cli_verb mas_cli_sensitivity = {
    "sensitivity", "global sensitivity of the outcome metrics to the model's parameters",
    sa_pos, MAS_CLI_COUNT(sa_pos), sa_opts, MAS_CLI_COUNT(sa_opts),
    "Each parameter varies over its plausible range (massim params: the source's\n"
    "range, else x/2 for a calibrated value and x/1.5 for a cited one); the\n"
    "scenario's own settings stay fixed.  Morris screening first, then Sobol\n"
    "indices of the parameters that matter:\n"
    "  massim sensitivity S.yaml -o morris.h5 -j 2\n"
    "  massim sensitivity S.yaml --method sobol --from morris.h5 --top 10 -o sobol.h5 -j 2\n"
    "Exit status 2 for bad input, 1 if the runs or the file failed.\n",
    NULL, sizeof(struct sa_args), cmd_sensitivity,
};
