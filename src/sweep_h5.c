/*
 * sweep_h5.c — the sweep file (DESIGN.md, docs/sweeps.md): one row per run
 * on the dimension "run".
 *
 *   /runs/run              (N) uint64, the run index; dimension scale "run",
 *                          hard-linked into every subgroup
 *   /runs/status           (N) int32: 0 ok, 1 solver failed, 2 bad inputs
 *   /runs/message          (N) variable-length UTF-8 string (at most 191
 *                          bytes): why a run failed, then its warnings,
 *                          "; "-joined ("" if neither; sweep_plan.c)
 *   /runs/inputs/AXIS      (N) float64, attrs units, path
 *   /runs/summary/METRIC   (N) float64, attr units
 *   /runs/trajectories/time (n) float64, dimension scale "time"
 *   /runs/trajectories/NAME (N x n) float64, chunked, shuffled, deflated
 *
 * The rows come in run order (from the journal, or from shards being
 * merged) and are written a block at a time, so memory does not depend
 * on N.  Written to a temporary and renamed.
 */
#include "sweep.h"
#include "h5attr.h"
#include "massim.h"

#include <hdf5.h>
#include <hdf5_hl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BLOCK 4096

struct sw {
    const struct mas_sweep_plan *p;
    hid_t file, runs, run, status, message, *inputs, *metrics, *traj;
    /* the current block */
    uint64_t *b_run;
    int32_t *b_status;
    char *b_msg;                 /* BLOCK x MAS_SWEEP_MSG_LEN */
    double *b_in, *b_met, *b_traj;
    size_t filled;               /* rows in the block */
    uint64_t written;            /* rows already in the file */
};

static herr_t attr_num(hid_t obj, const char *name, hid_t ftype, hid_t mtype, const void *v)
{
    hid_t s = H5Screate(H5S_SCALAR), a = -1;
    herr_t e = -1;
    if (s >= 0 && (a = H5Acreate2(obj, name, ftype, s, H5P_DEFAULT, H5P_DEFAULT)) >= 0)
        e = H5Awrite(a, mtype, v);
    if (a >= 0)
        H5Aclose(a);
    if (s >= 0)
        H5Sclose(s);
    return e;
}

static herr_t attr_u64(hid_t obj, const char *name, uint64_t v)
{
    return attr_num(obj, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &v);
}

static hid_t group(hid_t loc, const char *name)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE), g = -1;
    if (gcpl >= 0 && H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    if (gcpl >= 0)
        H5Pclose(gcpl);
    return g;
}

/* The messages: variable-length strings, the kind netCDF-C reads (it
 * cannot read fixed-length ones: ncdump and xarray's netcdf4 engine
 * crashed on them).  Each block's strings go to the file's global heap
 * as they are written, so memory does not grow with N. */
static hid_t string_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t >= 0 && (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0)) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

/* A chunked dataset of rank 1 (cols 0) or 2 (N x cols), compressed. */
static hid_t dataset(hid_t loc, const char *name, hid_t type, uint64_t n, size_t cols)
{
    hsize_t dims[2] = {n, cols}, chunk[2];
    int rank = cols ? 2 : 1;
    hsize_t rows = cols ? (cols > 4096 ? 1 : 65536 / (cols * 8) + 1) : BLOCK;
    chunk[0] = n < rows ? (n ? n : 1) : rows;
    chunk[1] = cols;
    hid_t sp = H5Screate_simple(rank, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE), d = -1;
    hid_t dapl = H5Pcreate(H5P_DATASET_ACCESS);
    /* The rows arrive in order and every chunk is written once: a cache of
     * two chunks per dataset, so memory does not grow with N. */
    size_t chunk_bytes = (size_t)(chunk[0] * (cols ? chunk[1] : 1)) * H5Tget_size(type);
    if (sp >= 0 && dcpl >= 0 && dapl >= 0 && H5Pset_chunk(dcpl, rank, chunk) >= 0 &&
        H5Pset_shuffle(dcpl) >= 0 && H5Pset_deflate(dcpl, 4) >= 0 && H5Pset_obj_track_times(dcpl, 0) >= 0 &&
        H5Pset_chunk_cache(dapl, 101, 2 * chunk_bytes, 1.0) >= 0)
        d = H5Dcreate2(loc, name, type, sp, H5P_DEFAULT, dcpl, dapl);
    if (dapl >= 0)
        H5Pclose(dapl);
    if (dcpl >= 0)
        H5Pclose(dcpl);
    if (sp >= 0)
        H5Sclose(sp);
    return d;
}

/* Write rows [at, at + n) of a dataset from mem (rank 1, or N x cols). */
static herr_t put_rows(hid_t d, hid_t mtype, uint64_t at, size_t n, size_t cols, const void *mem)
{
    hsize_t start[2] = {at, 0}, count[2] = {n, cols};
    int rank = cols ? 2 : 1;
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(rank, count, NULL);
    herr_t e = -1;
    if (fs >= 0 && ms >= 0 && H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL) >= 0)
        e = H5Dwrite(d, mtype, ms, fs, H5P_DEFAULT, mem);
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return e;
}

/* Flush the block to the file. */
static int flush_block(struct sw *w)
{
    const struct mas_sweep_plan *p = w->p;
    size_t n = w->filled, na = p->design->n_axes, nt = p->n_traj_times;
    if (!n)
        return 0;
    hid_t st = string_type();
    const char *msg[BLOCK];
    for (size_t i = 0; i < n; i++)
        msg[i] = w->b_msg + i * MAS_SWEEP_MSG_LEN;
    int bad = st < 0 || put_rows(w->run, H5T_NATIVE_UINT64, w->written, n, 0, w->b_run) < 0
           || put_rows(w->status, H5T_NATIVE_INT32, w->written, n, 0, w->b_status) < 0
           || put_rows(w->message, st, w->written, n, 0, msg) < 0;
    if (st >= 0)
        H5Tclose(st);
    double *col = malloc(n * (nt ? nt : 1) * sizeof *col);
    bad |= !col;
    for (size_t a = 0; !bad && a < na; a++) {
        for (size_t i = 0; i < n; i++)
            col[i] = w->b_in[i * na + a];
        bad |= put_rows(w->inputs[a], H5T_NATIVE_DOUBLE, w->written, n, 0, col) < 0;
    }
    for (int m = 0; !bad && m < p->n_metrics; m++) {
        for (size_t i = 0; i < n; i++)
            col[i] = w->b_met[i * (size_t)p->n_metrics + (size_t)m];
        bad |= put_rows(w->metrics[m], H5T_NATIVE_DOUBLE, w->written, n, 0, col) < 0;
    }
    for (int k = 0; !bad && k < p->n_traj; k++) {
        for (size_t i = 0; i < n; i++)
            memcpy(col + i * nt, w->b_traj + (i * (size_t)p->n_traj + (size_t)k) * nt, nt * sizeof *col);
        bad |= put_rows(w->traj[k], H5T_NATIVE_DOUBLE, w->written, n, nt, col) < 0;
    }
    free(col);
    w->written += n;
    w->filled = 0;
    return bad ? -1 : 0;
}

/* One journal record into the block (mas_journal_replay callback). */
static int take(void *ctx, const void *rec, char *err)
{
    struct sw *w = ctx;
    const struct mas_sweep_plan *p = w->p;
    struct mas_record_view v;
    mas_record_view(p, (void *)rec, &v);
    size_t i = w->filled, na = p->design->n_axes, nm = (size_t)p->n_metrics;
    size_t ntr = (size_t)p->n_traj * p->n_traj_times;
    w->b_run[i] = *v.run;
    w->b_status[i] = *v.status;
    memcpy(w->b_msg + i * MAS_SWEEP_MSG_LEN, v.message, MAS_SWEEP_MSG_LEN);
    w->b_msg[(i + 1) * MAS_SWEEP_MSG_LEN - 1] = '\0';
    memcpy(w->b_in + i * na, v.inputs, na * sizeof(double));
    memcpy(w->b_met + i * nm, v.metrics, nm * sizeof(double));
    memcpy(w->b_traj + i * ntr, v.traj, ntr * sizeof(double));
    if (++w->filled == BLOCK && flush_block(w) < 0) {
        char why[256];
        mas_h5_reason(why, sizeof why);
        return mas_fail(err, MAS_EIO, "cannot write rows %llu.. of the sweep file: %s",
                        (unsigned long long)w->written, why);
    }
    return MAS_OK;
}

/* Attach the run scale (and the time scale for trajectories). */
static int attach(hid_t d, hid_t run, hid_t time)
{
    return H5DSattach_scale(d, run, 0) < 0 || (time >= 0 && H5DSattach_scale(d, time, 1) < 0);
}

static int column(hid_t g, const char *name, const char *units, const char *extra_name,
                  const char *extra, uint64_t n, hid_t run, hid_t *out)
{
    *out = dataset(g, name, H5T_IEEE_F64LE, n, 0);
    return *out < 0 || mas_h5_write_text(*out, "units", units) < 0
        || (extra_name && mas_h5_write_text(*out, extra_name, extra) < 0) || attach(*out, run, -1);
}

/* /runs/trajectories: its time scale, and one N x n dataset per variable. */
static int make_trajectories(struct sw *w, hid_t g)
{
    const struct mas_sweep_plan *p = w->p;
    hsize_t nt = p->n_traj_times;
    hid_t sp = H5Screate_simple(1, &nt, NULL);
    hid_t t = sp >= 0 ? H5Dcreate2(g, "time", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT) : -1;
    int bad = t < 0 || H5Dwrite(t, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, p->traj_times) < 0
           || mas_h5_write_text(t, "units", "day") < 0 || H5DSset_scale(t, "time") < 0;
    for (int k = 0; !bad && k < p->n_traj; k++) {
        const char *name = p->base.sc.trajectories[k];
        int v = p->traj_var[k];
        const char *unit = v >= 0 ? mas_model_state(&p->base.model, v)->unit
                                  : mas_model_obs(&p->base.model, -v - 1)->unit;
        w->traj[k] = dataset(g, name, H5T_IEEE_F64LE, p->count, p->n_traj_times);
        bad = w->traj[k] < 0 || mas_h5_write_text(w->traj[k], "units", unit) < 0 || attach(w->traj[k], w->run, t);
    }
    if (t >= 0)
        H5Dclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    return bad;
}

/* Groups, scales and empty datasets for p->count rows. */
static int make_layout(struct sw *w)
{
    const struct mas_sweep_plan *p = w->p;
    uint64_t n = p->count;
    hid_t st = string_type(), gi = -1, gs = -1, gt = -1;
    w->runs = group(w->file, "runs");
    int bad = st < 0 || w->runs < 0 || (w->run = dataset(w->runs, "run", H5T_STD_U64LE, n, 0)) < 0
           || H5DSset_scale(w->run, "run") < 0
           || mas_h5_write_text(w->run, "description", "run index in the sweep's design") < 0
           || (w->status = dataset(w->runs, "status", H5T_STD_I32LE, n, 0)) < 0
           || mas_h5_write_text(w->status, "description", "0 ok, 1 solver failed, 2 bad inputs") < 0
           || attach(w->status, w->run, -1)
           || (w->message = dataset(w->runs, "message", st, n, 0)) < 0 || attach(w->message, w->run, -1)
           || (gi = group(w->runs, "inputs")) < 0 || H5Lcreate_hard(w->runs, "run", gi, "run", H5P_DEFAULT, H5P_DEFAULT) < 0
           || (gs = group(w->runs, "summary")) < 0 || H5Lcreate_hard(w->runs, "run", gs, "run", H5P_DEFAULT, H5P_DEFAULT) < 0;
    for (size_t a = 0; !bad && a < p->design->n_axes; a++)
        bad = column(gi, p->design->axes[a].name, p->design->axes[a].unit, "path",
                     p->design->axes[a].path, n, w->run, &w->inputs[a]);
    for (int m = 0; !bad && m < p->n_metrics; m++)
        bad = column(gs, p->metric_names[m], p->metric_units[m], NULL, NULL, n, w->run, &w->metrics[m]);
    if (!bad && p->n_traj)
        bad = (gt = group(w->runs, "trajectories")) < 0
           || H5Lcreate_hard(w->runs, "run", gt, "run", H5P_DEFAULT, H5P_DEFAULT) < 0 || make_trajectories(w, gt);
    if (gi >= 0)
        H5Gclose(gi);
    if (gs >= 0)
        H5Gclose(gs);
    if (gt >= 0)
        H5Gclose(gt);
    if (st >= 0)
        H5Tclose(st);
    return bad;
}

static int root_attrs(struct sw *w, const struct mas_sweep_info *info, double h5_seconds)
{
    const struct mas_sweep_plan *p = w->p;
    const struct mas_scenario *sc = &p->base.sc;
    double wall = info->wall_seconds + h5_seconds, writing = info->write_seconds + h5_seconds;
    int workers = info->workers;
    return mas_h5_write_text(w->file, "massim_version", MAS_VERSION) < 0
        || mas_h5_write_text(w->file, "kind", "sweep") < 0
        || mas_h5_write_text(w->file, "created", p->base.created) < 0
        || mas_h5_write_text(w->file, "scenario_name", sc->name ? sc->name : "") < 0
        || mas_h5_write_text(w->file, "scenario_file", sc->path) < 0
        || mas_h5_write_text(w->file, "scenario", sc->text) < 0
        || mas_h5_write_text(w->file, "command_line", info->command_line ? info->command_line : "") < 0
        || mas_h5_write_text(w->file, "sets", info->sets ? info->sets : "") < 0
        || mas_h5_write_text(w->file, "design", mas_design_method_name(p->design->method)) < 0
        || attr_u64(w->file, "seed", p->design->seed) < 0
        || attr_u64(w->file, "n_runs_total", p->n_total) < 0
        || attr_u64(w->file, "first_run", p->first) < 0
        || attr_u64(w->file, "n_runs", p->count) < 0
        || attr_u64(w->file, "scenario_hash", p->scenario_hash) < 0
        || attr_num(w->file, "wall_time_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &wall) < 0
        || attr_num(w->file, "write_time_s", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &writing) < 0
        || attr_num(w->file, "workers", H5T_STD_I32LE, H5T_NATIVE_INT, &workers) < 0;
}

static int alloc_block(struct sw *w)
{
    const struct mas_sweep_plan *p = w->p;
    size_t na = p->design->n_axes, nm = (size_t)p->n_metrics, ntr = (size_t)p->n_traj * p->n_traj_times;
    w->inputs = calloc(na + 1, sizeof(hid_t));
    w->metrics = calloc(nm + 1, sizeof(hid_t));
    w->traj = calloc((size_t)p->n_traj + 1, sizeof(hid_t));
    w->b_run = malloc(BLOCK * sizeof *w->b_run);
    w->b_status = malloc(BLOCK * sizeof *w->b_status);
    w->b_msg = malloc(BLOCK * MAS_SWEEP_MSG_LEN);
    w->b_in = malloc(BLOCK * (na + 1) * sizeof(double));
    w->b_met = malloc(BLOCK * (nm + 1) * sizeof(double));
    w->b_traj = malloc(BLOCK * (ntr + 1) * sizeof(double));
    if (!w->inputs || !w->metrics || !w->traj || !w->b_run || !w->b_status || !w->b_msg ||
        !w->b_in || !w->b_met || !w->b_traj)
        return -1;
    for (size_t i = 0; i <= na; i++)
        w->inputs[i] = -1;
    for (size_t i = 0; i <= nm; i++)
        w->metrics[i] = -1;
    for (int i = 0; i <= p->n_traj; i++)
        w->traj[i] = -1;
    return 0;
}

static void close_all(struct sw *w)
{
    const struct mas_sweep_plan *p = w->p;
    for (size_t a = 0; w->inputs && a < p->design->n_axes; a++)
        if (w->inputs[a] >= 0)
            H5Dclose(w->inputs[a]);
    for (int m = 0; w->metrics && m < p->n_metrics; m++)
        if (w->metrics[m] >= 0)
            H5Dclose(w->metrics[m]);
    for (int k = 0; w->traj && k < p->n_traj; k++)
        if (w->traj[k] >= 0)
            H5Dclose(w->traj[k]);
    hid_t ds[] = {w->run, w->status, w->message};
    for (size_t i = 0; i < 3; i++)
        if (ds[i] > 0)
            H5Dclose(ds[i]);
    if (w->runs > 0)
        H5Gclose(w->runs);
    free(w->inputs);
    free(w->metrics);
    free(w->traj);
    free(w->b_run);
    free(w->b_status);
    free(w->b_msg);
    free(w->b_in);
    free(w->b_met);
    free(w->b_traj);
}

struct job {
    const char *out;
    const struct mas_sweep_plan *p;
    mas_source_fn *source;
    void *src;
    const struct mas_sweep_info *info;
};

static int fill_file(const char *tmp, void *ctx, char *err)
{
    const struct job *job = ctx;
    struct sw w = {.p = job->p, .file = -1, .runs = -1, .run = -1, .status = -1, .message = -1};
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    if (fcpl >= 0)
        H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    w.file = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    int rc = MAS_OK;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char why[256];
    if (w.file < 0 || alloc_block(&w) != 0 || make_layout(&w)) {
        mas_h5_reason(why, sizeof why);
        rc = mas_fail(err, MAS_EIO, "%s: cannot create the sweep file's layout: %s", job->out,
                      why);
    }
    if (rc == MAS_OK)
        rc = job->source(job->src, take, &w, err);
    if (rc == MAS_OK && (flush_block(&w) < 0 || w.written != job->p->count)) {
        mas_h5_reason(why, sizeof why);
        rc = mas_fail(err, MAS_EIO, "%s: cannot write the last rows: %s", job->out, why);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double h5_seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (rc == MAS_OK && root_attrs(&w, job->info, h5_seconds)) {
        mas_h5_reason(why, sizeof why);
        rc = mas_fail(err, MAS_EIO, "%s: cannot write the root attributes: %s", job->out, why);
    }
    close_all(&w);
    if (w.file >= 0 && mas_h5_close_file(w.file) < 0 && rc == MAS_OK) {
        mas_h5_reason(why, sizeof why);
        rc = mas_fail(err, MAS_EIO, "%s: cannot finish writing it: %s", job->out, why);
    }
    if (fcpl >= 0)
        H5Pclose(fcpl);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (rc != MAS_OK)
        mas_h5_mark_unusable();
    return rc;
}

int mas_sweep_h5_write(const struct mas_sweep_plan *p, mas_source_fn *source, void *src,
                       const char *out, const struct mas_sweep_info *info, char *err)
{
    struct job job = {out, p, source, src, info};
    return mas_write_atomically(out, fill_file, &job, err);
}
