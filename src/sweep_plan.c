/*
 * sweep_plan.c — what every run of a sweep shares (the scenario, the
 * metrics and trajectories kept, this shard's runs, the record layout)
 * and the computation of one run into its journal record.
 */
#include "sweep.h"
#include "massim.h"
#include "outcomes.h"
#include "scenario_rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t mas_fnv1a64(const void *data, size_t n, uint64_t h)
{
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* The metric names and units, in the order mas_outcomes_compute() gives
 * them: computed on a two-point resting trajectory (the set of metrics
 * depends on the model only, not on the values). */
static int probe_metrics(struct mas_sweep_plan *p, char *err)
{
    struct mas_run *r = &p->base;
    size_t ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs + 1;
    double time[2] = {0.0, 1.0};
    double *y = calloc(2 * ns, sizeof *y), *obs = calloc(2 * no, sizeof *obs);
    if (!y || !obs) {
        free(y);
        free(obs);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    r->n_time = 2;
    r->time = time;
    r->y = y;
    r->obs = obs;
    mas_outcomes_compute(r, NAN);
    p->n_metrics = r->n_metrics;
    p->metric_names = calloc((size_t)r->n_metrics + 1, sizeof *p->metric_names);
    p->metric_units = calloc((size_t)r->n_metrics + 1, sizeof *p->metric_units);
    if (!p->metric_names || !p->metric_units) {
        r->n_time = 0;
        r->time = r->y = r->obs = NULL;
        free(y);
        free(obs);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    for (int i = 0; i < r->n_metrics; i++) {
        p->metric_names[i] = r->metrics[i].name;
        p->metric_units[i] = r->metrics[i].unit;
    }
    r->n_metrics = 0;
    r->n_time = 0;
    r->time = r->y = r->obs = NULL;
    free(y);
    free(obs);
    return MAS_OK;
}

/* The trajectories kept: variables, and sample times on the output grid. */
static int plan_trajectories(struct mas_sweep_plan *p, char *err)
{
    const struct mas_scenario *sc = &p->base.sc;
    if ((size_t)sc->n_trajectories > sizeof p->traj_var / sizeof p->traj_var[0])
        return mas_fail(err, MAS_EINPUT, "%s: at most 64 trajectories per sweep", sc->path);
    p->n_traj = sc->n_trajectories;
    for (int k = 0; k < p->n_traj; k++) {
        int s = mas_model_find_state(&p->base.model, sc->trajectories[k]);
        int o = mas_model_find_obs(&p->base.model, sc->trajectories[k]);
        if (s < 0 && o < 0)
            return mas_fail(err, MAS_EINPUT, "%s: no state or observable '%s'", sc->path,
                            sc->trajectories[k]);
        p->traj_var[k] = s >= 0 ? s : -(1 + o);
    }
    if (!p->n_traj)
        return MAS_OK;
    double oe = sc->output_every_day, span = sc->t_end_day - sc->t_start_day;
    double every = sc->trajectory_every_day > 0 ? sc->trajectory_every_day : oe;
    size_t steps = (size_t)floor(span / oe * (1.0 + 1e-12));
    p->traj_stride = (size_t)llround(every / oe);
    if (p->traj_stride < 1)
        p->traj_stride = 1;
    p->n_traj_times = steps / p->traj_stride + 1;
    p->traj_times = malloc(p->n_traj_times * sizeof *p->traj_times);
    if (!p->traj_times)
        return mas_fail(err, MAS_EIO, "out of memory");
    for (size_t j = 0; j < p->n_traj_times; j++)
        p->traj_times[j] = sc->t_start_day + (double)(j * p->traj_stride) * oe;
    return MAS_OK;
}

static int plan_shard(struct mas_sweep_plan *p, uint64_t shard, uint64_t n_shards, char *err)
{
    p->n_total = p->design->n_runs;
    p->first = 0;
    p->count = p->n_total;
    if (n_shards == 0)
        return MAS_OK;
    if (shard >= n_shards || n_shards > p->n_total)
        return mas_fail(err, MAS_EINPUT, "--shard %llu/%llu: need 0 <= I < N <= %llu (the runs)",
                        (unsigned long long)shard, (unsigned long long)n_shards,
                        (unsigned long long)p->n_total);
    unsigned __int128 n = p->n_total;
    p->first = (uint64_t)(n * shard / n_shards);
    p->count = (uint64_t)(n * (shard + 1) / n_shards) - p->first;
    return MAS_OK;
}

int mas_sweep_plan_init(struct mas_sweep_plan *p, const char *scenario, const char *text,
                        const char *const *sets, int n_sets, uint64_t shard, uint64_t n_shards,
                        char *err)
{
    memset(p, 0, sizeof *p);
    if (n_sets > 64)
        return mas_fail(err, MAS_EINPUT, "at most 64 --set assignments");
    p->sets = sets;
    p->n_sets = n_sets;
    int rc = mas_run_prepare_text(&p->base, scenario, text, sets, n_sets, err);
    if (rc != MAS_OK)
        return rc;
    if (!p->base.sc.sweep)
        return mas_fail(err, MAS_EINPUT, "%s: no sweep: section (massim sweep needs one; "
                        "docs/sweeps.md)", scenario);
    p->design = p->base.sc.sweep;
    if ((rc = plan_shard(p, shard, n_shards, err)) != MAS_OK ||
        (rc = probe_metrics(p, err)) != MAS_OK || (rc = plan_trajectories(p, err)) != MAS_OK)
        return rc;
    p->record_size = 8 + 4 + 4 + 8 * (p->design->n_axes + (size_t)p->n_metrics)
                   + MAS_SWEEP_MSG_LEN + 8 * (size_t)p->n_traj * p->n_traj_times + 8;
    p->scenario_hash = mas_fnv1a64(p->base.sc.text, strlen(p->base.sc.text), MAS_FNV_OFFSET);
    for (int i = 0; i < n_sets; i++)
        p->scenario_hash = mas_fnv1a64(sets[i], strlen(sets[i]) + 1, p->scenario_hash);
    return MAS_OK;
}

void mas_sweep_plan_free(struct mas_sweep_plan *p)
{
    mas_run_free(&p->base);
    free(p->traj_times);
    free(p->metric_names);
    free(p->metric_units);
    memset(p, 0, sizeof *p);
}

void mas_record_view(const struct mas_sweep_plan *p, void *rec, struct mas_record_view *v)
{
    char *b = rec;
    v->run = (uint64_t *)b;
    v->status = (int32_t *)(b + 8);
    v->inputs = (double *)(b + 16);
    v->metrics = v->inputs + p->design->n_axes;
    v->message = (char *)(v->metrics + p->n_metrics);
    v->traj = (double *)(v->message + MAS_SWEEP_MSG_LEN);
    v->checksum = (uint64_t *)(b + p->record_size - 8);
}

void mas_record_seal(const struct mas_sweep_plan *p, void *rec)
{
    uint64_t h = mas_fnv1a64(rec, p->record_size - 8, MAS_FNV_OFFSET);
    memcpy((char *)rec + p->record_size - 8, &h, 8);
}

int mas_record_valid(const struct mas_sweep_plan *p, const void *rec)
{
    uint64_t h = mas_fnv1a64(rec, p->record_size - 8, MAS_FNV_OFFSET), stored;
    memcpy(&stored, (const char *)rec + p->record_size - 8, 8);
    return h == stored;
}

/* Copy the kept trajectories of a finished run into the record. */
static void keep_trajectories(const struct mas_sweep_plan *p, const struct mas_run *r, double *traj)
{
    size_t ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs;
    for (int k = 0; k < p->n_traj; k++)
        for (size_t j = 0; j < p->n_traj_times; j++) {
            size_t t = j * p->traj_stride;
            int v = p->traj_var[k];
            traj[(size_t)k * p->n_traj_times + j] =
                t >= r->n_time ? NAN : v >= 0 ? r->y[t * ns + (size_t)v] : r->obs[t * no + (size_t)(-v - 1)];
        }
}

/* ---- the worker: one run after another, nothing rebuilt ------------------- */

/* What a worker keeps: a run set up once from the plan's scenario text and
 * --set list (model, sparsity pattern, scenario, resolved names, the
 * solver with KLU's analysis, the output storage), the axes resolved to
 * scenario paths, and the scenario's values before the axes, restored
 * before each run. */
struct mas_sweep_worker {
    const struct mas_sweep_plan *p;
    struct mas_run r;
    struct mas_path *paths;              /* one per axis */
    /* the scenario before the axes: its values (a shallow copy; the
     * pointers in it are r.sc's), and copies of the lists */
    struct mas_scenario before;
    struct mas_regimen *regimens;        /* r.sc.n_regimens */
    struct mas_override *overrides;      /* n_overrides */
    int n_overrides;
    int failed;                          /* set-up failed: every run fails with err */
    char err[MAS_ERR_LEN];
};

static int worker_setup(struct mas_sweep_worker *w, char *err)
{
    const struct mas_sweep_plan *p = w->p;
    const struct mas_design *d = p->design;
    int rc = mas_run_setup(&w->r, p->base.sc.path, p->base.sc.text, p->sets, p->n_sets, err);
    if (rc != MAS_OK)
        return rc;
    struct mas_scenario *sc = &w->r.sc;
    w->paths = calloc(d->n_axes ? d->n_axes : 1, sizeof *w->paths);
    if (!w->paths)
        return mas_fail(err, MAS_EIO, "out of memory");
    char msg[MAS_ERR_LEN];
    for (size_t a = 0; a < d->n_axes; a++) {
        if (mas_path_resolve(sc, &w->r.model, d->axes[a].path, &w->paths[a], msg) != MAS_OK)
            return mas_fail(err, MAS_EINPUT, "sweep axis %s: %s", d->axes[a].path, msg);
        /* A parameter axis overrides in every run: its entry is made now
         * (any valid value; each run sets its own), so that no run grows
         * the list. */
        if (w->paths[a].kind == MAS_PATH_PARAM) {
            int q = w->paths[a].param;
            if (mas_path_apply(sc, &w->r.model, &w->paths[a], w->r.p_base[q], msg) != MAS_OK)
                return mas_fail(err, MAS_EINPUT, "sweep axis %s: %s", d->axes[a].path, msg);
        }
    }
    w->before = *sc;
    size_t nr = (size_t)sc->n_regimens, no = (size_t)sc->n_overrides;
    w->regimens = malloc((nr ? nr : 1) * sizeof *w->regimens);
    w->overrides = malloc((no ? no : 1) * sizeof *w->overrides);
    if (!w->regimens || !w->overrides)
        return mas_fail(err, MAS_EIO, "out of memory");
    if (nr)
        memcpy(w->regimens, sc->regimens, nr * sizeof *w->regimens);
    if (no)
        memcpy(w->overrides, sc->overrides, no * sizeof *w->overrides);
    w->n_overrides = sc->n_overrides;
    return MAS_OK;
}

struct mas_sweep_worker *mas_sweep_worker_new(const struct mas_sweep_plan *p)
{
    struct mas_sweep_worker *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->p = p;
    w->failed = worker_setup(w, w->err) != MAS_OK;
    return w;
}

void mas_sweep_worker_free(struct mas_sweep_worker *w)
{
    if (!w)
        return;
    mas_run_free(&w->r);
    free(w->paths);
    free(w->regimens);
    free(w->overrides);
    free(w);
}

/* The scenario as before the axes, then this run's values on them (the
 * axes win over --set, as `massim run --set` would apply them last). */
static int apply_axes(struct mas_sweep_worker *w, const double *x, char *err)
{
    struct mas_scenario *sc = &w->r.sc;
    /* every value as it was (whatever field an axis may name), the lists'
     * contents, and the scratch as it is now */
    struct mas_scenario now = *sc;
    *sc = w->before;
    sc->scratch_regimens = now.scratch_regimens;
    sc->scratch_doses = now.scratch_doses;
    sc->scratch_doses_cap = now.scratch_doses_cap;
    if (sc->n_regimens)
        memcpy(sc->regimens, w->regimens, (size_t)sc->n_regimens * sizeof *sc->regimens);
    if (w->n_overrides)
        memcpy(sc->overrides, w->overrides, (size_t)w->n_overrides * sizeof *sc->overrides);
    sc->n_overrides = w->n_overrides;
    char msg[MAS_ERR_LEN];
    for (size_t a = 0; a < w->p->design->n_axes; a++) {
        int rc = mas_path_apply(sc, &w->r.model, &w->paths[a], x[a], msg);
        if (rc != MAS_OK)
            return mas_fail(err, rc, "--set %s=%.17g: %s", w->paths[a].name, x[a], msg);
    }
    return MAS_OK;
}

void mas_sweep_worker_compute(struct mas_sweep_worker *w, uint64_t run, const double *x,
                              void *rec)
{
    const struct mas_sweep_plan *p = w->p;
    struct mas_record_view v;
    memset(rec, 0, p->record_size);
    mas_record_view(p, rec, &v);
    *v.run = run;
    memcpy(v.inputs, x, p->design->n_axes * sizeof *x);
    for (int m = 0; m < p->n_metrics; m++)
        v.metrics[m] = NAN;
    for (size_t i = 0; i < (size_t)p->n_traj * p->n_traj_times; i++)
        v.traj[i] = NAN;
    char err[MAS_ERR_LEN];
    struct mas_run *r = &w->r;
    int rc = w->failed ? mas_fail(err, MAS_EINPUT, "%s", w->err) : apply_axes(w, x, err);
    if (rc == MAS_OK)
        rc = mas_run_instantiate(r, err);
    if (rc == MAS_OK)
        rc = mas_run_execute(r, err);
    if (rc == MAS_OK && r->n_metrics != p->n_metrics)
        rc = mas_fail(err, MAS_EIO, "run %llu: %d metrics, the plan has %d",
                      (unsigned long long)run, r->n_metrics, p->n_metrics);
    if (rc == MAS_OK) {
        for (int m = 0; m < p->n_metrics; m++)
            v.metrics[m] = r->metrics[m].value;
        keep_trajectories(p, r, v.traj);
    } else {
        *v.status = rc == MAS_ESOLVER ? MAS_RUN_SOLVER_FAILED : MAS_RUN_INPUT_FAILED;
    }
    /* The message: why a run failed, then its warnings, "; "-joined (a
     * successful run's warnings alone); cut with "…" when too long.  A
     * failure without warnings is kept as before: its first 191 bytes. */
    if (!w->failed && (r->warnings.n || r->warnings.lost)) {
        mas_warnings_join(&r->warnings, rc == MAS_OK ? NULL : err, v.message, MAS_SWEEP_MSG_LEN);
    } else if (rc != MAS_OK) {
        size_t len = strnlen(err, MAS_SWEEP_MSG_LEN - 1);
        memcpy(v.message, err, len);
        v.message[len] = '\0';
    }
    mas_record_seal(p, rec);
}

void mas_sweep_compute(const struct mas_sweep_plan *p, uint64_t run, const double *x, void *rec)
{
    struct mas_sweep_worker *w = mas_sweep_worker_new(p);
    if (w) {
        mas_sweep_worker_compute(w, run, x, rec);
        mas_sweep_worker_free(w);
        return;
    }
    struct mas_record_view v;                /* no memory for a worker */
    memset(rec, 0, p->record_size);
    mas_record_view(p, rec, &v);
    *v.run = run;
    memcpy(v.inputs, x, p->design->n_axes * sizeof *x);
    *v.status = MAS_RUN_INPUT_FAILED;
    snprintf(v.message, MAS_SWEEP_MSG_LEN, "out of memory");
    mas_record_seal(p, rec);
}

int mas_sweep_fill_holes(const struct mas_sweep_plan *p, struct mas_journal *j, char *err)
{
    const uint64_t *holes;
    size_t n = mas_journal_holes(j, &holes);
    if (n == 0)
        return MAS_OK;
    fprintf(stderr, "massim: warning: %zu damaged or missing record%s in the journal (run%s "
            "%llu%s): computed again\n", n, n == 1 ? "" : "s", n == 1 ? "" : "s",
            (unsigned long long)(p->first + holes[0]), n > 1 ? ", ..." : "");
    struct mas_sweep_worker *w = mas_sweep_worker_new(p);
    char *rec = malloc(p->record_size);
    double *x = calloc(p->design->n_axes + 1, sizeof *x);
    int rc = w && rec && x ? MAS_OK : mas_fail(err, MAS_EIO, "out of memory");
    for (size_t i = 0; rc == MAS_OK && i < n; i++) {
        struct mas_design_iter *it = NULL;
        rc = mas_design_iter_new(p->design, p->first + holes[i], &it, err);
        if (rc == MAS_OK) {
            uint64_t run = mas_design_iter_next(it, x);
            mas_sweep_worker_compute(w, run, x, rec);
            rc = mas_journal_put(j, holes[i], rec, err);
        }
        mas_design_iter_free(it);
    }
    free(x);
    free(rec);
    mas_sweep_worker_free(w);
    return rc;
}
