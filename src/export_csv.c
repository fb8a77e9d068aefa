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
#include "h5read.h"
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
    struct mas_h5r *h5;       /* the checked reader (h5read.h) */
    const char *file;
    char *err;
    struct table *t;
    struct obj_id time_obj;   /* /time, to leave out its links in groups */
    const char *group;
    int status;               /* of the walk, for the link callback */
};

/* The "units" attribute of the dataset at path into *out ("" when there
 * is none). */
static int read_units(const char *path, struct reader *r, char **out)
{
    *out = NULL;
    if (mas_h5r_has_attr(r->h5, path, "units"))
        return mas_h5r_attr_text(r->h5, path, "units", 256, out);
    *out = strdup("");
    return *out ? MAS_OK : mas_fail(r->err, MAS_EIO, "%s: out of memory", r->file);
}

/* Read the dataset /group/name into a new column at the end of the table. */
static int add_column(const char *name, struct reader *r)
{
    struct table *t = r->t;
    char path[320];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", r->group, name) >= sizeof path)
        return mas_fail(r->err, MAS_EINPUT, "%s: /%s/%.60s...: name too long", r->file,
                        r->group, name);
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
    int st = mas_h5r_doubles(r->h5, path, t->n_time, &c.v);
    if (st == MAS_OK)
        st = read_units(path, r, &c.unit);
    if (st == MAS_OK && !(c.name = strdup(name)))
        st = mas_fail(r->err, MAS_EIO, "%s: out of memory", r->file);
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
    r->status = add_column(name, r);
    return r->status == MAS_OK ? 0 : -1;
}

/* Append the columns of /group in creation order, else in name order.
 * (H5Literate is the name HDF5 1.10 gives to 1.12's H5Literate2.) */
static int read_group(hid_t f, const char *group, int required, struct reader *r)
{
    if (!mas_h5r_has_group(r->h5, group) && !mas_h5r_has_dataset(r->h5, group))
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
    if (!mas_h5r_has_dataset(r->h5, "time") || object_of(f, "time", &r->time_obj) < 0)
        return mas_fail(r->err, MAS_EINPUT, "%s: not a massim run: no dataset /time", r->file);
    size_t n = 0;
    int st = mas_h5r_length(r->h5, "time", &n);
    if (st == MAS_OK && n == 0)
        st = mas_fail(r->err, MAS_EINPUT, "%s: /time is empty: the run has no trajectory",
                      r->file);
    else if (st == MAS_OK && n > EXPORT_MAX_VALUES)
        st = mas_fail(r->err, MAS_EINPUT, "%s: too large to export: more than %zu values",
                      r->file, EXPORT_MAX_VALUES);
    if (st == MAS_OK) {
        r->t->n_time = n;
        st = mas_h5r_doubles(r->h5, "time", n, &r->t->time);
    }
    return st;
}

/* Open the file (checked reader, h5read.h) and read the table. */
static int read_h5_now(const char *path, struct table *t, char *err);

static int trial_read(void *ctx, char *err)
{
    struct table t;
    memset(&t, 0, sizeof t);
    int rc = read_h5_now(ctx, &t, err);
    table_free(&t);
    return rc;
}

static int read_h5(const char *path, struct table *t, char *err)
{
    int rc = mas_h5r_trial(path, trial_read, (void *)path, err);
    return rc == MAS_OK ? read_h5_now(path, t, err) : rc;
}

static int read_h5_now(const char *path, struct table *t, char *err)
{
    struct mas_h5r h5;
    int st = mas_h5r_open(&h5, path, err);
    if (st == MAS_OK) {
        struct reader r = { .h5 = &h5, .file = path, .err = err, .t = t };
        st = read_time(h5.f, &r);
        if (st == MAS_OK)
            st = read_group(h5.f, "states", 1, &r);
        if (st == MAS_OK)
            st = read_group(h5.f, "observables", 0, &r);
        H5Eclear2(H5E_DEFAULT);
    }
    mas_h5r_close(&h5);
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
