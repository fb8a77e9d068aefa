/*
 * sweep.h — `massim sweep`: the runs of a scenario's `sweep:` design,
 * computed by N workers (threads here, MPI ranks in sweep_mpi.c), written
 * by one writer in run order to a journal that records every finished run
 * durably, then turned into the sweep's HDF5 file (docs/sweeps.md).
 *
 * Run i of a sweep has the same inputs and the same results however many
 * workers, shards or restarts computed it.
 */
#ifndef MAS_SWEEP_H
#define MAS_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "run.h"

#define MAS_SWEEP_MSG_LEN 192        /* bytes kept of a failed run's message */

enum mas_run_status {
    MAS_RUN_OK = 0,
    MAS_RUN_SOLVER_FAILED = 1,       /* the integrator gave up (message says where) */
    MAS_RUN_INPUT_FAILED = 2,        /* the inputs made an invalid run (e.g. a dose) */
};

typedef void mas_sweep_progress(void *ctx, uint64_t done, uint64_t total, double seconds);

struct mas_sweep_opts {
    const char *scenario;            /* scenario file with a `sweep:` section */
    const char *text;                /* its text, when not read from the file (NULL: read
                                        it; massim sensitivity adds a sweep: section) */
    const char *out;                 /* the sweep's HDF5 file */
    int jobs;                        /* worker threads (>= 1) */
    uint64_t shard, n_shards;        /* shard `shard` of `n_shards` (n_shards 0: all runs) */
    int resume;                      /* continue an interrupted sweep */
    const char *const *sets;         /* --set assignments applied to every run first */
    int n_sets;
    const char *command_line;        /* provenance (not owned) */
    mas_sweep_progress *progress;    /* may be NULL */
    void *ctx;
};

/* ---- the plan: what every run shares ---- */

struct mas_sweep_plan {
    struct mas_run base;             /* the scenario with the --set assignments (not run) */
    const char *const *sets;         /* --set assignments for every run (not owned) */
    int n_sets;
    const struct mas_design *design; /* base.sc.sweep */
    uint64_t n_total;                /* runs of the whole design */
    uint64_t first, count;           /* this shard's runs: [first, first + count) */
    int n_metrics;
    const char **metric_names, **metric_units; /* n_metrics each (arrays owned) */
    int n_traj;                      /* trajectories kept per run */
    int traj_var[64];                /* state index, or -(1 + observable index) */
    size_t n_traj_times;             /* samples per trajectory */
    size_t traj_stride;              /* output times between two samples */
    double *traj_times;              /* n_traj_times, days */
    size_t record_size;              /* bytes of one journal record */
    uint64_t scenario_hash;          /* FNV-1a 64 of the scenario text and the --set list */
};

/* Load the scenario (from `text` when not NULL; every run is prepared
 * from the text read here, so editing the file mid-sweep changes nothing)
 * and lay out the records.  MAS_EINPUT for a scenario without `sweep:` or
 * a bad shard. */
int mas_sweep_plan_init(struct mas_sweep_plan *p, const char *scenario, const char *text,
                        const char *const *sets, int n_sets, uint64_t shard, uint64_t n_shards,
                        char *err);
void mas_sweep_plan_free(struct mas_sweep_plan *p);

/* One journal record (record_size bytes):
 *   uint64 run; int32 status; int32 reserved; double inputs[n_axes];
 *   double metrics[n_metrics]; char message[MAS_SWEEP_MSG_LEN];
 *   double trajectories[n_traj][n_traj_times]; uint64 checksum (FNV-1a 64
 *   of everything before it). */
struct mas_record_view {
    uint64_t *run;
    int32_t *status;
    double *inputs, *metrics, *traj;
    char *message;
    uint64_t *checksum;
};
void mas_record_view(const struct mas_sweep_plan *p, void *rec, struct mas_record_view *v);
void mas_record_seal(const struct mas_sweep_plan *p, void *rec);
int mas_record_valid(const struct mas_sweep_plan *p, const void *rec);

/* Compute run `run` with inputs x into the record `rec` (never fails: a
 * failed run is a record with its status and message). */
void mas_sweep_compute(const struct mas_sweep_plan *p, uint64_t run, const double *x, void *rec);

/* The same for one worker (a thread, an MPI rank) and many runs: the
 * model, the scenario, the names and the solver are made once by
 * mas_sweep_worker_new (NULL: out of memory), and each run then only sets
 * the axes' values, integrates and fills its record: after the first run
 * it allocates nothing and looks up no name (tests/test_sweep_worker.c
 * counts).  Its records equal mas_sweep_compute's, bit for bit. */
struct mas_sweep_worker;
struct mas_sweep_worker *mas_sweep_worker_new(const struct mas_sweep_plan *p);
void mas_sweep_worker_compute(struct mas_sweep_worker *w, uint64_t run, const double *x,
                              void *rec);
void mas_sweep_worker_free(struct mas_sweep_worker *w);

uint64_t mas_fnv1a64(const void *data, size_t n, uint64_t h);
#define MAS_FNV_OFFSET 14695981039346656037ULL

typedef int mas_take_fn(void *ctx, const void *rec, char *err);

/* ---- the journal (sweep_journal.c): OUT.journal beside the output ---- */

struct mas_journal;
/* Create a new journal (refusing an existing one unless resuming), or open
 * one to resume: its header must match the plan; complete records are
 * kept, a torn tail is cut off.  *done = runs already recorded. */
int mas_journal_open(const struct mas_sweep_plan *p, const char *out, int resume,
                     struct mas_journal **j, uint64_t *done, char *err);
int mas_journal_append(struct mas_journal *j, const void *rec, char *err);
/* The damaged records --resume found before the last valid one (indices
 * from the shard's first run), to be computed again and written in place
 * with mas_journal_put. */
size_t mas_journal_holes(const struct mas_journal *j, const uint64_t **holes);
int mas_journal_put(struct mas_journal *j, uint64_t k, const void *rec, char *err);
/* The next record to append was already written in place (put): move past it. */
int mas_journal_skip(struct mas_journal *j, char *err);
/* Compute the holes again (one worker, in this thread) and write them;
 * a line on stderr says which runs were damaged. */
int mas_sweep_fill_holes(const struct mas_sweep_plan *p, struct mas_journal *j, char *err);
/* Hand the buffered records to the kernel (they survive the process
 * being killed), or also to the disk (they survive a power cut). */
int mas_journal_flush(struct mas_journal *j, char *err);
int mas_journal_sync(struct mas_journal *j, char *err);
/* Read the records back in order, calling fn for each. */
int mas_journal_replay(struct mas_journal *j, mas_take_fn *fn, void *ctx, char *err);
/* Close; remove the journal file when `remove` is set. */
void mas_journal_close(struct mas_journal *j, int remove);

/* ---- the sweep file (sweep_h5.c) ---- */

struct mas_sweep_info {
    const char *command_line;
    const char *sets;                /* the --set list, "; "-separated */
    double wall_seconds;
    int workers;
    double write_seconds;            /* journal appends and syncs (the h5 writer adds its own) */
};
/* Where the sweep file's rows come from: a function that calls take()
 * once per run, in run order (the journal's replay, or merge's shards). */
typedef int mas_source_fn(void *src, mas_take_fn *take, void *ctx, char *err);
/* Write the HDF5 sweep file for the plan's runs (atomic: temporary then
 * rename). */
int mas_sweep_h5_write(const struct mas_sweep_plan *p, mas_source_fn *source, void *src,
                       const char *out, const struct mas_sweep_info *info, char *err);

/* ---- massim merge (sweep_merge.c) ---- */
int mas_sweep_merge(const char *const *shards, int n, const char *out, const char *command_line,
                    char *err);

/* ---- the whole verb ---- */
int mas_sweep(const struct mas_sweep_opts *o, char *err);

#ifdef MAS_MPI
#endif

#endif
