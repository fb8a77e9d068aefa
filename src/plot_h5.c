/*
 * plot_h5.c — the columns `massim plot` needs, read from a run's HDF5 file
 * through libhdf5: /time, /states/NAME and /observables/NAME as float64,
 * and the scenario_name attribute for the title, through the checked
 * reader (h5read.h).
 */
#include "plot.h"
#include "plot_internal.h"
#include "h5read.h"
#include "massim.h"

#include <stdlib.h>
#include <string.h>

/* The scenario_name attribute of the file's root (sanitized), or "" when
 * absent; a malformed one is an error. */
static int read_name(struct mas_h5r *r, char *dst, size_t n)
{
    char *s = NULL;
    if (mas_h5r_has_attr(r, "/", "scenario_name")
        && mas_h5r_attr_text(r, "/", "scenario_name", 4096, &s) != MAS_OK)
        return MAS_EINPUT;
    mas_plot_sanitize(dst, n, s ? s : "");
    free(s);
    return MAS_OK;
}

static int read_all(struct mas_h5r *r, const char *const *spec, struct mas_plot_cols *c)
{
    if (!mas_h5r_exists(r, "time"))
        return mas_fail(r->err, MAS_EINPUT, "%s: no dataset /time (not a massim run?)", r->path);
    int rc = mas_h5r_length(r, "time", &c->n);
    if (rc == MAS_OK)
        rc = mas_h5r_doubles(r, "time", c->n, &c->v[0]);
    if (rc != MAS_OK)
        return rc;
    c->n_cols = 1;
    for (size_t j = 0; spec[j] && j < MAS_PLOT_MAX_COLS; j++) {
        if (!mas_h5r_exists(r, spec[j]))
            return mas_fail(r->err, MAS_EINPUT, "%s: no dataset /%s (not a massim run?)",
                            r->path, spec[j]);
        if ((rc = mas_h5r_doubles(r, spec[j], c->n, &c->v[c->n_cols])) != MAS_OK)
            return rc;
        c->n_cols++;
    }
    return MAS_OK;
}

struct job {
    const char *path;
    const char *const *spec;
    struct mas_plot_cols *c;
    char *name;
    size_t name_len;
};

static int read_columns(void *ctx, char *err)
{
    struct job *j = ctx;
    memset(j->c, 0, sizeof *j->c);
    j->name[0] = '\0';
    struct mas_h5r r;
    int rc = mas_h5r_open(&r, j->path, err);
    if (rc == MAS_OK)
        rc = read_name(&r, j->name, j->name_len);
    if (rc == MAS_OK)
        rc = read_all(&r, j->spec, j->c);
    mas_h5r_close(&r);
    if (rc != MAS_OK)
        mas_plot_cols_free(j->c);
    return rc;
}

int mas_plot_h5_columns(const char *h5_path, const char *const *spec, struct mas_plot_cols *c,
                        char *name, size_t name_len, char *err)
{
    struct job j = {h5_path, spec, c, name, name_len};
    memset(c, 0, sizeof *c);
    name[0] = '\0';
    int rc = mas_h5r_trial(h5_path, read_columns, &j, err);     /* h5read.h */
    return rc == MAS_OK ? read_columns(&j, err) : rc;
}
