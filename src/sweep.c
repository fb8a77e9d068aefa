/*
 * sweep.c — `massim sweep` on one machine: -j N worker threads compute
 * runs; the calling thread hands out the design's points and writes the
 * finished runs in run order to the journal, through a ring of slots whose
 * size depends on N only (so memory does not grow with the number of
 * runs).  When every run is recorded, the journal becomes the HDF5 file.
 */
#include "sweep.h"
#include "massim.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { FREE = 0, READY, CLAIMED, DONE };

struct slot {
    int state;
    uint64_t run;
    double *x;
    char *rec;
};

struct pool {
    const struct mas_sweep_plan *p;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    struct slot *slots;
    size_t n_slots;
    uint64_t next_claim, next_fill, next_write, end;
    int stop;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void *worker(void *arg)
{
    struct pool *w = arg;
    struct mas_sweep_worker *wk = mas_sweep_worker_new(w->p);   /* NULL: one per run */
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        if (w->next_claim >= w->next_fill) {
            pthread_cond_wait(&w->work, &w->mu);
            continue;
        }
        struct slot *s = &w->slots[w->next_claim++ % w->n_slots];
        s->state = CLAIMED;
        pthread_mutex_unlock(&w->mu);
        if (wk)
            mas_sweep_worker_compute(wk, s->run, s->x, s->rec);
        else
            mas_sweep_compute(w->p, s->run, s->x, s->rec);
        pthread_mutex_lock(&w->mu);
        s->state = DONE;
        pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->mu);
    mas_sweep_worker_free(wk);
    return NULL;
}

/* Give free slots the next points of the design (called locked). */
static void fill(struct pool *w, struct mas_design_iter *it)
{
    int added = 0;
    while (w->next_fill < w->end && w->next_fill < w->next_write + w->n_slots) {
        struct slot *s = &w->slots[w->next_fill % w->n_slots];
        s->run = mas_design_iter_next(it, s->x);
        s->state = READY;
        w->next_fill++;
        added = 1;
    }
    if (added)
        pthread_cond_broadcast(&w->work);
}

/* Write finished runs in order until all are written; *busy adds the
 * seconds spent writing. */
static int write_loop(struct pool *w, struct mas_design_iter *it, struct mas_journal *j,
                      const struct mas_sweep_opts *o, double *busy, char *err)
{
    const struct mas_sweep_plan *p = w->p;
    double t0 = now(), last_sync = t0, last_flush = t0, last_note = 0;
    int rc = MAS_OK;
    pthread_mutex_lock(&w->mu);
    while (rc == MAS_OK && w->next_write < w->end) {
        fill(w, it);
        struct slot *s = &w->slots[w->next_write % w->n_slots];
        while (s->state != DONE)
            pthread_cond_wait(&w->done, &w->mu);
        pthread_mutex_unlock(&w->mu);
        double t = now();
        rc = mas_journal_append(j, s->rec, err);
        if (rc == MAS_OK && t - last_sync > 2.0) {
            rc = mas_journal_sync(j, err);
            last_sync = last_flush = t;
        } else if (rc == MAS_OK && t - last_flush > 0.2) {
            rc = mas_journal_flush(j, err);
            last_flush = t;
        }
        *busy += now() - t;
        if (o->progress && (t - last_note > 0.25 || w->next_write + 1 == w->end)) {
            o->progress(o->ctx, w->next_write + 1 - p->first, p->count, t - t0);
            last_note = t;
        }
        pthread_mutex_lock(&w->mu);
        s->state = FREE;
        w->next_write++;
    }
    w->stop = 1;
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->mu);
    double t = now();
    rc = rc == MAS_OK ? mas_journal_sync(j, err) : rc;
    *busy += now() - t;
    return rc;
}

static int alloc_slots(struct pool *w, int jobs, char *err)
{
    w->n_slots = (size_t)jobs * 4 + 4;
    w->slots = calloc(w->n_slots, sizeof *w->slots);
    for (size_t i = 0; w->slots && i < w->n_slots; i++) {
        w->slots[i].x = calloc(w->p->design->n_axes + 1, sizeof(double));
        w->slots[i].rec = malloc(w->p->record_size);
        if (!w->slots[i].x || !w->slots[i].rec)
            return mas_fail(err, MAS_EIO, "out of memory");
    }
    return w->slots ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
}

static void free_slots(struct pool *w)
{
    for (size_t i = 0; w->slots && i < w->n_slots; i++) {
        free(w->slots[i].x);
        free(w->slots[i].rec);
    }
    free(w->slots);
}

/* Compute runs [first + done, first + count) with `jobs` threads. */
static int compute(const struct mas_sweep_plan *p, uint64_t done, struct mas_journal *j,
                   const struct mas_sweep_opts *o, double *busy, char *err)
{
    struct pool w = {.p = p};
    w.next_claim = w.next_fill = w.next_write = p->first + done;
    w.end = p->first + p->count;
    if (w.next_write >= w.end)
        return MAS_OK;
    struct mas_design_iter *it = NULL;
    int rc = mas_design_iter_new(p->design, w.next_write, &it, err);
    if (rc == MAS_OK)
        rc = alloc_slots(&w, o->jobs, err);
    pthread_t th[256];
    int started = 0;
    pthread_mutex_init(&w.mu, NULL);
    pthread_cond_init(&w.work, NULL);
    pthread_cond_init(&w.done, NULL);
    for (; rc == MAS_OK && started < o->jobs; started++)
        if (pthread_create(&th[started], NULL, worker, &w) != 0)
            rc = mas_fail(err, MAS_EIO, "cannot start worker thread %d", started + 1);
    if (rc == MAS_OK) {
        rc = write_loop(&w, it, j, o, busy, err);
    } else {
        pthread_mutex_lock(&w.mu);
        w.stop = 1;
        pthread_cond_broadcast(&w.work);
        pthread_mutex_unlock(&w.mu);
    }
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    pthread_cond_destroy(&w.work);
    pthread_cond_destroy(&w.done);
    pthread_mutex_destroy(&w.mu);
    free_slots(&w);
    mas_design_iter_free(it);
    return rc;
}

static int replay(void *src, mas_take_fn *take, void *ctx, char *err)
{
    return mas_journal_replay(src, take, ctx, err);
}

int mas_sweep(const struct mas_sweep_opts *o, char *err)
{
    if (o->jobs < 1 || o->jobs > 256)
        return mas_fail(err, MAS_EINPUT, "-j %d: need 1 to 256 workers", o->jobs);
    int rc = mas_output_path_ok(o->out, err);
    if (rc == MAS_OK)
        rc = mas_output_distinct(o->out, o->scenario, "the scenario", err);
    if (rc != MAS_OK)
        return rc;
    struct mas_sweep_plan p;
    rc = mas_sweep_plan_init(&p, o->scenario, o->text, o->sets, o->n_sets, o->shard, o->n_shards, err);
    struct mas_journal *j = NULL;
    uint64_t done = 0;
    double t0 = now();
    if (rc == MAS_OK)
        rc = mas_journal_open(&p, o->out, o->resume, &j, &done, err);
    if (rc == MAS_OK)
        rc = mas_sweep_fill_holes(&p, j, err);
    if (rc == MAS_OK && o->progress && done)
        o->progress(o->ctx, done, p.count, 0.0);
    double busy = 0.0;
    if (rc == MAS_OK)
        rc = compute(&p, done, j, o, &busy, err);
    if (rc == MAS_OK) {
        char sets[4096] = "";
        for (int i = 0; i < o->n_sets; i++)
            snprintf(sets + strlen(sets), sizeof sets - strlen(sets), "%s%s", i ? "; " : "", o->sets[i]);
        struct mas_sweep_info info = {o->command_line, sets, now() - t0, o->jobs, busy};
        rc = mas_sweep_h5_write(&p, replay, j, o->out, &info, err);
    }
    mas_journal_close(j, rc == MAS_OK);
    mas_sweep_plan_free(&p);
    return rc;
}
