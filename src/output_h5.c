/*
 * output_h5.c — writes one run as an HDF5 file in the layout of DESIGN.md
 * ("HDF5 layout of one run"), documented for users in docs/output.md.
 *
 * The file must open in netCDF-4 clients (ncdump, xarray, R ncdf4) with no
 * massim code, so: every dataset is attached to an HDF5 dimension scale
 * (H5DS, from hdf5_hl), every group that holds series also holds its scale
 * (/states/time and /observables/time are hard links to /time), tables are
 * groups of 1-D columns on one scale, never compound types, and strings are
 * variable-length UTF-8 (h5py reads string attributes as str).
 *
 * Crash safety (mas_write_atomically, util.c): the file is written to
 * "PATH.tmp.PID" in the same directory, closed, fsync'ed and only then
 * renamed over PATH.  On any failure the temporary is removed and PATH is
 * left as it was.  A process killed mid-write may leave PATH.tmp.PID
 * behind, never a PATH that looks finished.
 *
 * Every HDF5 id is closed on every path: the file access property list
 * asks for H5F_CLOSE_SEMI, so H5Fclose itself fails if an id leaked.
 * HDF5's automatic error printing is switched off for the duration of the
 * write (and restored afterwards); failures become messages in `err`.
 */
#include "h5attr.h"
#include "h5table.h"
#include "massim.h"
#include "output_criteria.h"
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>
#include <H5DSpublic.h>

_Static_assert(sizeof(hid_t) == sizeof(int64_t), "run.h passes an hid_t as int64_t");

/* What every writer below needs: the file, the /time scale, and where to
 * put a message.  `path` is the final name, used in messages. */
struct h5w {
    hid_t file;
    hid_t time;          /* the /time dataset, a dimension scale */
    size_t n_time;
    const char *path;
    char *err;
};

/* ---- error messages ---------------------------------------------------- */

/* Fill err with "PATH: cannot write WHAT: <HDF5's reason>". */
static int h5_fail(const struct h5w *w, const char *what)
{
    char detail[256];
    mas_h5_reason(detail, sizeof detail);
    return mas_fail(w->err, MAS_EIO, "%s: cannot write %s: %s", w->path, what, detail);
}

/* Closing ids after a failure would clear HDF5's error stack (every API
 * call starts by clearing it), so the helpers below set the stack aside
 * before closing and put it back afterwards: h5_fail() then still sees
 * the reason of the first failure. */
static hid_t errors_set_aside(int failed)
{
    return failed ? H5Eget_current_stack() : -1;
}

static void errors_put_back(hid_t stack)
{
    if (stack >= 0)
        H5Eset_current_stack(stack);
}

/* A name from a model table becomes an HDF5 link name: it must not be
 * empty, ".", or contain '/'. */
static int check_name(const struct h5w *w, const char *group, const char *name)
{
    if (!name || !*name || strcmp(name, ".") == 0 || strchr(name, '/'))
        return mas_fail(w->err, MAS_EIO, "%s: cannot write /%s/%s: not a valid HDF5 name",
                        w->path, group, name ? name : "(null)");
    return MAS_OK;
}

/* ---- attributes -------------------------------------------------------- */

/* A variable-length UTF-8 string type; the caller closes it. */
static hid_t string_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0)
        return t;
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        hid_t e = errors_set_aside(1);
        H5Tclose(t);
        errors_put_back(e);
        return -1;
    }
    return t;
}

/* Write a scalar attribute of file type `ftype` from memory type `mtype`. */
static herr_t attr_scalar(hid_t obj, const char *name, hid_t ftype, hid_t mtype,
                          const void *value)
{
    herr_t status = -1;
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attr = space < 0 ? -1 : H5Acreate2(obj, name, ftype, space, H5P_DEFAULT, H5P_DEFAULT);
    if (attr >= 0)
        status = H5Awrite(attr, mtype, value);
    hid_t e = errors_set_aside(status < 0);
    if (attr >= 0 && H5Aclose(attr) < 0)
        status = -1;
    if (space >= 0 && H5Sclose(space) < 0)
        status = -1;
    errors_put_back(e);
    return status;
}

static herr_t attr_string(hid_t obj, const char *name, const char *value)
{
    const char *v = value ? value : "";
    hid_t t = string_type();
    if (t < 0)
        return -1;
    herr_t status = attr_scalar(obj, name, t, t, &v);
    hid_t e = errors_set_aside(status < 0);
    if (H5Tclose(t) < 0)
        status = -1;
    errors_put_back(e);
    return status;
}

static herr_t attr_double(hid_t obj, const char *name, double value)
{
    return attr_scalar(obj, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

static herr_t attr_count(hid_t obj, const char *name, unsigned long value)
{
    return attr_scalar(obj, name, H5T_STD_U64LE, H5T_NATIVE_ULONG, &value);
}

/* ---- columns ----------------------------------------------------------- */

/* Group creation property list that records link and attribute creation
 * order, so netCDF clients list variables in model order. */
static hid_t create_group(hid_t loc, const char *name)
{
    hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    if (gcpl < 0)
        return -1;
    hid_t g = -1;
    if (H5Pset_link_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0
        && H5Pset_attr_creation_order(gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0)
        g = H5Gcreate2(loc, name, H5P_DEFAULT, gcpl, H5P_DEFAULT);
    hid_t e = errors_set_aside(g < 0);
    H5Pclose(gcpl);
    errors_put_back(e);
    return g;
}

/* Create the 1-D float64 dataset loc/name of length n from
 * data[offset + k * stride], k = 0..n-1 (a column of a row-major matrix),
 * selected with a strided hyperslab so nothing is copied.  Returns the open
 * dataset or -1. */
static hid_t write_doubles(hid_t loc, const char *name, const double *data, size_t n,
                           size_t stride, size_t offset)
{
    hsize_t dim = n, mem_dim = n ? (n - 1) * stride + offset + 1 : 1;
    hsize_t start = offset, step = stride, count = n;
    hid_t fspace = H5Screate_simple(1, &dim, NULL);
    hid_t mspace = H5Screate_simple(1, &mem_dim, NULL);
    hid_t d = -1;
    herr_t selected = n ? H5Sselect_hyperslab(mspace, H5S_SELECT_SET, &start, &step, &count, NULL)
                        : H5Sselect_none(mspace);
    if (fspace >= 0 && mspace >= 0 && selected >= 0)
        d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, fspace, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int failed = d < 0 || H5Dwrite(d, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, data) < 0;
    hid_t e = errors_set_aside(failed);
    if (failed && d >= 0)
        H5Dclose(d);
    if (mspace >= 0)
        H5Sclose(mspace);
    if (fspace >= 0)
        H5Sclose(fspace);
    errors_put_back(e);
    return failed ? -1 : d;
}

/* Create the 1-D variable-length string dataset loc/name from s[0..n-1]
 * (NULL entries are written as ""). Returns the open dataset or -1. */
static hid_t write_strings(hid_t loc, const char *name, const char **s, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (!s[k])
            s[k] = "";
    hsize_t dim = n;
    hid_t t = string_type();
    hid_t space = H5Screate_simple(1, &dim, NULL);
    hid_t d = -1;
    if (t >= 0 && space >= 0)
        d = H5Dcreate2(loc, name, t, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int failed = d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, s) < 0;
    hid_t e = errors_set_aside(failed);
    if (failed && d >= 0)
        H5Dclose(d);
    if (space >= 0)
        H5Sclose(space);
    if (t >= 0)
        H5Tclose(t);
    errors_put_back(e);
    return failed ? -1 : d;
}

/* ---- the groups -------------------------------------------------------- */

/* /time: float64 on itself, units "day", dimension scale "time". */
static int write_time(struct h5w *w, const struct mas_run *r)
{
    w->time = write_doubles(w->file, "time", r->time, w->n_time, 1, 0);
    if (w->time < 0)
        return h5_fail(w, "/time");
    if (attr_string(w->time, "units", "day") < 0
        || attr_string(w->time, "description", "output time since the scenario's day 0") < 0
        || H5DSset_scale(w->time, "time") < 0)
        return h5_fail(w, "/time");
    return MAS_OK;
}


/* One series column of /group: data, units, description, on the time
 * scale.  The message is taken before anything is closed, so it names
 * HDF5's reason for the first failure. */
static int write_series(struct h5w *w, hid_t g, const char *group, const char *name,
                        const char *unit, const char *doc,
                        const double *data, size_t stride, size_t col)
{
    char what[320];
    if (check_name(w, group, name) != MAS_OK)
        return MAS_EIO;
    snprintf(what, sizeof what, "/%s/%s", group, name);
    hid_t d = write_doubles(g, name, data, w->n_time, stride, col);
    if (d < 0)
        return h5_fail(w, what);
    int st = MAS_OK;
    if (attr_string(d, "units", unit) < 0 || attr_string(d, "description", doc) < 0
        || H5DSattach_scale(d, w->time, 0) < 0)
        st = h5_fail(w, what);
    if (H5Dclose(d) < 0 && st == MAS_OK)
        st = h5_fail(w, what);
    return st;
}

/* Name, unit and description of state (kind 0) or observable (kind 1) i. */
static int series_def(const struct mas_model *m, int kind, int i,
                      const char **name, const char **unit, const char **doc)
{
    if (kind == 0) {
        const struct mas_state_def *s = mas_model_state(m, i);
        if (!s)
            return -1;
        *name = s->name, *unit = s->unit, *doc = s->doc;
    } else {
        const struct mas_obs_def *o = mas_model_obs(m, i);
        if (!o)
            return -1;
        *name = o->name, *unit = o->unit, *doc = o->doc;
    }
    return 0;
}

/* /states (kind 0) or /observables (kind 1): the hard link to /time, then
 * one column per state or observable, in model order. */
static int write_series_group(struct h5w *w, const struct mas_run *r, int kind)
{
    const struct mas_model *m = &r->model;
    const char *group = kind == 0 ? "states" : "observables";
    int n = kind == 0 ? m->n_states : m->n_obs;
    const double *data = kind == 0 ? r->y : r->obs;
    char what[64];
    snprintf(what, sizeof what, "/%s", group);
    hid_t g = create_group(w->file, group);
    if (g < 0)
        return h5_fail(w, what);
    int st = MAS_OK;
    if (H5Lcreate_hard(w->file, "/time", g, "time", H5P_DEFAULT, H5P_DEFAULT) < 0)
        st = h5_fail(w, kind == 0 ? "/states/time" : "/observables/time");
    for (int i = 0; st == MAS_OK && i < n; i++) {
        const char *name, *unit, *doc;
        if (series_def(m, kind, i, &name, &unit, &doc) < 0)
            st = mas_fail(w->err, MAS_EIO, "%s: cannot write %s: index %d belongs to no module",
                          w->path, what, i);
        else
            st = write_series(w, g, group, name, unit, doc, data, (size_t)n, (size_t)i);
    }
    if (H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, what);
    return st;
}

/* One column of a table (/parameters, /doses), attached to the `scale`
 * column (or made the scale `scale_name` itself when scale < 0).  A
 * numeric column gets a `units` attribute (NULL for string columns, which
 * have none). */
static int finish_table_column(struct h5w *w, hid_t d, const char *what, hid_t scale,
                               const char *scale_name, const char *units,
                               const char *description)
{
    if (d < 0)
        return h5_fail(w, what);
    int st = MAS_OK;
    herr_t e = units ? attr_string(d, "units", units) : 0;
    if (e >= 0)
        e = attr_string(d, "description", description);
    if (e >= 0)
        e = scale < 0 ? H5DSset_scale(d, scale_name) : H5DSattach_scale(d, scale, 0);
    if (e < 0)
        st = h5_fail(w, what);
    if (scale >= 0 && H5Dclose(d) < 0 && st == MAS_OK)
        st = h5_fail(w, what);
    return st;
}

/* A column of /parameters (the scale "parameter"). */
static int finish_column(struct h5w *w, hid_t d, const char *what, hid_t scale,
                         const char *units, const char *description)
{
    return finish_table_column(w, d, what, scale, "parameter", units, description);
}

/* The string columns of the parameters table, filled from the model. */
static int param_strings(const struct mas_model *m, const char **name, const char **unit,
                         const char **source, const char **module)
{
    for (int i = 0; i < m->n_params; i++) {
        const struct mas_param_def *p = mas_model_param(m, i);
        int k = mas_model_param_module(m, i);
        if (!p || k < 0)
            return -1;
        name[i] = p->name, unit[i] = p->unit, source[i] = p->source;
        module[i] = m->mods[k]->name;
    }
    return 0;
}

static int write_param_columns(struct h5w *w, hid_t g, const struct mas_model *m,
                               const char **s)
{
    size_t n = (size_t)m->n_params;
    const char **name = s, **unit = s + n, **source = s + 2 * n, **module = s + 3 * n;
    if (param_strings(m, name, unit, source, module) < 0)
        return mas_fail(w->err, MAS_EIO, "%s: cannot write /parameters: "
                        "a parameter belongs to no module", w->path);
    hid_t scale = write_strings(g, "name", name, n);
    int st = finish_column(w, scale, "/parameters/name", -1, NULL, "parameter name");
    if (st == MAS_OK)
        st = finish_column(w, write_doubles(g, "value", m->p, n, 1, 0), "/parameters/value",
                           scale, "see /parameters/unit",
                           "value used in this run, in the unit of the same row");
    if (st == MAS_OK)
        st = finish_column(w, write_strings(g, "unit", unit, n), "/parameters/unit", scale,
                           NULL, "unit of value");
    if (st == MAS_OK)
        st = finish_column(w, write_strings(g, "source", source, n), "/parameters/source",
                           scale, NULL, "citation, or calibrated: what it reproduces");
    if (st == MAS_OK)
        st = finish_column(w, write_strings(g, "module", module, n), "/parameters/module",
                           scale, NULL, "model module that owns the parameter");
    if (scale >= 0 && H5Dclose(scale) < 0 && st == MAS_OK)
        st = h5_fail(w, "/parameters/name");
    return st;
}

/* /parameters: a table of columns name (the scale), value, unit, source,
 * module; value is the vector as used (defaults plus overrides). */
static int write_parameters(struct h5w *w, const struct mas_run *r)
{
    size_t n = (size_t)r->model.n_params;
    const char **s = calloc(4 * n + 1, sizeof *s);
    if (!s)
        return mas_fail(w->err, MAS_EIO, "%s: out of memory", w->path);
    hid_t g = create_group(w->file, "parameters");
    int st = g < 0 ? h5_fail(w, "/parameters") : write_param_columns(w, g, &r->model, s);
    if (g >= 0 && H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, "/parameters");
    free(s);
    return st;
}

/* A 1-D int64 column loc/name from v[0..n-1]; the open dataset or -1. */
static hid_t write_counts(hid_t loc, const char *name, const long long *v, size_t n)
{
    hsize_t dim = n;
    hid_t space = H5Screate_simple(1, &dim, NULL), d = -1;
    if (space >= 0)
        d = H5Dcreate2(loc, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int failed = d < 0 || (n && H5Dwrite(d, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0);
    hid_t e = errors_set_aside(failed);
    if (failed && d >= 0)
        H5Dclose(d);
    if (space >= 0)
        H5Sclose(space);
    errors_put_back(e);
    return failed ? -1 : d;
}

/* /doses/dose, /warnings/warning: the row number 0..n-1 (int64), a scale. */
static hid_t write_index(hid_t loc, const char *name, size_t n)
{
    long long *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    for (size_t k = 0; k < n; k++)
        v[k] = (long long)k;
    hid_t d = write_counts(loc, name, v, n);
    free(v);
    return d;
}

/* The columns of /doses from the run's doses; num holds 4 n doubles and
 * str 2 n strings (each at least one, so that empty tables have buffers).
 * A dose's amount goes to amount_mg or, for a blood product dosed by
 * volume, to amount_ml; the other column holds NaN (both for a procedure). */
static int write_dose_columns(struct h5w *w, hid_t g, const struct mas_run *r, double *num,
                              const char **str)
{
    size_t n = r->n_doses;
    double *day = num, *amount = num + n, *duration = num + 2 * n, *volume = num + 3 * n;
    const char **drug = str, **route = str + n;
    for (size_t k = 0; k < n; k++) {
        const struct mas_dose *d = &r->doses[k];
        int ml = d->unit && strcmp(d->unit, "mL") == 0;
        day[k] = d->day, duration[k] = d->duration_day;
        amount[k] = ml ? NAN : d->amount;
        volume[k] = ml ? d->amount : NAN;
        drug[k] = d->drug, route[k] = mas_route_names[d->route];
    }
    hid_t scale = write_index(g, "dose", n);
    int st = finish_table_column(w, scale, "/doses/dose", -1, "dose", "1",
                                 "dose number, in order of time");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "day", day, n, 1, 0), "/doses/day",
                                 scale, NULL, "day", "time of the dose (start of an infusion)");
    if (st == MAS_OK)
        st = finish_table_column(w, write_strings(g, "drug", drug, n), "/doses/drug", scale,
                                 NULL, NULL, "drug or procedure");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "amount_mg", amount, n, 1, 0),
                                 "/doses/amount_mg", scale, NULL, "mg", "amount given "
                                 "(after mg/kg or mg/m2 scaling and the cap); NaN for a procedure "
                                 "or a blood product dosed by volume");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "amount_ml", volume, n, 1, 0),
                                 "/doses/amount_ml", scale, NULL, "mL", "volume of a blood "
                                 "product given (after mL/kg scaling and the cap); NaN for a drug "
                                 "dosed by mass or a procedure");
    if (st == MAS_OK)
        st = finish_table_column(w, write_strings(g, "route", route, n), "/doses/route",
                                 scale, NULL, NULL, "iv, iv infusion, sc, oral or procedure");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "duration_day", duration, n, 1, 0),
                                 "/doses/duration_day", scale, NULL, "day",
                                 "infusion duration; 0 for other routes");
    long long *cond = st == MAS_OK ? malloc((n ? n : 1) * sizeof *cond) : NULL;
    if (st == MAS_OK && !cond)
        st = mas_fail(w->err, MAS_EIO, "%s: out of memory", w->path);
    for (size_t k = 0; cond && k < n; k++)
        cond[k] = (long long)r->doses[k].when - 1;
    if (st == MAS_OK)
        st = finish_table_column(w, write_counts(g, "condition", cond, n), "/doses/condition",
                                 scale, NULL, "1", "the row of /events whose condition "
                                 "started this dose; -1 for a dose on a fixed day");
    free(cond);
    if (scale >= 0 && H5Dclose(scale) < 0 && st == MAS_OK)
        st = h5_fail(w, "/doses/dose");
    return st;
}

/* The columns of /events (one row per condition of the scenario). */
static int write_event_columns(struct h5w *w, hid_t g, const struct mas_run *r,
                               const char **text, long long *ints, double *num)
{
    size_t n = (size_t)r->sc.n_conditions;
    long long *therapy = ints, *phase = ints + n;
    double *after = num, *day = num + n, *first = num + 2 * n;
    for (size_t k = 0; k < n; k++) {
        const struct mas_condition *c = &r->sc.conditions[k];
        text[k] = c->text;
        therapy[k] = c->therapy, phase[k] = c->phase;
        after[k] = c->after_day, day[k] = r->fired_day[k];
        first[k] = day[k] + c->after_day;          /* NaN when it never held */
    }
    hid_t scale = write_index(g, "event", n);
    int st = finish_table_column(w, scale, "/events/event", -1, "event", "1",
                                 "condition number, in the order of the scenario");
    if (st == MAS_OK)
        st = finish_table_column(w, write_strings(g, "condition", text, n),
                                 "/events/condition", scale, NULL, NULL,
                                 "the condition (`when:`) as written");
    if (st == MAS_OK)
        st = finish_table_column(w, write_counts(g, "therapy", therapy, n), "/events/therapy",
                                 scale, NULL, "1", "the therapy it starts (from 0)");
    if (st == MAS_OK)
        st = finish_table_column(w, write_counts(g, "phase", phase, n), "/events/phase",
                                 scale, NULL, "1", "the phase it starts (from 0); -1: the "
                                 "whole therapy");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "after_day", after, n, 1, 0),
                                 "/events/after_day", scale, NULL, "day",
                                 "delay from when it held to the therapy's day 0 (`after:`)");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "day", day, n, 1, 0), "/events/day",
                                 scale, NULL, "day", "when the condition first held, located "
                                 "by the solver; NaN: it never held");
    if (st == MAS_OK)
        st = finish_table_column(w, write_doubles(g, "start_day", first, n, 1, 0),
                                 "/events/start_day", scale, NULL, "day", "the therapy's day 0: "
                                 "day + after_day; NaN: it never held");
    if (scale >= 0 && H5Dclose(scale) < 0 && st == MAS_OK)
        st = h5_fail(w, "/events/event");
    return st;
}

/* /events: written when the scenario has conditions (`when:`). */
static int write_events(struct h5w *w, const struct mas_run *r)
{
    size_t n = (size_t)r->sc.n_conditions;
    if (n == 0)
        return MAS_OK;
    const char **text = calloc(n, sizeof *text);
    long long *ints = calloc(2 * n, sizeof *ints);
    double *num = calloc(3 * n, sizeof *num);
    hid_t g = text && ints && num ? create_group(w->file, "events") : -1;
    int st;
    if (!text || !ints || !num)
        st = mas_fail(w->err, MAS_EIO, "%s: out of memory", w->path);
    else if (g < 0)
        st = h5_fail(w, "/events");
    else
        st = write_event_columns(w, g, r, text, ints, num);
    if (g >= 0 && H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, "/events");
    free(text);
    free(ints);
    free(num);
    return st;
}

/* /doses: one row per dose given, written when the scenario has therapies
 * (an empty table if none of their doses falls in the simulated time); the
 * attribute doses_outside_time counts the doses that were not given. */
static int write_doses(struct h5w *w, const struct mas_run *r)
{
    if (r->sc.n_regimens == 0)
        return MAS_OK;
    size_t n = r->n_doses ? r->n_doses : 1;
    double *num = calloc(4 * n, sizeof *num);
    const char **str = calloc(2 * n, sizeof *str);
    hid_t g = num && str ? create_group(w->file, "doses") : -1;
    int st;
    if (!num || !str)
        st = mas_fail(w->err, MAS_EIO, "%s: out of memory", w->path);
    else if (g < 0)
        st = h5_fail(w, "/doses");
    else if (attr_count(g, "doses_outside_time", r->n_doses_outside) < 0)
        st = h5_fail(w, "/doses");
    else
        st = write_dose_columns(w, g, r, num, str);
    if (g >= 0 && H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, "/doses");
    free(num);
    free(str);
    return st;
}


/* /warnings: always written, one row per warning of the run (0 rows for a
 * clean run): message (the text, as `massim run` prints it after
 * "massim: warning: ") and count (times it happened), on the scale
 * "warning". */
static int write_warnings(struct h5w *w, const struct mas_run *r)
{
    const struct mas_warnings *ws = &r->warnings;
    size_t n = ws->n + (ws->lost ? 1 : 0), m = n ? n : 1;
    char **text = calloc(m, sizeof *text);
    long long *count = calloc(m, sizeof *count);
    int st = MAS_OK;
    for (size_t i = 0; text && count && i < ws->n; i++) {
        text[i] = ws->w[i].msg;
        count[i] = (long long)ws->w[i].count;
    }
    char lost[64];
    if (text && count && ws->lost) {
        snprintf(lost, sizeof lost, "more warnings lost (out of memory)");
        text[n - 1] = lost;
        count[n - 1] = (long long)ws->lost;
    }
    hid_t g = text && count ? create_group(w->file, "warnings") : -1;
    if (!text || !count)
        st = mas_fail(w->err, MAS_EIO, "%s: out of memory", w->path);
    else if (g < 0)
        st = h5_fail(w, "/warnings");
    hid_t scale = st == MAS_OK ? write_index(g, "warning", n) : -1;
    if (st == MAS_OK)
        st = finish_table_column(w, scale, "/warnings/warning", -1, "warning", "1",
                                 "warning number, in the order they were first raised");
    if (st == MAS_OK)
        st = finish_table_column(w, write_strings(g, "message", (const char **)text, n),
                                 "/warnings/message", scale, NULL, NULL,
                                 "what went wrong without stopping the run");
    if (st == MAS_OK)
        st = finish_table_column(w, write_counts(g, "count", count, n), "/warnings/count",
                                 scale, NULL, "1", "times it happened");
    if (scale >= 0 && H5Dclose(scale) < 0 && st == MAS_OK)
        st = h5_fail(w, "/warnings/warning");
    if (g >= 0 && H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, "/warnings");
    free(text);
    free(count);
    return st;
}

/* /summary: one float64 attribute per metric, its unit in NAME_units. */
static int write_summary(struct h5w *w, const struct mas_run *r)
{
    hid_t g = create_group(w->file, "summary");
    if (g < 0)
        return h5_fail(w, "/summary");
    int st = MAS_OK;
    for (int i = 0; st == MAS_OK && i < r->n_metrics; i++) {
        const struct mas_metric *mt = &r->metrics[i];
        char units[256];
        if (!mt->name || !*mt->name
            || snprintf(units, sizeof units, "%s_units", mt->name) >= (int)sizeof units) {
            st = mas_fail(w->err, MAS_EIO, "%s: cannot write /summary: metric %d has "
                          "no usable name", w->path, i);
            break;
        }
        char what[300];
        snprintf(what, sizeof what, "/summary attribute %s", mt->name);
        if (attr_double(g, mt->name, mt->value) < 0 || attr_string(g, units, mt->unit) < 0)
            st = h5_fail(w, what);
    }
    if (H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, "/summary");
    return st;
}

/* /solver: settings and step statistics of the integration. */
static int write_solver(struct h5w *w, const struct mas_run *r)
{
    const struct mas_solver_opts *o = &r->opts;
    const struct mas_solver_stats *s = &r->stats;
    hid_t g = create_group(w->file, "solver");
    if (g < 0)
        return h5_fail(w, "/solver");
    int st = MAS_OK;
    if (attr_string(g, "stepper", o->stepper) < 0 || attr_double(g, "rtol", o->rtol) < 0
        || attr_double(g, "atol", o->atol) < 0
        || attr_double(g, "local_tolerance_factor", mas_solver_local_tolerance_factor(o->stepper)) < 0
        || attr_double(g, "h0", o->h0) < 0
        || attr_double(g, "hmax", o->hmax) < 0 || attr_count(g, "max_steps", o->max_steps) < 0
        || attr_count(g, "steps", s->steps) < 0 || attr_count(g, "rhs_evals", s->rhs_evals) < 0
        || attr_count(g, "jac_evals", s->jac_evals) < 0
        || attr_count(g, "rejected_steps", s->rejected) < 0
        || attr_count(g, "factorizations", s->factorizations) < 0
        || attr_count(g, "linear_solves", s->solves) < 0
        || attr_count(g, "interpolated_outputs", s->interpolated) < 0
        || attr_string(g, "linear_solver", s->sparse ? "klu" : "dense") < 0
        || attr_count(g, "resets", s->resets) < 0
        || attr_count(g, "failures", s->failures) < 0
        || attr_count(g, "clamped_values", r->n_clamped) < 0
        || attr_double(g, "wall_s", s->wall_s) < 0)
        st = h5_fail(w, "/solver");
    if (H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(w, "/solver");
    return st;
}

/* Root attributes: provenance of the run. */
static int write_root(struct h5w *w, const struct mas_run *r)
{
    hid_t f = w->file;
    if (attr_string(f, "massim_version", MAS_VERSION) < 0
        || attr_string(f, "created", r->created) < 0
        || attr_string(f, "scenario", r->sc.text) < 0
        || attr_string(f, "scenario_name", r->sc.name) < 0
        || attr_string(f, "scenario_path", r->sc.path) < 0
        || attr_string(f, "command_line", r->command_line) < 0
        || attr_string(f, "solver_stepper", r->opts.stepper) < 0
        || attr_double(f, "solver_rtol", r->opts.rtol) < 0
        || attr_double(f, "solver_atol", r->opts.atol) < 0)
        return h5_fail(w, "the root attributes");
    return MAS_OK;
}

/* Property lists of the file: creation order tracked (netCDF lists in
 * model order), and H5F_CLOSE_SEMI so that H5Fclose fails on a leaked id. */
static hid_t create_file(const char *tmp)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE), fapl = H5Pcreate(H5P_FILE_ACCESS), f = -1;
    if (fcpl >= 0 && fapl >= 0
        && H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0
        && H5Pset_attr_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED) >= 0
        && H5Pset_fclose_degree(fapl, H5F_CLOSE_SEMI) >= 0)
        f = H5Fcreate(tmp, H5F_ACC_TRUNC, fcpl, fapl);
    hid_t e = errors_set_aside(f < 0);
    if (fapl >= 0)
        H5Pclose(fapl);
    if (fcpl >= 0)
        H5Pclose(fcpl);
    errors_put_back(e);
    return f;
}

/* Write the whole layout into `tmp`; every id is closed on return. */
static int write_file(const char *tmp, const char *path, const struct mas_run *r, char *err)
{
    struct h5w w = { .file = -1, .time = -1, .n_time = r->n_time, .path = path, .err = err };
    w.file = create_file(tmp);
    if (w.file < 0)
        return h5_fail(&w, "the file");
    int st = write_root(&w, r);
    if (st == MAS_OK)
        st = write_time(&w, r);
    if (st == MAS_OK)
        st = write_series_group(&w, r, 0);
    if (st == MAS_OK)
        st = write_series_group(&w, r, 1);
    if (st == MAS_OK)
        st = write_parameters(&w, r);
    if (st == MAS_OK)
        st = write_doses(&w, r);
    if (st == MAS_OK)
        st = write_events(&w, r);
    if (st == MAS_OK)
        st = write_summary(&w, r);
    if (st == MAS_OK)
        st = write_solver(&w, r);
    if (st == MAS_OK)
        st = mas_output_criteria(w.file, w.time, r, err);
    if (st == MAS_OK)
        st = write_warnings(&w, r);
    if (st == MAS_OK && r->h5_extra)
        st = r->h5_extra(w.file, r->h5_extra_ctx, err);
    if (w.time >= 0 && H5Dclose(w.time) < 0 && st == MAS_OK)
        st = h5_fail(&w, "/time");
    if (mas_h5_close_file(w.file) < 0 && st == MAS_OK)
        st = h5_fail(&w, "the file (closing it)");
    return st;
}

/* Refuse what cannot be a finished run before any file is created. */
static int check_run(const char *path, const struct mas_run *r, char *err)
{
    if (!path || !*path)
        return mas_fail(err, MAS_EIO, "no output file name given");
    if (r->n_time == 0 || !r->time)
        return mas_fail(err, MAS_EIO, "%s: nothing to write: the run has no output times", path);
    if ((r->model.n_states > 0 && !r->y) || (r->model.n_obs > 0 && !r->obs))
        return mas_fail(err, MAS_EIO, "%s: nothing to write: the run has no trajectory", path);
    if (r->model.n_params > 0 && !r->model.p)
        return mas_fail(err, MAS_EIO, "%s: the run has no parameter vector", path);
    return MAS_OK;
}

/* What mas_write_atomically() hands to fill_file(). */
struct h5_job {
    const char *path;
    const struct mas_run *r;
};

/* Write the layout into the temporary with HDF5's own error printing off
 * (failures become messages in err), restoring it afterwards. */
static int fill_file(const char *tmp, void *ctx, char *err)
{
    const struct h5_job *job = ctx;
    H5E_auto2_t old_func = NULL;
    void *old_data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int st = write_file(tmp, job->path, job->r, err);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (st != MAS_OK)
        mas_h5_mark_unusable();
    return st;
}

int mas_output_h5_write(const char *path, const struct mas_run *r, char *err)
{
    int st = check_run(path, r, err);
    if (st != MAS_OK)
        return st;
    struct h5_job job = { path, r };
    return mas_write_atomically(path, fill_file, &job, err);
}

/* ---- tables for other writers (h5table.h) ------------------------------------- */

int mas_h5_table(int64_t loc, const char *name, const char *scale_name, size_t n,
                 const struct mas_h5_column *cols, int n_cols, const char *path, char *err)
{
    struct h5w w = { .file = loc, .time = -1, .path = path, .err = err };
    char what[160];
    snprintf(what, sizeof what, "/%s", name);
    hid_t g = create_group(loc, name);
    if (g < 0)
        return h5_fail(&w, what);
    snprintf(what, sizeof what, "/%s/%s", name, scale_name);
    hid_t scale = write_index(g, scale_name, n);
    int st = finish_table_column(&w, scale, what, -1, scale_name, "1", "row number");
    for (int c = 0; st == MAS_OK && c < n_cols; c++) {
        const struct mas_h5_column *k = &cols[c];
        hid_t d = k->kind == MAS_H5_DOUBLE ? write_doubles(g, k->name, k->d, n, 1, 0)
                : k->kind == MAS_H5_INT ? write_counts(g, k->name, k->i, n)
                : write_strings(g, k->name, (const char **)k->s, n);
        snprintf(what, sizeof what, "/%s/%s", name, k->name);
        st = finish_table_column(&w, d, what, scale, NULL,
                                 k->kind == MAS_H5_STRING ? NULL : k->units, k->description);
    }
    if (scale >= 0 && H5Dclose(scale) < 0 && st == MAS_OK)
        st = h5_fail(&w, name);
    if (H5Gclose(g) < 0 && st == MAS_OK)
        st = h5_fail(&w, name);
    return st;
}

int mas_h5_matrix(int64_t loc, const char *name, const double *v, size_t rows, size_t cols,
                  const char *units, const char *description, const char *path, char *err)
{
    struct h5w w = { .file = loc, .time = -1, .path = path, .err = err };
    hsize_t dim[2] = { rows, cols };
    hid_t space = H5Screate_simple(2, dim, NULL), d = -1;
    if (space >= 0)
        d = H5Dcreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int failed = d < 0 || (rows * cols > 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                                   H5P_DEFAULT, v) < 0)
              || attr_string(d, "units", units) < 0
              || attr_string(d, "description", description) < 0;
    int st = failed ? h5_fail(&w, name) : MAS_OK;
    /* each axis on a dimension scale of its own (netCDF clients need one
     * per axis): NAME_row and NAME_column, 0..n-1 */
    for (int axis = 0; st == MAS_OK && axis < 2; axis++) {
        char sname[128];
        snprintf(sname, sizeof sname, "%s_%s", name, axis ? "column" : "row");
        hid_t sc = write_index(loc, sname, axis ? cols : rows);
        if (sc < 0 || H5DSset_scale(sc, sname) < 0 || attr_string(sc, "units", "1") < 0
            || H5DSattach_scale(d, sc, (unsigned)axis) < 0)
            st = h5_fail(&w, sname);
        if (sc >= 0 && H5Dclose(sc) < 0 && st == MAS_OK)
            st = h5_fail(&w, sname);
    }
    if (d >= 0 && H5Dclose(d) < 0 && st == MAS_OK)
        st = h5_fail(&w, name);
    if (space >= 0)
        H5Sclose(space);
    return st;
}

int mas_h5_attr_double(int64_t obj, const char *name, double v, const char *units,
                       const char *path, char *err)
{
    struct h5w w = { .file = obj, .time = -1, .path = path, .err = err };
    char unit_name[160];
    snprintf(unit_name, sizeof unit_name, "%s_units", name);
    if (attr_double(obj, name, v) < 0 || (units && attr_string(obj, unit_name, units) < 0))
        return h5_fail(&w, name);
    return MAS_OK;
}

int64_t mas_h5_group(int64_t loc, const char *name)
{
    return create_group(loc, name);
}
