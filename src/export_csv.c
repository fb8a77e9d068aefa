/*
 * export_csv.c — `massim export RUN.h5 --csv FILE`: a run's HDF5 file
 * (DESIGN.md, docs/output.md) turned back into the CSV table that
 * `massim run --csv` writes (output_csv.c), byte for byte:
 *
 *     time_day,NAME [unit],...      /states first, then /observables
 *
 * The columns of a group are its datasets in link creation order (which
 * output_h5.c records, writing the series in model order; name order for a
 * group without a creation-order index), less the hard link to /time each
 * group holds as its dimension scale; a column's unit is its "units"
 * attribute.  Everything is read into memory first (runs are small;
 * EXPORT_MAX_VALUES bounds what a hostile file can ask for), with HDF5's
 * own error printing off, then written by the writer of `run --csv`
 * (mas_csv_write, output_csv.c), all or nothing, so an existing FILE is
 * only ever replaced by a complete table.
 */
#include "export.h"
#include "massim.h"
#include "output.h"

#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The most numbers (/time plus every column) held in memory: 2^27 doubles,
 * 1 GiB.  A 60-day run sampled hourly with 60 columns holds about 10^5. */
#define EXPORT_MAX_VALUES ((size_t)1 << 27)

struct column {
    char *name;    /* the dataset's link name */
    char *unit;    /* its "units" attribute, "" without one */
    double *v;     /* n_time values */
};

/* The trajectory as read: owns every string and array in it. */
struct table {
    size_t n_time;
    double *time;
    struct column *col;
    size_t n_cols, cap;
};

static void table_free(struct table *t)
{
    for (size_t i = 0; i < t->n_cols; i++) {
        free(t->col[i].name);
        free(t->col[i].unit);
        free(t->col[i].v);
    }
    free(t->col);
    free(t->time);
    memset(t, 0, sizeof *t);
}

/* ---- which object a link leads to -------------------------------------- */

/* Enough to tell whether two links lead to the same object, and whether it
 * is a dataset.  HDF5 1.12 replaced object addresses by tokens. */
struct obj_id {
    H5O_type_t type;
    unsigned long fileno;
#if H5_VERSION_GE(1, 12, 0)
    H5O_token_t token;
#else
    haddr_t addr;
#endif
};

static int object_of(hid_t loc, const char *name, struct obj_id *id)
{
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    if (H5Oget_info_by_name3(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
        return -1;
    id->token = info.token;
#else
    H5O_info_t info;
    if (H5Oget_info_by_name2(loc, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) < 0)
        return -1;
    id->addr = info.addr;
#endif
    id->type = info.type;
    id->fileno = info.fileno;
    return 0;
}

static int same_object(hid_t loc, const struct obj_id *a, const struct obj_id *b)
{
    if (a->fileno != b->fileno)
        return 0;
#if H5_VERSION_GE(1, 12, 0)
    int cmp = 1;
    return H5Otoken_cmp(loc, &a->token, &b->token, &cmp) >= 0 && cmp == 0;
#else
    (void)loc;
    return a->addr == b->addr;
#endif
}

/* ---- reading ----------------------------------------------------------- */

/* What the readers below share; `group` is the one being walked. */
struct reader {
    const char *file;
    char *err;
    struct table *t;
    struct obj_id time_obj;   /* /time, to leave out its links in groups */
    const char *group;
    int status;               /* of the walk, for the link callback */
};

/* The length of the 1-D dataset d; -1 if it is not 1-D. */
static int length_of(hid_t d, hsize_t *n)
{
    hid_t sp = H5Dget_space(d);
    int ok = sp >= 0 && H5Sget_simple_extent_type(sp) == H5S_SIMPLE
             && H5Sget_simple_extent_ndims(sp) == 1
             && H5Sget_simple_extent_dims(sp, n, NULL) == 1;
    if (sp >= 0)
        H5Sclose(sp);
    return ok ? 0 : -1;
}

/* Read the dataset d (`what` in messages) as n_time doubles into *out. */
static int read_doubles(hid_t d, const char *what, struct reader *r, double **out)
{
    size_t n = r->t->n_time;
    hsize_t len = 0;
    *out = NULL;
    if (length_of(d, &len) < 0 || len != n)
        return mas_fail(r->err, MAS_EINPUT, "%s: %s is not a 1-D series of %zu values "
                        "like /time", r->file, what, n);
    double *v = malloc(n * sizeof *v);
    if (!v)
        return mas_fail(r->err, MAS_EIO, "%s: out of memory reading %s", r->file, what);
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        free(v);
        return mas_fail(r->err, MAS_EINPUT, "%s: cannot read %s as numbers", r->file, what);
    }
    *out = v;
    return MAS_OK;
}

/* A one-element string attribute as a new C string, or NULL: variable-length
 * (as output_h5.c writes it, freed by HDF5) or fixed-length up to 4 KiB. */
static char *read_string(hid_t a, hid_t ftype)
{
    int vlen = H5Tis_variable_str(ftype) > 0;
    size_t size = vlen ? 0 : H5Tget_size(ftype);
    if (!vlen && (size == 0 || size > 4096))
        return NULL;
    hid_t mt = H5Tcopy(ftype);
    char *v = NULL, *s = vlen ? NULL : calloc(size + 1, 1);
    int ok = mt >= 0 && (vlen || (s && H5Tset_size(mt, size + 1) >= 0
                                  && H5Tset_strpad(mt, H5T_STR_NULLTERM) >= 0))
             && H5Aread(a, mt, vlen ? (void *)&v : (void *)s) >= 0;
    if (mt >= 0)
        H5Tclose(mt);
    if (!ok) {
        free(s);
        return NULL;
    }
    if (vlen) {
        s = strdup(v ? v : "");
        H5free_memory(v);
    }
    return s;
}

/* The "units" attribute of d into *out ("" when there is none). */
static int read_units(hid_t d, const char *what, struct reader *r, char **out)
{
    htri_t has = H5Aexists(d, "units");
    *out = has == 0 ? strdup("") : NULL;
    if (has == 0)
        return *out ? MAS_OK : mas_fail(r->err, MAS_EIO, "%s: out of memory", r->file);
    hid_t a = has > 0 ? H5Aopen(d, "units", H5P_DEFAULT) : -1;
    hid_t ft = a >= 0 ? H5Aget_type(a) : -1;
    hid_t sp = a >= 0 ? H5Aget_space(a) : -1;
    if (ft >= 0 && sp >= 0 && H5Tget_class(ft) == H5T_STRING
        && H5Sget_simple_extent_npoints(sp) == 1)
        *out = read_string(a, ft);
    if (sp >= 0)
        H5Sclose(sp);
    if (ft >= 0)
        H5Tclose(ft);
    if (a >= 0)
        H5Aclose(a);
    if (!*out)
        return mas_fail(r->err, MAS_EINPUT, "%s: cannot read the units of %s as one string",
                        r->file, what);
    return MAS_OK;
}

/* Read the dataset g/name into a new column at the end of the table. */
static int add_column(hid_t g, const char *name, struct reader *r)
{
    struct table *t = r->t;
    char what[320];
    snprintf(what, sizeof what, "/%s/%s", r->group, name);
    if ((t->n_cols + 2) * t->n_time > EXPORT_MAX_VALUES)
        return mas_fail(r->err, MAS_EINPUT, "%s: too large to export: more than %zu values",
                        r->file, EXPORT_MAX_VALUES);
    if (t->n_cols == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        struct column *c = realloc(t->col, cap * sizeof *c);
        if (!c)
            return mas_fail(r->err, MAS_EIO, "%s: out of memory", r->file);
        t->col = c, t->cap = cap;
    }
    struct column c = { NULL, NULL, NULL };
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    int st = d < 0 ? mas_fail(r->err, MAS_EINPUT, "%s: cannot open %s", r->file, what)
                   : read_doubles(d, what, r, &c.v);
    if (st == MAS_OK)
        st = read_units(d, what, r, &c.unit);
    if (st == MAS_OK && !(c.name = strdup(name)))
        st = mas_fail(r->err, MAS_EIO, "%s: out of memory", r->file);
    if (d >= 0)
        H5Dclose(d);
    if (st != MAS_OK) {
        free(c.v);
        free(c.unit);
        return st;
    }
    t->col[t->n_cols++] = c;
    return MAS_OK;
}

/* H5Literate callback: every dataset reached by a hard link is a column,
 * except /time itself (the group's dimension scale). */
static herr_t visit_link(hid_t g, const char *name, const H5L_info_t *info, void *data)
{
    struct reader *r = data;
    struct obj_id id;
    if (info->type != H5L_TYPE_HARD)
        return 0;
    if (object_of(g, name, &id) < 0) {
        r->status = mas_fail(r->err, MAS_EINPUT, "%s: cannot inspect /%s/%s", r->file,
                             r->group, name);
        return -1;
    }
    if (id.type != H5O_TYPE_DATASET || same_object(g, &id, &r->time_obj))
        return 0;
    r->status = add_column(g, name, r);
    return r->status == MAS_OK ? 0 : -1;
}

/* Append the columns of /group in creation order, else in name order.
 * (H5Literate is the name HDF5 1.10 gives to 1.12's H5Literate2.) */
static int read_group(hid_t f, const char *group, int required, struct reader *r)
{
    htri_t has = H5Lexists(f, group, H5P_DEFAULT);
    if (has <= 0)
        return required ? mas_fail(r->err, MAS_EINPUT, "%s: not a massim run: no group /%s",
                                   r->file, group) : MAS_OK;
    hid_t g = H5Gopen2(f, group, H5P_DEFAULT);
    if (g < 0)
        return mas_fail(r->err, MAS_EINPUT, "%s: not a massim run: /%s is not a group",
                        r->file, group);
    r->group = group;
    r->status = MAS_OK;
    size_t before = r->t->n_cols;
    hsize_t idx = 0;
    herr_t e = H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, visit_link, r);
    if (e < 0 && r->status == MAS_OK && r->t->n_cols == before) {
        idx = 0;   /* no creation-order index: nothing was read yet */
        e = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, visit_link, r);
    }
    if (e < 0 && r->status == MAS_OK)
        r->status = mas_fail(r->err, MAS_EINPUT, "%s: cannot list /%s", r->file, group);
    H5Gclose(g);
    return r->status;
}

/* /time: a non-empty 1-D dataset; it sets the length of every column. */
static int read_time(hid_t f, struct reader *r)
{
    if (H5Lexists(f, "time", H5P_DEFAULT) <= 0 || object_of(f, "time", &r->time_obj) < 0
        || r->time_obj.type != H5O_TYPE_DATASET)
        return mas_fail(r->err, MAS_EINPUT, "%s: not a massim run: no dataset /time", r->file);
    hid_t d = H5Dopen2(f, "time", H5P_DEFAULT);
    hsize_t n = 0;
    int st;
    if (d < 0 || length_of(d, &n) < 0)
        st = mas_fail(r->err, MAS_EINPUT, "%s: not a massim run: /time is not 1-D", r->file);
    else if (n == 0)
        st = mas_fail(r->err, MAS_EINPUT, "%s: /time is empty: the run has no trajectory",
                      r->file);
    else if (n > EXPORT_MAX_VALUES)
        st = mas_fail(r->err, MAS_EINPUT, "%s: too large to export: more than %zu values",
                      r->file, EXPORT_MAX_VALUES);
    else {
        r->t->n_time = (size_t)n;
        st = read_doubles(d, "/time", r, &r->t->time);
    }
    if (d >= 0)
        H5Dclose(d);
    return st;
}

/* Open the file as HDF5 and read the table, HDF5's own error printing off. */
static int read_h5(const char *path, struct table *t, char *err)
{
    H5E_auto2_t old_func = NULL;
    void *old_data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int st;
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        st = mas_fail(err, MAS_EINPUT, "%s: not an HDF5 file", path);
    } else {
        struct reader r = { .file = path, .err = err, .t = t };
        st = read_time(f, &r);
        if (st == MAS_OK)
            st = read_group(f, "states", 1, &r);
        if (st == MAS_OK)
            st = read_group(f, "observables", 0, &r);
        H5Fclose(f);
    }
    H5Eclear2(H5E_DEFAULT);
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    return st;
}

/* The table as the columns mas_csv_write() takes (output_csv.c). */
static int write_csv(const char *path, const struct table *t, char *err)
{
    struct mas_csv_column *c = calloc(t->n_cols ? t->n_cols : 1, sizeof *c);
    if (!c)
        return mas_fail(err, MAS_EIO, "%s: out of memory", path);
    for (size_t i = 0; i < t->n_cols; i++)
        c[i] = (struct mas_csv_column){ t->col[i].name, t->col[i].unit, t->col[i].v, 1 };
    int st = mas_csv_write(path, t->n_time, t->time, c, t->n_cols, err);
    free(c);
    return st;
}

/* ---- the verb ---------------------------------------------------------- */

/* The run file must be a readable regular file, and not csv_path itself
 * (exporting over the run would destroy it). */
static int check_input(const char *h5_path, const char *csv_path, char *err)
{
    struct stat in, out;
    if (!h5_path || !*h5_path)
        return mas_fail(err, MAS_EINPUT, "no run file given");
    if (stat(h5_path, &in) != 0 || access(h5_path, R_OK) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: %s", h5_path, strerror(errno));
    if (!S_ISREG(in.st_mode))
        return mas_fail(err, MAS_EINPUT, "%s: not a regular file", h5_path);
    if (stat(csv_path, &out) == 0 && out.st_dev == in.st_dev && out.st_ino == in.st_ino)
        return mas_fail(err, MAS_EINPUT, "%s: is the run file itself; choose another CSV name",
                        csv_path);
    return MAS_OK;
}

int mas_export_csv(const char *h5_path, const char *csv_path, char *err)
{
    int st = mas_output_path_ok(csv_path, err);
    if (st == MAS_OK)
        st = check_input(h5_path, csv_path, err);
    if (st != MAS_OK)
        return st;
    struct table t = { 0, NULL, NULL, 0, 0 };
    st = read_h5(h5_path, &t, err);
    if (st == MAS_OK)
        st = write_csv(csv_path, &t, err);
    table_free(&t);
    return st;
}
