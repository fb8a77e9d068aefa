/*
 * sweep_merge.c — `massim merge SHARD.h5... -o SWEEP.h5`: joins the files
 * of a sweep run as shards (Slurm job arrays, --shard I/N) into the file
 * one unsharded sweep would have written.  The shards must come from the
 * same scenario and --set list (the scenario hash recorded in each) and
 * together cover every run exactly once.  The sweep is planned again from
 * the scenario text stored in the shards, and their rows are fed, in run
 * order and a block at a time, to the same writer as a sweep's journal.
 */
#include "sweep.h"
#include "h5read.h"
#include "massim.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ROWS 1024

struct shard {
    const char *path;
    struct mas_h5r h5;          /* the checked reader (h5read.h) */
    int open;
    uint64_t hash, total, first, count;
    char *scenario, *sets, *scenario_file;
};

/* The most a shard's scenario text and --set list may hold. */
#define MAX_SCENARIO_TEXT ((size_t)MAS_MAX_SCENARIO_BYTES)
#define MAX_SETS_TEXT 65536u

static int open_shard(struct shard *s, char *err)
{
    int rc = mas_h5r_open(&s->h5, s->path, err);
    if (rc != MAS_OK)
        return rc;
    s->open = 1;
    struct mas_h5r *r = &s->h5;
    char *kind = NULL;
    static const char *const needed[] = {"kind", "scenario", "sets", "scenario_hash",
                                         "n_runs_total", "first_run", "n_runs"};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!mas_h5r_has_attr(r, "/", needed[i]))
            return mas_fail(err, MAS_EINPUT, "%s: not a massim sweep file (no root attribute "
                            "%s)", s->path, needed[i]);
    rc = mas_h5r_attr_text(r, "/", "kind", 64, &kind);
    int is_sweep = rc == MAS_OK && strcmp(kind, "sweep") == 0;
    free(kind);
    if (rc == MAS_OK && !is_sweep)
        return mas_fail(err, MAS_EINPUT, "%s: not a massim sweep file (kind is not \"sweep\")",
                        s->path);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_text(r, "/", "scenario", MAX_SCENARIO_TEXT, &s->scenario);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_text(r, "/", "sets", MAX_SETS_TEXT, &s->sets);
    if (rc == MAS_OK && mas_h5r_has_attr(r, "/", "scenario_file"))
        rc = mas_h5r_attr_text(r, "/", "scenario_file", 4096, &s->scenario_file);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "scenario_hash", &s->hash);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "n_runs_total", &s->total);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "first_run", &s->first);
    if (rc == MAS_OK)
        rc = mas_h5r_attr_u64(r, "/", "n_runs", &s->count);
    if (rc == MAS_OK && (s->first > s->total || s->count > s->total - s->first))
        rc = mas_fail(err, MAS_EINPUT, "%s: runs %llu to %llu of %llu: not within the sweep",
                      s->path, (unsigned long long)s->first,
                      (unsigned long long)(s->first + s->count - 1), (unsigned long long)s->total);
    return rc;
}

/* Every dataset the merge reads has this sweep's shape and type. */
static int check_layout(const struct mas_sweep_plan *p, struct shard *s)
{
    struct mas_h5r *r = &s->h5;
    size_t n = (size_t)s->count;
    char path[512];
    if (s->count > SIZE_MAX / 8)
        return mas_fail(r->err, MAS_EINPUT, "%s: %llu runs: too many", s->path,
                        (unsigned long long)s->count);
    int rc = mas_h5r_check(r, "runs/run", 1, n, 0, MAS_H5R_INTEGER, 0);
    if (rc == MAS_OK)
        rc = mas_h5r_check(r, "runs/status", 1, n, 0, MAS_H5R_INTEGER, 0);
    if (rc == MAS_OK)
        rc = mas_h5r_check(r, "runs/message", 1, n, 0, MAS_H5R_TEXT, MAS_SWEEP_MSG_LEN);
    for (size_t a = 0; rc == MAS_OK && a < p->design->n_axes; a++) {
        snprintf(path, sizeof path, "runs/inputs/%s", p->design->axes[a].name);
        rc = mas_h5r_check(r, path, 1, n, 0, MAS_H5R_NUMBER, 0);
    }
    for (int m = 0; rc == MAS_OK && m < p->n_metrics; m++) {
        snprintf(path, sizeof path, "runs/summary/%s", p->metric_names[m]);
        rc = mas_h5r_check(r, path, 1, n, 0, MAS_H5R_NUMBER, 0);
    }
    for (int k = 0; rc == MAS_OK && k < p->n_traj; k++) {
        snprintf(path, sizeof path, "runs/trajectories/%s", p->base.sc.trajectories[k]);
        rc = mas_h5r_check(r, path, 2, n, p->n_traj_times, MAS_H5R_NUMBER, 0);
    }
    return rc;
}

static int by_first(const void *a, const void *b)
{
    const struct shard *x = a, *y = b;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* Same sweep, and every run exactly once. */
static int check_cover(struct shard *s, int n, char *err)
{
    qsort(s, (size_t)n, sizeof *s, by_first);
    uint64_t next = 0;
    for (int i = 0; i < n; i++) {
        if (s[i].hash != s[0].hash || s[i].total != s[0].total)
            return mas_fail(err, MAS_EINPUT, "%s and %s come from different sweeps (scenario, "
                            "--set list or design differ)", s[0].path, s[i].path);
        if (s[i].first < next)
            return mas_fail(err, MAS_EINPUT, "%s: runs %llu.. are also in %s (given twice?)",
                            s[i].path, (unsigned long long)s[i].first, s[i - 1].path);
        if (s[i].first > next)
            return mas_fail(err, MAS_EINPUT, "runs %llu to %llu are in none of the files (a shard "
                            "is missing)", (unsigned long long)next, (unsigned long long)s[i].first - 1);
        next = s[i].first + s[i].count;
    }
    if (next != s[0].total)
        return mas_fail(err, MAS_EINPUT, "runs %llu to %llu are in none of the files (a shard is "
                        "missing)", (unsigned long long)next, (unsigned long long)s[0].total - 1);
    return MAS_OK;
}

/* Plan the sweep again from the scenario text the shards carry. */
static int replan(struct mas_sweep_plan *p, const struct shard *s, char **setv, int *n_sets,
                  char *err)
{
    *n_sets = 0;
    for (char *t = strtok(s->sets, ";"); t && *n_sets < 64; t = strtok(NULL, ";")) {
        while (*t == ' ')
            t++;
        if (*t)
            setv[(*n_sets)++] = t;
    }
    const char *name = s->scenario_file ? s->scenario_file : s->path;
    int rc = mas_sweep_plan_init(p, name, s->scenario, (const char *const *)setv, *n_sets, 0, 0, err);
    if (rc == MAS_OK && p->scenario_hash != s->hash)
        rc = mas_fail(err, MAS_EINPUT, "%s: written by another massim version (scenario hash "
                      "differs); merge with the massim that ran the shards", s->path);
    return rc;
}

/* Read rows [at, at + n) of dataset `path` (rank 1, or rank 2 with cols). */
static int get_rows(hid_t f, const char *path, hid_t mtype, uint64_t at, size_t n, size_t cols,
                    void *mem)
{
    hsize_t start[2] = {at, 0}, count[2] = {n, cols};
    int rank = cols ? 2 : 1;
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);     /* checked by check_layout */
    hid_t fs = d >= 0 ? H5Dget_space(d) : -1, ms = H5Screate_simple(rank, count, NULL);
    int bad = fs < 0 || ms < 0 || H5Sget_simple_extent_ndims(fs) != rank
           || H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) < 0
           || H5Dread(d, mtype, ms, fs, H5P_DEFAULT, mem) < 0;
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    if (d >= 0)
        H5Dclose(d);
    return bad ? -1 : 0;
}

/* Rows [at, at + n) of /runs/message as n strings (malloc'd, NULL if
 * empty): variable-length strings, or the fixed-length ones of sweep files
 * from massim 0.1.0 before netCDF-C could read them. */
static int get_messages(hid_t f, uint64_t at, size_t n, char **out)
{
    hid_t d = H5Dopen2(f, "runs/message", H5P_DEFAULT);
    hid_t ft = d >= 0 ? H5Dget_type(d) : -1;
    int vlen = ft >= 0 ? H5Tis_variable_str(ft) : -1;
    size_t size = ft >= 0 ? H5Tget_size(ft) : 0;
    if (ft >= 0)
        H5Tclose(ft);
    if (d >= 0)
        H5Dclose(d);
    hid_t mt = H5Tcopy(H5T_C_S1);
    int bad = vlen < 0 || mt < 0 || H5Tset_cset(mt, H5T_CSET_UTF8) < 0
           || H5Tset_size(mt, vlen ? H5T_VARIABLE : size) < 0
           || (!vlen && H5Tset_strpad(mt, H5T_STR_NULLPAD) < 0);
    if (!bad && vlen) {
        char *v[ROWS] = {0};
        bad = get_rows(f, "runs/message", mt, at, n, 0, v);
        for (size_t i = 0; i < n; i++) {
            out[i] = !bad && v[i] ? strndup(v[i], MAS_SWEEP_MSG_LEN - 1) : NULL;
            if (v[i])
                H5free_memory(v[i]);
        }
    } else if (!bad) {
        char *fixed = size && size <= MAS_SWEEP_MSG_LEN ? malloc(n * size) : NULL;
        bad = !fixed || get_rows(f, "runs/message", mt, at, n, 0, fixed);
        for (size_t i = 0; !bad && i < n; i++)
            out[i] = strndup(fixed + i * size, size);
        free(fixed);
    }
    if (mt >= 0)
        H5Tclose(mt);
    return bad ? -1 : 0;
}

struct feed {
    const struct mas_sweep_plan *p;
    struct shard *s;
    int n;
};

/* One block of a shard's rows, as records, into take(). */
static int feed_block(const struct feed *fd, const struct shard *s, uint64_t at, size_t n,
                      char *recs, mas_take_fn *take, void *ctx, char *err)
{
    const struct mas_sweep_plan *p = fd->p;
    size_t nt = p->n_traj_times;
    uint64_t run[ROWS];
    int32_t status[ROWS];
    char *msg[ROWS] = {0};
    double *col = malloc(ROWS * (nt ? nt : 1) * sizeof *col);
    char path[512];
    int bad = !col || get_rows(s->h5.f, "runs/run", H5T_NATIVE_UINT64, at, n, 0, run)
           || get_rows(s->h5.f, "runs/status", H5T_NATIVE_INT32, at, n, 0, status)
           || get_messages(s->h5.f, at, n, msg);
    struct mas_record_view v[ROWS];
    for (size_t i = 0; !bad && i < n; i++) {
        memset(recs + i * p->record_size, 0, p->record_size);
        mas_record_view(p, recs + i * p->record_size, &v[i]);
        *v[i].run = run[i];
        *v[i].status = status[i];
        snprintf(v[i].message, MAS_SWEEP_MSG_LEN, "%s", msg[i] ? msg[i] : "");
    }
    for (size_t a = 0; !bad && a < p->design->n_axes; a++) {
        snprintf(path, sizeof path, "runs/inputs/%s", p->design->axes[a].name);
        bad = get_rows(s->h5.f, path, H5T_NATIVE_DOUBLE, at, n, 0, col);
        for (size_t i = 0; !bad && i < n; i++)
            v[i].inputs[a] = col[i];
    }
    for (int m = 0; !bad && m < p->n_metrics; m++) {
        snprintf(path, sizeof path, "runs/summary/%s", p->metric_names[m]);
        bad = get_rows(s->h5.f, path, H5T_NATIVE_DOUBLE, at, n, 0, col);
        for (size_t i = 0; !bad && i < n; i++)
            v[i].metrics[m] = col[i];
    }
    for (int k = 0; !bad && k < p->n_traj; k++) {
        snprintf(path, sizeof path, "runs/trajectories/%s", p->base.sc.trajectories[k]);
        bad = get_rows(s->h5.f, path, H5T_NATIVE_DOUBLE, at, n, nt, col);
        for (size_t i = 0; !bad && i < n; i++)
            memcpy(v[i].traj + (size_t)k * nt, col + i * nt, nt * sizeof *col);
    }
    for (size_t i = 0; i < n; i++)
        free(msg[i]);
    free(col);
    int rc = bad ? mas_fail(err, MAS_EINPUT, "%s: cannot read rows %llu.. (not this sweep's layout?)",
                            s->path, (unsigned long long)at) : MAS_OK;
    for (size_t i = 0; rc == MAS_OK && i < n; i++) {
        mas_record_seal(p, recs + i * p->record_size);
        rc = take(ctx, recs + i * p->record_size, err);
    }
    return rc;
}

static int feed_all(void *src, mas_take_fn *take, void *ctx, char *err)
{
    const struct feed *fd = src;
    char *recs = malloc(ROWS * fd->p->record_size);
    int rc = recs ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
    for (int i = 0; rc == MAS_OK && i < fd->n; i++)
        for (uint64_t at = 0; rc == MAS_OK && at < fd->s[i].count; at += ROWS) {
            size_t n = fd->s[i].count - at < ROWS ? (size_t)(fd->s[i].count - at) : ROWS;
            rc = feed_block(fd, &fd->s[i], at, n, recs, take, ctx, err);
        }
    free(recs);
    return rc;
}

static int take_nothing(void *ctx, const void *rec, char *err)
{
    (void)ctx, (void)rec, (void)err;
    return MAS_OK;
}

/* Everything the merge reads of one shard, read and thrown away (the
 * trial read of mas_h5r_trial, h5read.h). */
static int trial_shard(void *ctx, char *err)
{
    struct shard s = {.path = ctx};
    struct mas_sweep_plan p;
    char *setv[64];
    int n_sets = 0;
    memset(&p, 0, sizeof p);
    int rc = open_shard(&s, err);
    if (rc == MAS_OK)
        rc = replan(&p, &s, setv, &n_sets, err);
    if (rc == MAS_OK)
        rc = check_layout(&p, &s);
    if (rc == MAS_OK) {
        struct feed fd = {&p, &s, 1};
        rc = feed_all(&fd, take_nothing, NULL, err);
    }
    mas_sweep_plan_free(&p);
    if (s.open)
        mas_h5r_close(&s.h5);
    free(s.scenario);
    free(s.sets);
    free(s.scenario_file);
    return rc;
}

int mas_sweep_merge(const char *const *paths, int n, const char *out, const char *command_line,
                    char *err)
{
    if (n < 1)
        return mas_fail(err, MAS_EINPUT, "merge: no shard files given");
    int rc = mas_output_path_ok(out, err);
    for (int i = 0; rc == MAS_OK && i < n; i++)
        rc = mas_output_distinct(out, paths[i], "the shard", err);
    struct shard *s = calloc((size_t)n, sizeof *s);
    if (rc == MAS_OK && !s)
        rc = mas_fail(err, MAS_EIO, "out of memory");
    for (int i = 0; rc == MAS_OK && i < n; i++)
        rc = mas_h5r_trial(paths[i], trial_shard, (void *)paths[i], err);
    for (int i = 0; rc == MAS_OK && i < n; i++) {
        s[i].path = paths[i];
        rc = open_shard(&s[i], err);
    }
    if (rc == MAS_OK)
        rc = check_cover(s, n, err);
    struct mas_sweep_plan p;
    memset(&p, 0, sizeof p);
    char *setv[64];
    int n_sets = 0;
    if (rc == MAS_OK)
        rc = replan(&p, &s[0], setv, &n_sets, err);
    for (int i = 0; rc == MAS_OK && i < n; i++)
        rc = check_layout(&p, &s[i]);
    if (rc == MAS_OK) {
        struct feed fd = {&p, s, n};
        char sets[4096] = "";
        for (int i = 0; i < n_sets; i++)
            snprintf(sets + strlen(sets), sizeof sets - strlen(sets), "%s%s", i ? "; " : "", setv[i]);
        struct mas_sweep_info info = {command_line, sets, 0.0, 0, 0.0};
        rc = mas_sweep_h5_write(&p, feed_all, &fd, out, &info, err);
    }
    mas_sweep_plan_free(&p);
    for (int i = 0; s && i < n; i++) {
        if (s[i].open)
            mas_h5r_close(&s[i].h5);
        free(s[i].scenario);
        free(s[i].sets);
        free(s[i].scenario_file);
    }
    free(s);
    return rc;
}
