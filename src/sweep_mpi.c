/*
 * sweep_mpi.c — `massim sweep` under mpirun (built with make MPI=1): rank 0
 * hands out batches of runs and writes, ranks 1..P-1 compute.
 *
 * Every rank builds the plan from the scenario file; they agree that it
 * went well (and that they read the same scenario) before anything runs.
 * Rank 0 alone touches files: it opens the journal (resuming as sweep.c
 * does), generates the design's points in run order, sends each idle
 * worker a batch, puts the records that come back into a ring of slots
 * indexed by run, appends the ready prefix to the journal in run order,
 * and at the end writes the HDF5 file from the journal exactly as the
 * thread driver does.  A record depends only on its run's inputs, so the
 * file equals that of `massim sweep -j 1` apart from the timing attributes.
 *
 * Messages (MPI_BYTE, all to or from rank 0):
 *   TASK    rank 0 -> worker: uint64 first, uint64 count, double x[count][n_axes]
 *   RESULT  worker -> rank 0: count records of plan.record_size bytes, in run order
 *   STOP    rank 0 -> worker: empty; the worker returns
 * A worker has at most one batch outstanding.  With one rank (or without
 * mpirun) the thread driver mas_sweep() does the work.
 *
 * This file alone includes mpi.h: `make MPI=1` builds it with mpicc into
 * the module massim-mpi.so, which massim loads only for a sweep started by
 * an MPI launcher (mpi_module.h); it calls back into the executable for
 * everything else.
 */
#include "mpi_module.h"
#include "sweep.h"
#include "massim.h"

#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TAG_TASK = 1, TAG_STOP = 2, TAG_RESULT = 3 };

#define MAX_BATCH 16                        /* runs per task at most */
#define RING_BYTES ((uint64_t)1 << 31)      /* ring memory aimed at, bytes */

struct master {
    const struct mas_sweep_plan *p;
    const struct mas_sweep_opts *o;
    struct mas_journal *j;
    struct mas_design_iter *it;
    int n_workers;
    uint64_t batch, ring;                   /* runs per task; runs the ring holds */
    char *recs;                             /* ring * record_size bytes */
    unsigned char *ready;                   /* ring flags */
    uint64_t next_send, next_write, end;
    uint64_t *busy_first, *busy_count;      /* per rank (0 unused); count 0: idle */
    int *idle, n_idle;                      /* stack of idle ranks */
    int n_busy;                             /* workers with a batch outstanding */
    char *task, *result;                    /* send / receive buffers */
    size_t result_cap;
    int dirty;                              /* records appended, not flushed */
    double busy;                            /* seconds spent writing the journal */
    double t0, last_sync, last_flush, last_note;
};

/* Every rank passes its outcome; the first failing rank's status and
 * message become every rank's (prefixed with the rank unless it is 0). */
static int agree(int rc, char *err)
{
    int rank, size, first;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int mine = rc != MAS_OK ? rank : size;
    MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (first == size)
        return MAS_OK;
    char msg[MAS_ERR_LEN];
    if (rank == first)
        snprintf(msg, sizeof msg, "%s", err);
    MPI_Bcast(&rc, 1, MPI_INT, first, MPI_COMM_WORLD);
    MPI_Bcast(msg, MAS_ERR_LEN, MPI_CHAR, first, MPI_COMM_WORLD);
    if (rank != first && first == 0)
        snprintf(err, MAS_ERR_LEN, "%s", msg);
    else if (rank != first)
        mas_fail(err, rc, "rank %d: %.900s", first, msg);
    return rc;
}

/* Do all ranks hold the same plan as rank 0 (same file on every node)? */
static int same_plan(const struct mas_sweep_plan *p, char *err)
{
    uint64_t mine[4] = {p->scenario_hash, p->record_size, p->first, p->count}, r0[4];
    memcpy(r0, mine, sizeof r0);
    MPI_Bcast(r0, 4, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    if (memcmp(r0, mine, sizeof r0) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: differs from rank 0's copy (every node must read "
                        "the same scenario)", p->base.sc.path);
    if (p->record_size > INT_MAX)
        return mas_fail(err, MAS_EINPUT, "%s: a run's record (%zu bytes) is too large for an MPI "
                        "message; keep fewer trajectory samples", p->base.sc.path, p->record_size);
    return MAS_OK;
}

/* ---- rank 0 ---- */

static double now(void)
{
    return MPI_Wtime();
}

/* Batch size and ring size: a few batches per worker over the sweep, at
 * most MAX_BATCH runs, the ring within RING_BYTES when it can be. */
static void size_ring(struct master *m)
{
    const struct mas_sweep_plan *p = m->p;
    uint64_t w = (uint64_t)m->n_workers, left = m->end - m->next_write;
    uint64_t b = left / (4 * w);
    b = b < 1 ? 1 : b > MAX_BATCH ? MAX_BATCH : b;
    while (b > 1 && (2 * w * b * p->record_size > RING_BYTES || b * p->record_size > INT_MAX))
        b--;
    m->batch = b;
    m->ring = 2 * w * b;
}

static int master_alloc(struct master *m, char *err)
{
    const struct mas_sweep_plan *p = m->p;
    size_ring(m);
    m->result_cap = m->batch * p->record_size;
    m->recs = malloc(m->ring * p->record_size);
    m->ready = calloc(m->ring, 1);
    m->busy_first = calloc((size_t)m->n_workers + 1, sizeof *m->busy_first);
    m->busy_count = calloc((size_t)m->n_workers + 1, sizeof *m->busy_count);
    m->idle = malloc((size_t)m->n_workers * sizeof *m->idle);
    m->task = malloc(16 + m->batch * p->design->n_axes * sizeof(double));
    m->result = malloc(m->result_cap);
    if (!m->recs || !m->ready || !m->busy_first || !m->busy_count || !m->idle || !m->task ||
        !m->result)
        return mas_fail(err, MAS_EIO, "out of memory (a ring of %llu runs of %zu bytes)",
                        (unsigned long long)m->ring, p->record_size);
    for (int w = m->n_workers; w >= 1; w--)
        m->idle[m->n_idle++] = w;
    return MAS_OK;
}

static void master_free(struct master *m)
{
    free(m->recs);
    free(m->ready);
    free(m->busy_first);
    free(m->busy_count);
    free(m->idle);
    free(m->task);
    free(m->result);
    mas_design_iter_free(m->it);
}

/* Send worker w the next runs: a batch, or less near the end (half the
 * runs left shared among the workers, so that the last runs are spread
 * out) or when the ring is nearly full; 0 when there is nothing to send. */
static int send_task(struct master *m, int w, char *err)
{
    size_t n_axes = m->p->design->n_axes;
    uint64_t left = m->end - m->next_send, room = m->next_write + m->ring - m->next_send;
    uint64_t n = left / (2 * (uint64_t)m->n_workers);
    n = n < 1 ? 1 : n < m->batch ? n : m->batch;
    n = n < left ? n : left;
    n = n < room ? n : room;
    if (n == 0)
        return 0;
    double *x = (double *)(m->task + 16);
    for (uint64_t k = 0; k < n; k++)
        if (mas_design_iter_next(m->it, x + k * n_axes) != m->next_send + k)
            return mas_fail(err, MAS_EIO, "the design's points came out of order at run %llu",
                            (unsigned long long)(m->next_send + k));
    memcpy(m->task, &m->next_send, 8);
    memcpy(m->task + 8, &n, 8);
    MPI_Send(m->task, (int)(16 + n * n_axes * sizeof(double)), MPI_BYTE, w, TAG_TASK, MPI_COMM_WORLD);
    m->busy_first[w] = m->next_send;
    m->busy_count[w] = n;
    m->n_busy++;
    m->next_send += n;
    return 1;
}

/* Give the idle workers work while there is some and room for it. */
static int dispatch(struct master *m, char *err)
{
    while (m->n_idle > 0) {
        int sent = send_task(m, m->idle[m->n_idle - 1], err);
        if (sent < 0)
            return sent;
        if (sent == 0)
            break;
        m->n_idle--;
    }
    return MAS_OK;
}

/* Wait for a result without spinning (MPI_Probe busy-polls, which would
 * take a core from the workers): poll, sleeping up to 1 ms between polls. */
static void wait_result(MPI_Status *st)
{
    long pause_ns = 10000;
    for (int flag = 0;;) {
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, st);
        if (flag)
            return;
        struct timespec ts = {0, pause_ns};
        nanosleep(&ts, NULL);
        pause_ns = pause_ns * 2 > 1000000 ? 1000000 : pause_ns * 2;
    }
}

/* Wait for a worker's records (flushing the journal first if nothing has
 * arrived yet) and put them into their slots. */
static int receive(struct master *m, char *err)
{
    const struct mas_sweep_plan *p = m->p;
    MPI_Status st;
    int flag = 0, bytes, rc = MAS_OK;
    MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &st);
    if (!flag && m->dirty) {
        double t = now();
        rc = mas_journal_flush(m->j, err);
        m->last_flush = now();
        m->busy += m->last_flush - t;
        m->dirty = 0;
    }
    if (!flag)
        wait_result(&st);
    MPI_Get_count(&st, MPI_BYTE, &bytes);
    int w = st.MPI_SOURCE;
    if ((size_t)bytes > m->result_cap) {
        free(m->result);
        m->result_cap = (size_t)bytes;
        if (!(m->result = malloc(m->result_cap)))
            MPI_Abort(MPI_COMM_WORLD, 1);
    }
    MPI_Recv(m->result, bytes, MPI_BYTE, w, TAG_RESULT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    uint64_t first = m->busy_first[w], n = m->busy_count[w];
    if (n > 0) {
        m->busy_count[w] = 0;
        m->n_busy--;
        m->idle[m->n_idle++] = w;
    }
    if (rc == MAS_OK && (n == 0 || (uint64_t)bytes != n * p->record_size))
        rc = mas_fail(err, MAS_EIO, "rank %d sent %d bytes for %llu runs", w, bytes,
                      (unsigned long long)n);
    for (uint64_t k = 0; rc == MAS_OK && k < n; k++) {
        const char *rec = m->result + k * p->record_size;
        uint64_t run;
        memcpy(&run, rec, 8);
        if (run != first + k || !mas_record_valid(p, rec)) {
            rc = mas_fail(err, MAS_EIO, "rank %d sent a damaged record for run %llu", w,
                          (unsigned long long)(first + k));
            break;
        }
        memcpy(m->recs + (run % m->ring) * p->record_size, rec, p->record_size);
        m->ready[run % m->ring] = 1;
        /* A batch that finished ahead of an earlier one goes into the
         * journal now, at its place (a kill then loses only the runs in
         * flight; the gap before it is a hole that --resume fills). */
        if (run > m->next_write) {
            rc = mas_journal_put(m->j, run - p->first, rec, err);
            m->ready[run % m->ring] = 2;
        }
    }
    return rc;
}

/* Append the finished runs at the head of the ring to the journal, in run
 * order, flushing and syncing as sweep.c does. */
static int write_ready(struct master *m, char *err)
{
    const struct mas_sweep_plan *p = m->p;
    const struct mas_sweep_opts *o = m->o;
    int rc = MAS_OK;
    while (rc == MAS_OK && m->next_write < m->next_send && m->ready[m->next_write % m->ring]) {
        uint64_t slot = m->next_write % m->ring;
        double t = now();
        rc = m->ready[slot] == 2 ? mas_journal_skip(m->j, err)      /* written at arrival */
           : mas_journal_append(m->j, m->recs + slot * p->record_size, err);
        m->dirty = 1;
        if (rc == MAS_OK && t - m->last_sync > 2.0) {
            rc = mas_journal_sync(m->j, err);
            m->last_sync = m->last_flush = t;
            m->dirty = 0;
        } else if (rc == MAS_OK && t - m->last_flush > 0.2) {
            rc = mas_journal_flush(m->j, err);
            m->last_flush = t;
            m->dirty = 0;
        }
        m->busy += now() - t;
        if (o->progress && (t - m->last_note > 0.25 || m->next_write + 1 == m->end)) {
            o->progress(o->ctx, m->next_write + 1 - p->first, p->count, t - m->t0);
            m->last_note = t;
        }
        m->ready[slot] = 0;
        m->next_write++;
    }
    return rc;
}

/* Hand out runs [first + done, first + count) and write them; then stop
 * every worker.  *busy adds the seconds spent writing.  After a failure, the outstanding batches are still
 * received (so no worker is left blocked in a send) but not written. */
static int master(const struct mas_sweep_plan *p, const struct mas_sweep_opts *o,
                  struct mas_journal *j, uint64_t done, int n_workers, double *busy, char *err)
{
    struct master m = {.p = p, .o = o, .j = j, .n_workers = n_workers};
    m.next_send = m.next_write = p->first + done;
    m.end = p->first + p->count;
    m.t0 = m.last_sync = m.last_flush = now();
    int rc = mas_design_iter_new(p->design, m.next_send, &m.it, err);
    if (rc == MAS_OK)
        rc = master_alloc(&m, err);
    if (rc == MAS_OK)
        rc = dispatch(&m, err);
    while (m.n_busy > 0) {
        int r = receive(&m, err);
        if (rc == MAS_OK)
            rc = r;
        if (rc == MAS_OK)
            rc = write_ready(&m, err);
        if (rc == MAS_OK)
            rc = dispatch(&m, err);
    }
    if (rc == MAS_OK && m.next_write != m.end)
        rc = mas_fail(err, MAS_EIO, "internal error: %llu of %llu runs written",
                      (unsigned long long)(m.next_write - p->first), (unsigned long long)p->count);
    for (int w = 1; w <= n_workers; w++)
        MPI_Send(NULL, 0, MPI_BYTE, w, TAG_STOP, MPI_COMM_WORLD);
    master_free(&m);
    double t = now();
    rc = rc == MAS_OK ? mas_journal_sync(j, err) : rc;
    *busy = m.busy + now() - t;
    return rc;
}

/* ---- ranks 1..P-1 ---- */

/* Make *buf hold at least n bytes (a worker cannot go on without them). */
static void grow(char **buf, size_t *cap, size_t n)
{
    if (n <= *cap)
        return;
    free(*buf);
    *cap = n;
    if (!(*buf = malloc(n)))
        MPI_Abort(MPI_COMM_WORLD, 1);
}

/* Compute the batches rank 0 sends until it says stop. */
static void worker(const struct mas_sweep_plan *p)
{
    size_t n_axes = p->design->n_axes, in_cap = 0, out_cap = 0;
    char *in = NULL, *out = NULL;
    struct mas_sweep_worker *wk = mas_sweep_worker_new(p);     /* NULL: one per run */
    for (;;) {
        MPI_Status st;
        int bytes;
        MPI_Probe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &st);
        MPI_Get_count(&st, MPI_BYTE, &bytes);
        grow(&in, &in_cap, (size_t)bytes + 16);
        MPI_Recv(in, bytes, MPI_BYTE, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (st.MPI_TAG != TAG_TASK)
            break;
        uint64_t first, n;
        memcpy(&first, in, 8);
        memcpy(&n, in + 8, 8);
        if ((size_t)bytes != 16 + n * n_axes * sizeof(double))
            MPI_Abort(MPI_COMM_WORLD, 1);      /* a malformed task: a bug, not an input */
        grow(&out, &out_cap, n * p->record_size);
        const double *x = (const double *)(in + 16);
        for (uint64_t k = 0; k < n; k++)
            if (wk)
                mas_sweep_worker_compute(wk, first + k, x + k * n_axes, out + k * p->record_size);
            else
                mas_sweep_compute(p, first + k, x + k * n_axes, out + k * p->record_size);
        MPI_Send(out, (int)(n * p->record_size), MPI_BYTE, 0, TAG_RESULT, MPI_COMM_WORLD);
    }
    mas_sweep_worker_free(wk);
    free(in);
    free(out);
}

/* ---- the verb ---- */

static int replay(void *src, mas_take_fn *take, void *ctx, char *err)
{
    return mas_journal_replay(src, take, ctx, err);
}

/* Rank 0: compute through the workers, then write the sweep file. */
static int lead(const struct mas_sweep_plan *p, const struct mas_sweep_opts *o,
                struct mas_journal *j, uint64_t done, int size, double t0, char *err)
{
    if (o->progress && done)
        o->progress(o->ctx, done, p->count, 0.0);
    double busy = 0.0;
    int rc = master(p, o, j, done, size - 1, &busy, err);
    if (rc != MAS_OK)
        return rc;
    char sets[4096] = "";
    for (int i = 0; i < o->n_sets; i++)
        snprintf(sets + strlen(sets), sizeof sets - strlen(sets), "%s%s", i ? "; " : "", o->sets[i]);
    struct mas_sweep_info info = {o->command_line, sets, now() - t0, size - 1, busy};
    return mas_sweep_h5_write(p, replay, j, o->out, &info, err);
}

static int mpi_sweep(const struct mas_sweep_opts *o, char *err)
{
    int init = 0, rank = 0, size = 1;
    MPI_Initialized(&init);
    if (init) {
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    }
    if (size < 2)
        return mas_sweep(o, err);
    struct mas_sweep_plan p;
    memset(&p, 0, sizeof p);
    int rc = rank == 0 ? mas_output_path_ok(o->out, err) : MAS_OK;
    if (rc == MAS_OK && rank == 0)
        rc = mas_output_distinct(o->out, o->scenario, "the scenario", err);
    if (rc == MAS_OK)
        rc = mas_sweep_plan_init(&p, o->scenario, o->text, o->sets, o->n_sets, o->shard, o->n_shards, err);
    rc = agree(rc, err);
    if (rc == MAS_OK)
        rc = agree(same_plan(&p, err), err);
    double t0 = now();
    struct mas_journal *j = NULL;
    uint64_t done = 0;
    if (rc == MAS_OK) {
        if (rank == 0)
            rc = mas_journal_open(&p, o->out, o->resume, &j, &done, err);
        if (rank == 0 && rc == MAS_OK)
            rc = mas_sweep_fill_holes(&p, j, err);
        rc = agree(rc, err);
    }
    if (rc == MAS_OK) {
        MPI_Bcast(&done, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
        if (rank == 0)
            rc = lead(&p, o, j, done, size, t0, err);
        else
            worker(&p);
        rc = agree(rc, err);
    }
    mas_journal_close(j, rc == MAS_OK);
    mas_sweep_plan_free(&p);
    return rc;
}

static int mpi_start(int *argc, char ***argv, char *err)
{
    if (MPI_Init(argc, argv) != MPI_SUCCESS)
        return mas_fail(err, MAS_EIO, "cannot start MPI");
    return MAS_OK;
}

static void mpi_stop(void)
{
    int init = 0, done = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&done);
    if (init && !done)
        MPI_Finalize();
}

static int mpi_rank(void)
{
    int init = 0, rank = 0;
    MPI_Initialized(&init);
    if (init)
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

/* What massim looks up after loading the module (mpi_load.c). */
extern const struct mas_mpi_module mas_mpi_module;
const struct mas_mpi_module mas_mpi_module = {
    MAS_MPI_ABI, MAS_VERSION, sizeof(struct mas_sweep_opts),
    mpi_start, mpi_stop, mpi_rank, mpi_sweep,
};
