/*
 * massim_api.c — the library's public interface (include/libmassim.h) over
 * struct mas_run: a run prepared and executed as `massim run` does it,
 * its observables transposed to one array per series on first use.
 */
#include "../include/libmassim.h"

#include "massim.h"
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct massim_run {
    struct mas_run r;
    double **series;            /* n_states + n_obs, made on first use */
};

const char *massim_version(void)
{
    return MAS_VERSION;
}

static int status_of(int rc)
{
    return rc == MAS_OK ? MASSIM_OK : rc == MAS_EINPUT ? MASSIM_EINPUT : MASSIM_ERUN;
}

static void copy_err(char *err, size_t len, const char *msg)
{
    if (err && len)
        snprintf(err, len, "%s", msg);
}

static int run(const char *path, const char *text, const char *const *sets, int n_sets,
               massim_run **out, char *err, size_t err_len)
{
    char msg[MAS_ERR_LEN] = "";
    if (out)
        *out = NULL;
    if (!out || (!path && !text) || n_sets < 0 || (n_sets > 0 && !sets)) {
        copy_err(err, err_len, "massim_run: a NULL argument or a negative count");
        return MASSIM_EINPUT;
    }
    massim_run *m = calloc(1, sizeof *m);
    if (!m) {
        copy_err(err, err_len, "out of memory");
        return MASSIM_ERUN;
    }
    int rc = mas_run_prepare_text(&m->r, path, text, sets, n_sets, msg);
    if (rc == MAS_OK)
        rc = mas_run_execute(&m->r, msg);
    if (rc != MAS_OK) {
        copy_err(err, err_len, msg);
        massim_run_free(m);
        return status_of(rc);
    }
    *out = m;
    return MASSIM_OK;
}

int massim_run_file(const char *path, const char *const *sets, int n_sets, massim_run **out,
                    char *err, size_t err_len)
{
    return run(path, NULL, sets, n_sets, out, err, err_len);
}

int massim_run_text(const char *text, const char *name, const char *const *sets, int n_sets,
                    massim_run **out, char *err, size_t err_len)
{
    if (!text) {
        copy_err(err, err_len, "massim_run_text: no text");
        if (out)
            *out = NULL;
        return MASSIM_EINPUT;
    }
    return run(name ? name : "scenario", text, sets, n_sets, out, err, err_len);
}

void massim_run_free(massim_run *m)
{
    if (!m)
        return;
    if (m->series)
        for (int i = 0; i < m->r.model.n_states + m->r.model.n_obs; i++)
            free(m->series[i]);
    free(m->series);
    mas_run_free(&m->r);
    free(m);
}

size_t massim_n_times(const massim_run *m)
{
    return m ? m->r.n_time : 0;
}

const double *massim_times(const massim_run *m)
{
    return m ? m->r.time : NULL;
}

int massim_n_states(const massim_run *m)
{
    return m ? m->r.model.n_states : 0;
}

int massim_n_series(const massim_run *m)
{
    return m ? m->r.model.n_states + m->r.model.n_obs : 0;
}

static int valid(const massim_run *m, int i)
{
    return m && i >= 0 && i < massim_n_series(m);
}

const char *massim_series_name(const massim_run *m, int i)
{
    if (!valid(m, i))
        return NULL;
    int ns = m->r.model.n_states;
    return i < ns ? mas_model_state(&m->r.model, i)->name : mas_model_obs(&m->r.model, i - ns)->name;
}

const char *massim_series_unit(const massim_run *m, int i)
{
    if (!valid(m, i))
        return NULL;
    int ns = m->r.model.n_states;
    return i < ns ? mas_model_state(&m->r.model, i)->unit : mas_model_obs(&m->r.model, i - ns)->unit;
}

int massim_series_index(const massim_run *m, const char *name)
{
    if (!m || !name)
        return -1;
    int i = mas_model_find_state(&m->r.model, name);
    if (i >= 0)
        return i;
    int o = mas_model_find_obs(&m->r.model, name);
    return o >= 0 ? m->r.model.n_states + o : -1;
}

const double *massim_series(const massim_run *cm, int i)
{
    massim_run *m = (massim_run *)cm;    /* the columns are a cache */
    if (!valid(m, i))
        return NULL;
    int ns = m->r.model.n_states, no = m->r.model.n_obs;
    if (!m->series && !(m->series = calloc((size_t)(ns + no), sizeof *m->series)))
        return NULL;
    if (!m->series[i]) {
        double *v = malloc((m->r.n_time ? m->r.n_time : 1) * sizeof *v);
        if (!v)
            return NULL;
        for (size_t t = 0; t < m->r.n_time; t++)
            v[t] = i < ns ? m->r.y[t * (size_t)ns + (size_t)i]
                          : m->r.obs[t * (size_t)no + (size_t)(i - ns)];
        m->series[i] = v;
    }
    return m->series[i];
}

int massim_n_metrics(const massim_run *m)
{
    return m ? m->r.n_metrics : 0;
}

const char *massim_metric_name(const massim_run *m, int i)
{
    return m && i >= 0 && i < m->r.n_metrics ? m->r.metrics[i].name : NULL;
}

const char *massim_metric_unit(const massim_run *m, int i)
{
    return m && i >= 0 && i < m->r.n_metrics ? m->r.metrics[i].unit : NULL;
}

double massim_metric_value(const massim_run *m, int i)
{
    return m && i >= 0 && i < m->r.n_metrics ? m->r.metrics[i].value : NAN;
}

double massim_metric(const massim_run *m, const char *name)
{
    for (int i = 0; m && name && i < m->r.n_metrics; i++)
        if (strcmp(m->r.metrics[i].name, name) == 0)
            return m->r.metrics[i].value;
    return NAN;
}

int massim_write_h5(const massim_run *m, const char *path, char *err, size_t err_len)
{
    char msg[MAS_ERR_LEN] = "";
    if (!m || !path) {
        copy_err(err, err_len, "massim_write_h5: a NULL argument");
        return MASSIM_EINPUT;
    }
    int rc = mas_output_path_ok(path, msg);
    if (rc == MAS_OK)
        rc = mas_output_h5_write(path, &m->r, msg);
    if (rc != MAS_OK)
        copy_err(err, err_len, msg);
    return status_of(rc);
}
