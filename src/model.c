/*
 * model.c — assemble the registered modules (models/registry.c) into one
 * ODE system: global state, parameter and observable vectors, each module's
 * slice found by an offset, and every name a module `uses` resolved to a
 * global index once, here.  The right-hand side and Jacobian then only walk
 * arrays.  Interface: model.h.
 */
#include "model.h"
#include "massim.h"

#include <gsl/gsl_errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int count_uses(const struct mas_module *const *mods, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += mods[i]->n_states + mods[i]->n_uses;
    return k;
}

static int count_uses_params(const struct mas_module *const *mods, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += mods[i]->n_uses_params;
    return k;
}

/* Every slot of a module's tables filled.  The tables are bound to their
 * enums by designated initialisers ([P_X] = {...}); a row left out leaves a
 * hole of zeros inside the table (the static asserts catch one left out at
 * the end), seen here as a NULL name.  Run before any name is compared. */
static int check_tables(const struct mas_module *const *mods, int n, char *err)
{
    for (int i = 0; i < n; i++) {
        const struct mas_module *mod = mods[i];
        if (!mod || !mod->name)
            return mas_fail(err, MAS_EINPUT, "module %d of the registry has no name", i);
        const char *mn = mod->name;
        if (mod->n_states < 0 || mod->n_params < 0 || mod->n_uses < 0 || mod->n_obs < 0
            || mod->n_uses_params < 0 || mod->n_drugs < 0
            || (mod->n_states && !mod->states) || (mod->n_params && !mod->params)
            || (mod->n_uses && !mod->uses) || (mod->n_obs && !mod->observables)
            || (mod->n_uses_params && !mod->uses_params) || (mod->n_drugs && !mod->drugs))
            return mas_fail(err, MAS_EINPUT, "module '%s': a table count does not match its table", mn);
        for (int k = 0; k < mod->n_states; k++) {
            const struct mas_state_def *d = &mod->states[k];
            if (!d->name)
                return mas_fail(err, MAS_EINPUT, "module '%s': state %d has no entry", mn, k);
            if (!d->unit || !d->doc)
                return mas_fail(err, MAS_EINPUT, "module '%s': state %d ('%s') has no %s",
                                mn, k, d->name, d->unit ? "description" : "unit");
            if (!isfinite(d->initial))
                return mas_fail(err, MAS_EINPUT, "module '%s': state '%s' has no finite initial value",
                                mn, d->name);
        }
        for (int k = 0; k < mod->n_params; k++) {
            const struct mas_param_def *d = &mod->params[k];
            const char *expected;
            if (!d->name)
                return mas_fail(err, MAS_EINPUT, "module '%s': parameter %d has no entry", mn, k);
            if (!d->unit || !d->source)
                return mas_fail(err, MAS_EINPUT, "module '%s': parameter %d ('%s') has no %s",
                                mn, k, d->name, d->unit ? "source" : "unit");
            if ((unsigned)d->range > MAS_RANGE_BODY_HEIGHT)
                return mas_fail(err, MAS_EINPUT, "module '%s': parameter '%s' has no valid range",
                                mn, d->name);
            if (!mas_param_value_ok(d, d->value, &expected))
                return mas_fail(err, MAS_EINPUT, "module '%s': parameter '%s' = %g is not %s",
                                mn, d->name, d->value, expected);
        }
        for (int k = 0; k < mod->n_uses; k++)
            if (!mod->uses[k])
                return mas_fail(err, MAS_EINPUT, "module '%s': uses %d has no entry", mn, k);
        for (int k = 0; k < mod->n_uses_params; k++)
            if (!mod->uses_params[k])
                return mas_fail(err, MAS_EINPUT, "module '%s': uses_params %d has no entry", mn, k);
        for (int k = 0; k < mod->n_obs; k++) {
            const struct mas_obs_def *d = &mod->observables[k];
            if (!d->name)
                return mas_fail(err, MAS_EINPUT, "module '%s': observable %d has no entry", mn, k);
            if (!d->unit || !d->doc)
                return mas_fail(err, MAS_EINPUT, "module '%s': observable %d ('%s') has no %s",
                                mn, k, d->name, d->unit ? "description" : "unit");
        }
        for (int k = 0; k < mod->n_drugs; k++)
            if (!mod->drugs[k].name)
                return mas_fail(err, MAS_EINPUT, "module '%s': drug %d has no name", mn, k);
    }
    return MAS_OK;
}

/* Every drug name unique; every route of a drug names a state of the model
 * with the unit the dosing code writes into it (mg for a bolus or a depot,
 * mg/d for an infusion rate, 1 for a procedure; mL and mL/d for a blood
 * product dosed by volume, which has no SC or oral route).  Checked here,
 * at initialisation, not when a scenario first doses the route. */
static int check_drugs(const struct mas_model *m, char *err)
{
    static const char *const field[] = {"iv_state", "infusion_state", "sc_state", "oral_state",
                                        "procedure_state"};
    static const char *const unit[] = {"mg", "mg/d", "mg", "mg", "1"};
    static const char *const volume_unit[] = {"mL", "mL/d", NULL, NULL, NULL};
    for (int i = 0; i < m->n_mods; i++) {
        const struct mas_module *mod = m->mods[i];
        for (int k = 0; k < mod->n_drugs; k++) {
            const struct mas_drug *d = &mod->drugs[k];
            for (int j = 0; j <= i; j++)
                for (int q = 0; q < (j < i ? m->mods[j]->n_drugs : k); q++)
                    if (strcmp(m->mods[j]->drugs[q].name, d->name) == 0)
                        return mas_fail(err, MAS_EINPUT, "drug '%s' is defined twice (modules '%s' and '%s')",
                                        d->name, m->mods[j]->name, mod->name);
            const char *const state[] = {d->iv_state, d->infusion_state, d->sc_state, d->oral_state,
                                         d->procedure_state};
            int routes = 0, by_volume = d->amount_unit != NULL;
            if (by_volume && strcmp(d->amount_unit, "mL") != 0)
                return mas_fail(err, MAS_EINPUT, "module '%s': drug '%s': amount_unit '%s' "
                                "(only mL, or none for mg)", mod->name, d->name, d->amount_unit);
            for (size_t r = 0; r < sizeof field / sizeof field[0]; r++) {
                if (!state[r])
                    continue;
                routes++;
                const char *want = by_volume ? volume_unit[r] : unit[r];
                if (!want)
                    return mas_fail(err, MAS_EINPUT, "module '%s': drug '%s' is dosed by volume: "
                                    "it has no %s", mod->name, d->name, field[r]);
                int s = mas_model_find_state(m, state[r]);
                if (s < 0)
                    return mas_fail(err, MAS_EINPUT, "module '%s': drug '%s': %s '%s' is not a state of the model",
                                    mod->name, d->name, field[r], state[r]);
                if (strcmp(mas_model_state(m, s)->unit, want) != 0)
                    return mas_fail(err, MAS_EINPUT, "module '%s': drug '%s': %s '%s' is in %s, not %s",
                                    mod->name, d->name, field[r], state[r], mas_model_state(m, s)->unit,
                                    want);
            }
            if (routes == 0)
                return mas_fail(err, MAS_EINPUT, "module '%s': drug '%s' has no route", mod->name, d->name);
        }
    }
    return MAS_OK;
}

/* Every state, parameter and observable name must be unique model-wide. */
static int check_unique(const struct mas_model *m, char *err)
{
    for (int i = 0; i < m->n_states; i++) {
        int j = mas_model_find_state(m, mas_model_state(m, i)->name);
        if (j != i)
            return mas_fail(err, MAS_EINPUT, "state '%s' is defined twice (modules '%s' and '%s')",
                            mas_model_state(m, i)->name, m->mods[mas_model_state_module(m, j)]->name,
                            m->mods[mas_model_state_module(m, i)]->name);
    }
    for (int i = 0; i < m->n_params; i++) {
        int j = mas_model_find_param(m, mas_model_param(m, i)->name);
        if (j != i)
            return mas_fail(err, MAS_EINPUT, "parameter '%s' is defined twice (modules '%s' and '%s')",
                            mas_model_param(m, i)->name, m->mods[mas_model_param_module(m, j)]->name,
                            m->mods[mas_model_param_module(m, i)]->name);
    }
    for (int i = 0; i < m->n_obs; i++)
        if (mas_model_find_obs(m, mas_model_obs(m, i)->name) != i
            || mas_model_find_state(m, mas_model_obs(m, i)->name) >= 0)
            return mas_fail(err, MAS_EINPUT, "observable '%s' is defined twice",
                            mas_model_obs(m, i)->name);
    return MAS_OK;
}

static int resolve_uses(struct mas_model *m, char *err)
{
    int *ix = m->ix;
    const double **up = m->up;
    for (int i = 0; i < m->n_mods; i++) {
        const struct mas_module *mod = m->mods[i];
        m->ctx[i].up = up;
        for (int k = 0; k < mod->n_uses_params; k++) {
            int q = mas_model_find_param(m, mod->uses_params[k]);
            if (q < 0)
                return mas_fail(err, MAS_EINPUT, "module '%s' uses unknown parameter '%s'",
                                mod->name, mod->uses_params[k]);
            *up++ = &m->p[q];
        }
        m->ctx[i].ix = ix;
        m->ctx[i].p = m->p + m->param_off[i];
        m->ctx[i].n = m->n_states;
        for (int k = 0; k < mod->n_states; k++)
            *ix++ = m->state_off[i] + k;
        for (int k = 0; k < mod->n_uses; k++) {
            int s = mas_model_find_state(m, mod->uses[k]);
            if (s < 0)
                return mas_fail(err, MAS_EINPUT, "module '%s' uses unknown state '%s'",
                                mod->name, mod->uses[k]);
            *ix++ = s;
        }
    }
    return MAS_OK;
}

int mas_model_init(struct mas_model *m, char *err)
{
    return mas_model_init_modules(m, mas_modules, mas_n_modules, err);
}

/* ---- the Jacobian's sparsity pattern --------------------------------------- */

/* A probe state: the initial state with each value scaled by a factor
 * exp(u), u uniform in (-2, 2), and zeros (drug depots, absent pathogen)
 * replaced by values up to 1, so that every term that multiplies a state
 * is active.  A fixed linear congruential sequence: the same probes on
 * every machine. */
static void probe_state(const struct mas_model *m, double *y, unsigned long *seed)
{
    mas_model_initial(m, y);
    for (int i = 0; i < m->n_states; i++) {
        *seed = *seed * 6364136223846793005UL + 1442695040888963407UL;
        double u = (double)(*seed >> 11) / 9007199254740992.0;     /* [0, 1) */
        y[i] = y[i] != 0.0 ? y[i] * exp(4.0 * u - 2.0) : 0.05 + u;
    }
}

/* The pattern is every entry the modules' Jacobians write (MAS_J marks
 * it) at the resting state and at PROBES probe states, plus the diagonal
 * (which the stiff solver's matrix I/(h gamma) - J has anyway).  An entry
 * a Jacobian writes only on a branch none of the probes took is caught
 * when it happens (mas_model_jac_sparse), and the test suite compares the
 * sparse and dense Jacobians along every scenario. */
#define PROBES 8
static int build_sparsity(struct mas_model *m, char *err)
{
    size_t n = (size_t)m->n_states;
    unsigned char *mark = calloc(n * n, 1);
    double *J = calloc(n * n, sizeof *J), *y = calloc(n, sizeof *y), *dfdt = calloc(n, sizeof *dfdt);
    struct mas_ctx *mctx = calloc((size_t)m->n_mods, sizeof *mctx);
    m->colptr = calloc(n + 1, sizeof *m->colptr);
    m->slot = malloc(n * n * sizeof *m->slot);
    m->sctx = calloc((size_t)m->n_mods, sizeof *m->sctx);
    int rc = MAS_OK;
    if (!mark || !J || !y || !dfdt || !mctx || !m->colptr || !m->slot || !m->sctx) {
        rc = mas_fail(err, MAS_EIO, "out of memory");
        goto done;
    }
    for (int i = 0; i < m->n_mods; i++) {
        mctx[i] = m->ctx[i];
        mctx[i].mark = mark;
    }
    unsigned long seed = 20261203UL;
    for (int probe = 0; probe <= PROBES; probe++) {
        if (probe == 0)
            mas_model_initial(m, y);
        else
            probe_state(m, y, &seed);
        double t = probe == 0 ? 0.0 : 3.0 * probe;
        for (int i = 0; i < m->n_mods; i++)
            if (m->mods[i]->jac)
                m->mods[i]->jac(&mctx[i], t, y, J);
    }
    for (size_t i = 0; i < n; i++)
        mark[i * n + i] = 1;
    size_t nnz = 0;
    for (size_t k = 0; k < n * n; k++)
        nnz += mark[k];
    m->rowind = malloc(nnz * sizeof *m->rowind);
    if (!m->rowind) {
        rc = mas_fail(err, MAS_EIO, "out of memory");
        goto done;
    }
    for (size_t k = 0; k < n * n; k++)
        m->slot[k] = (int)nnz;                   /* outside: the scratch value */
    int at = 0;
    for (size_t j = 0; j < n; j++) {
        m->colptr[j] = at;
        for (size_t i = 0; i < n; i++)
            if (mark[i * n + j]) {
                m->rowind[at] = (int)i;
                m->slot[i * n + j] = at++;
            }
    }
    m->colptr[n] = at;
    m->nnz = at;
    for (int i = 0; i < m->n_mods; i++) {
        m->sctx[i] = m->ctx[i];
        m->sctx[i].slot = m->slot;
    }
done:
    free(mark);
    free(J);
    free(y);
    free(dfdt);
    free(mctx);
    return rc;
}

int mas_model_jac_sparse(double t, const double y[], double *values, double dfdt[], void *model)
{
    const struct mas_model *m = model;
    memset(values, 0, ((size_t)m->nnz + 1) * sizeof *values);
    memset(dfdt, 0, (size_t)m->n_states * sizeof *dfdt);
    for (int i = 0; i < m->n_mods; i++)
        if (m->mods[i]->jac)
            m->mods[i]->jac(&m->sctx[i], t, y, values);
    return values[m->nnz] == 0.0 ? GSL_SUCCESS : MAS_JAC_OUTSIDE_PATTERN;
}

int mas_model_init_modules(struct mas_model *m, const struct mas_module *const *mods, int n, char *err)
{
    memset(m, 0, sizeof *m);
    if (!mods || n <= 0)
        return mas_fail(err, MAS_EINPUT, "no modules");
    int rc = check_tables(mods, n, err);
    if (rc != MAS_OK)
        return rc;
    m->mods = mods;
    m->n_mods = n;
    m->state_off = calloc((size_t)m->n_mods, sizeof *m->state_off);
    m->param_off = calloc((size_t)m->n_mods, sizeof *m->param_off);
    m->obs_off = calloc((size_t)m->n_mods, sizeof *m->obs_off);
    m->ctx = calloc((size_t)m->n_mods, sizeof *m->ctx);
    m->ix = calloc((size_t)count_uses(m->mods, m->n_mods) + 1, sizeof *m->ix);
    m->up = calloc((size_t)count_uses_params(m->mods, m->n_mods) + 1, sizeof *m->up);
    if (!m->state_off || !m->param_off || !m->obs_off || !m->ctx || !m->ix || !m->up) {
        mas_model_free(m);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    for (int i = 0; i < m->n_mods; i++) {
        m->state_off[i] = m->n_states;
        m->param_off[i] = m->n_params;
        m->obs_off[i] = m->n_obs;
        m->n_states += m->mods[i]->n_states;
        m->n_params += m->mods[i]->n_params;
        m->n_obs += m->mods[i]->n_obs;
    }
    m->p = calloc((size_t)m->n_params + 1, sizeof *m->p);
    if (!m->p) {
        mas_model_free(m);
        return mas_fail(err, MAS_EIO, "out of memory");
    }
    for (int i = 0; i < m->n_params; i++)
        m->p[i] = mas_model_param(m, i)->value;
    rc = check_unique(m, err);
    if (rc == MAS_OK)
        rc = check_drugs(m, err);
    if (rc == MAS_OK)
        rc = resolve_uses(m, err);
    if (rc == MAS_OK)
        rc = build_sparsity(m, err);
    if (rc != MAS_OK)
        mas_model_free(m);
    return rc;
}

void mas_model_free(struct mas_model *m)
{
    free(m->state_off);
    free(m->param_off);
    free(m->obs_off);
    free(m->ctx);
    free(m->ix);
    free(m->up);
    free(m->p);
    free(m->colptr);
    free(m->rowind);
    free(m->slot);
    free(m->sctx);
    memset(m, 0, sizeof *m);
}

/* Which module owns global index i of a vector laid out by `off`/`count`. */
static int owner(const struct mas_model *m, const int *off, int i, int total)
{
    if (i < 0 || i >= total)
        return -1;
    int k = m->n_mods - 1;
    while (k > 0 && off[k] > i)
        k--;
    return k;
}

int mas_model_state_module(const struct mas_model *m, int i)
{
    return owner(m, m->state_off, i, m->n_states);
}

int mas_model_param_module(const struct mas_model *m, int i)
{
    return owner(m, m->param_off, i, m->n_params);
}

static int obs_module(const struct mas_model *m, int i)
{
    return owner(m, m->obs_off, i, m->n_obs);
}

const struct mas_state_def *mas_model_state(const struct mas_model *m, int i)
{
    int k = mas_model_state_module(m, i);
    return k < 0 ? NULL : &m->mods[k]->states[i - m->state_off[k]];
}

const struct mas_param_def *mas_model_param(const struct mas_model *m, int i)
{
    int k = mas_model_param_module(m, i);
    return k < 0 ? NULL : &m->mods[k]->params[i - m->param_off[k]];
}

const struct mas_obs_def *mas_model_obs(const struct mas_model *m, int i)
{
    int k = obs_module(m, i);
    return k < 0 ? NULL : &m->mods[k]->observables[i - m->obs_off[k]];
}

int mas_model_find_state(const struct mas_model *m, const char *name)
{
    for (int i = 0; i < m->n_states; i++)
        if (strcmp(mas_model_state(m, i)->name, name) == 0)
            return i;
    return -1;
}

int mas_model_find_param(const struct mas_model *m, const char *name)
{
    for (int i = 0; i < m->n_params; i++)
        if (strcmp(mas_model_param(m, i)->name, name) == 0)
            return i;
    return -1;
}

int mas_model_find_obs(const struct mas_model *m, const char *name)
{
    for (int i = 0; i < m->n_obs; i++)
        if (strcmp(mas_model_obs(m, i)->name, name) == 0)
            return i;
    return -1;
}

int mas_model_find_var(const struct mas_model *m, const char *name, int *is_obs)
{
    int i = mas_model_find_state(m, name);
    if (i >= 0) {
        if (is_obs)
            *is_obs = 0;
        return i;
    }
    i = mas_model_find_obs(m, name);
    if (is_obs)
        *is_obs = i >= 0;
    return i;
}

int mas_model_find_module(const struct mas_model *m, const char *name)
{
    for (int i = 0; i < m->n_mods; i++)
        if (strcmp(m->mods[i]->name, name) == 0)
            return i;
    return -1;
}

/* Names by index, for the suggestions below. */
static const char *param_name(const struct mas_model *m, int i)
{
    return mas_model_param(m, i)->name;
}

static const char *var_name(const struct mas_model *m, int i)
{
    return i < m->n_states ? mas_model_state(m, i)->name : mas_model_obs(m, i - m->n_states)->name;
}

/* The closest of names 0..n-1 to `name`, fewer than `limit` edits away
 * (mas_edit_distance, util.c), or NULL. */
static const char *closest(const struct mas_model *m, const char *name, int n,
                           const char *(*name_of)(const struct mas_model *, int), int limit)
{
    const char *best = NULL;
    for (int i = 0; i < n; i++) {
        const char *cand = name_of(m, i);
        int dist = mas_edit_distance(name, cand);
        if (dist < limit) {
            limit = dist;
            best = cand;
        }
    }
    return best;
}

/* The closest parameter name within 3 edits. */
const char *mas_model_suggest_param(const struct mas_model *m, const char *name)
{
    return closest(m, name, m->n_params, param_name, 4);
}

const char *mas_model_suggest_state(const struct mas_model *m, const char *name)
{
    return closest(m, name, m->n_states, var_name, 4);    /* states come first */
}

const char *mas_model_suggest_var(const struct mas_model *m, const char *name)
{
    return closest(m, name, m->n_states + m->n_obs, var_name, strlen(name) <= 4 ? 3 : 4);
}

const struct mas_drug *mas_model_find_drug(const struct mas_model *m, const char *name)
{
    for (int i = 0; i < m->n_mods; i++)
        for (int k = 0; k < m->mods[i]->n_drugs; k++)
            if (strcmp(m->mods[i]->drugs[k].name, name) == 0)
                return &m->mods[i]->drugs[k];
    return NULL;
}

const char *mas_model_suggest_drug(const struct mas_model *m, const char *name)
{
    const char *best = NULL;
    int best_d = 4;
    for (int i = 0; i < m->n_mods; i++) {
        for (int k = 0; k < m->mods[i]->n_drugs; k++) {
            int dist = mas_edit_distance(name, m->mods[i]->drugs[k].name);
            if (dist < best_d) {
                best_d = dist;
                best = m->mods[i]->drugs[k].name;
            }
        }
    }
    return best;
}

enum mas_plausible mas_param_plausible(const struct mas_param_def *d, double v, double *lo,
                                       double *hi)
{
    *lo = *hi = v;
    if (!(v > 0) || d->range == MAS_RANGE_BODY_WEIGHT || d->range == MAS_RANGE_BODY_HEIGHT
        || strncmp(d->source, "patient:", 8) == 0)
        return MAS_PLAUSIBLE_NONE;
    enum mas_plausible how;
    if (d->hi > d->lo && d->lo >= 0 && d->value > 0) {
        *lo = d->lo * v / d->value;
        *hi = d->hi * v / d->value;
        how = MAS_PLAUSIBLE_SOURCE;
    } else {
        int cal = strncmp(d->source, "calibrated", 10) == 0;
        double f = cal ? MAS_PLAUSIBLE_FACTOR_CALIBRATED : MAS_PLAUSIBLE_FACTOR_SOURCED;
        *lo = v / f;
        *hi = v * f;
        how = cal ? MAS_PLAUSIBLE_CALIBRATED : MAS_PLAUSIBLE_SOURCED;
    }
    if (d->range == MAS_RANGE_FRACTION && *hi > 1.0)
        *hi = 1.0;
    if (!(*hi > *lo)) {
        *lo = *hi = v;
        return MAS_PLAUSIBLE_NONE;
    }
    return how;
}

const char *mas_plausible_name(enum mas_plausible p)
{
    static const char *const names[] = { "source", "calibrated x/2", "sourced x/1.5", "fixed" };
    return (unsigned)p < 4 ? names[p] : "?";
}

int mas_param_value_ok(const struct mas_param_def *d, double v, const char **expected)
{
    static const char *const what[] = {
        [MAS_RANGE_POSITIVE] = "a number > 0",
        [MAS_RANGE_NONNEGATIVE] = "a number >= 0",
        [MAS_RANGE_FRACTION] = "a number from 0 to 1",
        [MAS_RANGE_BODY_WEIGHT] = "a body weight from 0.3 to 500 kg",
        [MAS_RANGE_BODY_HEIGHT] = "a body height from 20 to 275 cm",
    };
    *expected = (unsigned)d->range < sizeof what / sizeof what[0] ? what[d->range] : "valid";
    if (!isfinite(v))
        return 0;
    switch (d->range) {
    case MAS_RANGE_POSITIVE:
        if (v > 0.0 && v < DBL_MIN)
            *expected = "a normal number > 0 (at least 2.2e-308)";
        return v >= DBL_MIN;
    case MAS_RANGE_NONNEGATIVE:
        return v >= 0.0;
    case MAS_RANGE_FRACTION:
        return v >= 0.0 && v <= 1.0;
    case MAS_RANGE_BODY_WEIGHT:
        return v >= MAS_BODY_WEIGHT_MIN && v <= MAS_BODY_WEIGHT_MAX;
    case MAS_RANGE_BODY_HEIGHT:
        return v >= MAS_BODY_HEIGHT_MIN && v <= MAS_BODY_HEIGHT_MAX;
    }
    return 0;
}

/* The table's initial values, then each module's resting state implied by
 * the current parameters (overrides of baselines move the initial state). */
void mas_model_initial(const struct mas_model *m, double *y)
{
    for (int i = 0; i < m->n_states; i++)
        y[i] = mas_model_state(m, i)->initial;
    for (int i = 0; i < m->n_mods; i++)
        if (m->mods[i]->initial)
            m->mods[i]->initial(&m->ctx[i], y);
}

int mas_model_rhs(double t, const double y[], double dy[], void *model)
{
    const struct mas_model *m = model;
    memset(dy, 0, (size_t)m->n_states * sizeof *dy);
    for (int i = 0; i < m->n_mods; i++)
        if (m->mods[i]->rhs)
            m->mods[i]->rhs(&m->ctx[i], t, y, dy);
    return GSL_SUCCESS;
}

/* The model is autonomous between breakpoints: dfdt = 0. */
int mas_model_jac(double t, const double y[], double *dfdy, double dfdt[], void *model)
{
    const struct mas_model *m = model;
    size_t n = (size_t)m->n_states;
    memset(dfdy, 0, n * n * sizeof *dfdy);
    memset(dfdt, 0, n * sizeof *dfdt);
    for (int i = 0; i < m->n_mods; i++)
        if (m->mods[i]->jac)
            m->mods[i]->jac(&m->ctx[i], t, y, dfdy);
    return GSL_SUCCESS;
}

void mas_model_observe(const struct mas_model *m, double t, const double *y, double *obs)
{
    for (int i = 0; i < m->n_mods; i++)
        if (m->mods[i]->observe)
            m->mods[i]->observe(&m->ctx[i], t, y, obs + m->obs_off[i]);
}
