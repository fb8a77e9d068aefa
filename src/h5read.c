/*
 * h5read.c — checked reading of HDF5 files (h5read.h).
 *
 * Each reader first opens the object and its type and dataspace, compares
 * them with what the caller expects, bounds the bytes it is about to
 * allocate by what the file can hold, and only then reads.  Every
 * identifier is closed on every path.
 */
#include "h5read.h"
#include "h5attr.h"
#include "massim.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

/* deflate's best ratio is about 1,032:1; nothing may declare more */
#define BYTES_PER_FILE_BYTE 1100ULL
#define BYTES_FREE (1ULL << 20)

__attribute__((format(printf, 3, 4)))
static int fail(struct mas_h5r *r, const char *obj, const char *fmt, ...)
{
    /* HDF5 may be left unable to close after a damaged file (its exit
     * handler then loops): the process leaves without it (h5attr.h) */
    mas_h5_mark_unusable();
    char msg[MAS_ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return mas_fail(r->err, MAS_EINPUT, "%s: %s%.200s: %s", r->path, obj[0] == '/' ? "" : "/",
                    obj, msg);
}

/* HDF5's error printing is off while any file is open through here (the
 * readers run on one thread; files may be open together, as in merge). */
static int n_open;
static H5E_auto2_t saved_func;
static void *saved_data;

static void quiet(int opening)
{
    if (opening && n_open++ == 0) {
        H5Eget_auto2(H5E_DEFAULT, &saved_func, &saved_data);
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    } else if (!opening && n_open > 0 && --n_open == 0) {
        H5Eclear2(H5E_DEFAULT);
        H5Eset_auto2(H5E_DEFAULT, saved_func, saved_data);
    }
}

/* ---- a trial read in a child process ------------------------------------- */

int mas_h5r_trial(const char *path, int (*read)(void *ctx, char *err), void *ctx, char *err)
{
    struct stat st;
    unsigned long long size = stat(path, &st) == 0 ? (unsigned long long)st.st_size : 0;
    const char *env = getenv("MASSIM_H5_TRIAL_SECONDS");
    double base = env ? strtod(env, NULL) : 0.0;
    if (!(base >= 0.01 && base <= 86400.0))
        base = 30.0;
    double seconds = base + (double)(size >> 23);        /* + 1 s per 8 MB */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return MAS_OK;              /* cannot fork: read it as before */
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        struct itimerval limit = {{0, 0}, {(time_t)seconds,
                                           (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6)}};
        setitimer(ITIMER_REAL, &limit, NULL);
        char child_err[MAS_ERR_LEN];
        int rc = read(ctx, child_err);
        /* closing the library frees what the read allocated: a heap the
         * read damaged is found here (an abort) rather than in the parent */
        if (H5close() < 0)
            _exit(4);               /* the library cannot close after it */
        _exit(rc == MAS_OK ? 0 : 3);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return MAS_OK;
    if (WIFEXITED(status) && (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 3))
        return MAS_OK;              /* the read ends by itself: do it for real */
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
        return mas_fail(err, MAS_EINPUT, "%s: a damaged HDF5 file: the HDF5 library did not "
                        "finish reading it in %g s", path, seconds);
    return mas_fail(err, MAS_EINPUT, "%s: a damaged HDF5 file: the HDF5 library fails on it "
                    "(%s %d in a trial read)", path,
                    WIFSIGNALED(status) ? "signal" : "exit status",
                    WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
}

int mas_h5r_open(struct mas_h5r *r, const char *path, char *err)
{
    memset(r, 0, sizeof *r);
    r->f = -1;
    r->path = path;
    r->err = err;
    struct stat st;
    if (stat(path, &st) != 0)
        return mas_fail(err, MAS_EINPUT, "%s: no such file", path);
    if (!S_ISREG(st.st_mode))
        return mas_fail(err, MAS_EINPUT, "%s: not a regular file", path);
    r->size = (unsigned long long)st.st_size;
    quiet(1);
    if (H5Fis_hdf5(path) <= 0 || (r->f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        quiet(0);
        r->f = -1;
        return mas_fail(err, MAS_EINPUT, "%s: not an HDF5 file", path);
    }
    return MAS_OK;
}

void mas_h5r_close(struct mas_h5r *r)
{
    if (r->f >= 0) {
        /* a damaged file HDF5 cannot close would make its exit handler
         * loop: the process then leaves without it (h5attr.h) */
        if (H5Fclose(r->f) < 0 || H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL) > 0)
            mas_h5_mark_unusable();
        quiet(0);
    }
    r->f = -1;
}

/* ---- objects ------------------------------------------------------------ */

/* Every link on the way to obj exists (H5Lexists needs its parents). */
static int links_exist(hid_t f, const char *obj)
{
    char buf[512];
    size_t n = strlen(obj);
    if (n == 0 || n >= sizeof buf)
        return 0;
    if (strcmp(obj, "/") == 0)
        return 1;
    memcpy(buf, obj, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        int ok = H5Lexists(f, buf, H5P_DEFAULT) > 0;
        buf[i] = c;
        if (!ok)
            return 0;
    }
    return 1;
}

static int object_type(struct mas_h5r *r, const char *obj)
{
    H5O_info_t info;
    if (!links_exist(r->f, obj) || H5Oget_info_by_name(r->f, obj, &info, H5P_DEFAULT) < 0)
        return -1;
    return (int)info.type;
}

int mas_h5r_has_dataset(struct mas_h5r *r, const char *obj)
{
    return object_type(r, obj) == H5O_TYPE_DATASET;
}

int mas_h5r_exists(struct mas_h5r *r, const char *obj)
{
    return object_type(r, obj) >= 0;
}

int mas_h5r_has_group(struct mas_h5r *r, const char *obj)
{
    return object_type(r, obj) == H5O_TYPE_GROUP;
}

/* The dataset obj, or -1 with the reason in r->err. */
static hid_t open_dataset(struct mas_h5r *r, const char *obj)
{
    int type = object_type(r, obj);
    if (type < 0) {
        fail(r, obj, "no such dataset");
        return -1;
    }
    if (type != H5O_TYPE_DATASET) {
        fail(r, obj, "expected a dataset, found a %s", type == H5O_TYPE_GROUP ? "group"
                                                       : "named type");
        return -1;
    }
    hid_t d = H5Dopen2(r->f, obj, H5P_DEFAULT);
    if (d < 0)
        fail(r, obj, "cannot open the dataset");
    return d;
}

/* ---- shapes, types, sizes ------------------------------------------------ */

static void describe_space(hid_t sp, char *buf, size_t n)
{
    H5S_class_t c = H5Sget_simple_extent_type(sp);
    if (c == H5S_SCALAR) {
        snprintf(buf, n, "a scalar");
        return;
    }
    if (c == H5S_NULL) {
        snprintf(buf, n, "an empty (null) dataspace");
        return;
    }
    hsize_t dims[H5S_MAX_RANK];
    int rank = H5Sget_simple_extent_dims(sp, dims, NULL);
    if (rank < 0) {
        snprintf(buf, n, "an unreadable dataspace");
        return;
    }
    size_t used = (size_t)snprintf(buf, n, "%d-D (", rank);
    for (int i = 0; i < rank && used < n; i++)
        used += (size_t)snprintf(buf + used, n - used, "%s%llu", i ? " x " : "",
                                 (unsigned long long)dims[i]);
    if (used < n)
        snprintf(buf + used, n - used, ")");
}

/* The dataspace of d has this rank and these dimensions (dims[i] ==
 * SIZE_MAX: any, and the found size is written back). */
static int check_shape(struct mas_h5r *r, const char *obj, hid_t sp, int rank, size_t *dims)
{
    char found[128];
    hsize_t got[H5S_MAX_RANK];
    int ok = sp >= 0 && H5Sget_simple_extent_type(sp) == H5S_SIMPLE
          && H5Sget_simple_extent_ndims(sp) == rank
          && H5Sget_simple_extent_dims(sp, got, NULL) == rank;
    for (int i = 0; ok && i < rank; i++)
        ok = dims[i] == SIZE_MAX ? got[i] <= SIZE_MAX : got[i] == dims[i];
    if (ok) {
        for (int i = 0; i < rank; i++)
            dims[i] = (size_t)got[i];
        return MAS_OK;
    }
    if (sp < 0)
        return fail(r, obj, "cannot read its dataspace");
    describe_space(sp, found, sizeof found);
    if (rank == 1 && dims[0] != SIZE_MAX)
        return fail(r, obj, "expected 1-D (%zu), found %s", dims[0], found);
    if (rank == 1)
        return fail(r, obj, "expected 1-D, found %s", found);
    return fail(r, obj, "expected %d-D (%zu x %zu), found %s", rank, dims[0], dims[1], found);
}

/* n values of `elem` bytes fit what the file can hold. */
static int bounded(struct mas_h5r *r, const char *obj, size_t n, size_t elem)
{
    unsigned long long limit = r->size * BYTES_PER_FILE_BYTE + BYTES_FREE;
    if (elem && n > limit / elem)
        return fail(r, obj, "declares %zu values of %zu bytes, more than a file of %llu bytes "
                    "can hold", n, elem, r->size);
    return MAS_OK;
}

static const char *class_name(H5T_class_t c)
{
    switch (c) {
    case H5T_INTEGER: return "integers";
    case H5T_FLOAT: return "floating-point numbers";
    case H5T_STRING: return "strings";
    case H5T_COMPOUND: return "a compound type";
    case H5T_ENUM: return "an enumeration";
    case H5T_ARRAY: return "arrays";
    case H5T_VLEN: return "variable-length sequences";
    case H5T_REFERENCE: return "references";
    case H5T_OPAQUE: return "opaque data";
    case H5T_BITFIELD: return "bit fields";
    default: return "an unknown type";
    }
}

static int check_numeric(struct mas_h5r *r, const char *obj, hid_t t, int integers_only)
{
    H5T_class_t c = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    if (c == H5T_INTEGER || (c == H5T_FLOAT && !integers_only))
        return MAS_OK;
    return fail(r, obj, "expected %s, found %s", integers_only ? "integers" : "numbers",
                class_name(c));
}

/* Close a dataset and the type and dataspace taken from it (-1: none). */
static void close_dataset(hid_t d, hid_t sp, hid_t t)
{
    if (t >= 0)
        H5Tclose(t);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
}

/* ---- datasets ----------------------------------------------------------- */

int mas_h5r_length(struct mas_h5r *r, const char *obj, size_t *n)
{
    hid_t d = open_dataset(r, obj);
    if (d < 0)
        return MAS_EINPUT;
    hid_t sp = H5Dget_space(d);
    size_t dims[1] = {SIZE_MAX};
    int rc = check_shape(r, obj, sp, 1, dims);
    if (sp >= 0)
        H5Sclose(sp);
    H5Dclose(d);
    *n = dims[0];
    return rc;
}

/* Read an n-value numeric dataset of the given rank and shape as mtype
 * (elem bytes each) into new storage. */
static int read_numeric(struct mas_h5r *r, const char *obj, int rank, size_t *dims,
                        hid_t mtype, size_t elem, int integers_only, void **out)
{
    *out = NULL;
    hid_t d = open_dataset(r, obj);
    if (d < 0)
        return MAS_EINPUT;
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    int rc = check_shape(r, obj, sp, rank, dims);
    size_t n = rank == 1 ? dims[0] : dims[0] * dims[1];
    if (rc == MAS_OK && rank == 2 && dims[1] && dims[0] > SIZE_MAX / dims[1])
        rc = fail(r, obj, "too many values");
    if (rc == MAS_OK)
        rc = check_numeric(r, obj, t, integers_only);
    if (rc == MAS_OK)
        rc = bounded(r, obj, n, elem);
    void *v = NULL;
    if (rc == MAS_OK && !(v = malloc(n ? n * elem : 1)))
        rc = mas_fail(r->err, MAS_EIO, "%s: /%s: out of memory for %zu values", r->path, obj, n);
    if (rc == MAS_OK && n && H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0)
        rc = fail(r, obj, "cannot read its %zu values (damaged file?)", n);
    close_dataset(d, sp, t);
    if (rc != MAS_OK) {
        free(v);
        return rc;
    }
    *out = v;
    return MAS_OK;
}

int mas_h5r_doubles(struct mas_h5r *r, const char *obj, size_t n, double **out)
{
    size_t dims[1] = {n};
    return read_numeric(r, obj, 1, dims, H5T_NATIVE_DOUBLE, sizeof **out, 0, (void **)out);
}

int mas_h5r_int64s(struct mas_h5r *r, const char *obj, size_t n, int64_t **out)
{
    size_t dims[1] = {n};
    return read_numeric(r, obj, 1, dims, H5T_NATIVE_INT64, sizeof **out, 1, (void **)out);
}

int mas_h5r_matrix(struct mas_h5r *r, const char *obj, size_t rows, size_t cols, double **out)
{
    size_t dims[2] = {rows, cols};
    return read_numeric(r, obj, 2, dims, H5T_NATIVE_DOUBLE, sizeof **out, 0, (void **)out);
}

void mas_h5r_free_strings(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* A memory string type matching the file's t: variable-length or fixed
 * of the same size, the same character set. */
static hid_t string_memtype(hid_t t)
{
    hid_t m = H5Tcopy(H5T_C_S1);
    int vlen = H5Tis_variable_str(t);
    size_t size = H5Tget_size(t);
    if (m < 0 || vlen < 0 || H5Tset_size(m, vlen ? H5T_VARIABLE : size) < 0
        || H5Tset_cset(m, H5Tget_cset(t)) < 0
        || (!vlen && H5Tset_strpad(m, H5T_STR_NULLPAD) < 0)) {
        if (m >= 0)
            H5Tclose(m);
        return -1;
    }
    return m;
}

/* A copy of at most len bytes of s (to its first NUL), or NULL. */
static char *copy_text(const char *s, size_t len)
{
    size_t n = s ? strnlen(s, len) : 0;
    char *c = malloc(n + 1);
    if (c) {
        if (n)
            memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static int check_string_type(struct mas_h5r *r, const char *obj, hid_t t, size_t max_len)
{
    H5T_class_t c = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    if (c != H5T_STRING)
        return fail(r, obj, "expected text, found %s", class_name(c));
    if (H5Tis_variable_str(t) == 0 && H5Tget_size(t) > max_len + 1)
        return fail(r, obj, "strings of %zu bytes, longer than the %zu allowed",
                    H5Tget_size(t), max_len);
    return MAS_OK;
}

int mas_h5r_strings(struct mas_h5r *r, const char *obj, size_t n, size_t max_len, char ***out)
{
    *out = NULL;
    hid_t d = open_dataset(r, obj);
    if (d < 0)
        return MAS_EINPUT;
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d), m = -1;
    size_t dims[1] = {n};
    int rc = check_shape(r, obj, sp, 1, dims);
    if (rc == MAS_OK)
        rc = check_string_type(r, obj, t, max_len);
    int vlen = rc == MAS_OK ? H5Tis_variable_str(t) > 0 : 0;
    size_t size = rc == MAS_OK ? (vlen ? sizeof(char *) : H5Tget_size(t)) : 0;
    if (rc == MAS_OK)
        rc = bounded(r, obj, n, size);
    if (rc == MAS_OK && (m = string_memtype(t)) < 0)
        rc = fail(r, obj, "unsupported string type");
    if (rc == MAS_OK && vlen) {
        hsize_t bytes = 0;
        if (H5Dvlen_get_buf_size(d, m, sp, &bytes) < 0)
            rc = fail(r, obj, "cannot size its strings (damaged file?)");
        else if (bytes > (hsize_t)n * (max_len + 1))
            rc = fail(r, obj, "strings of %llu bytes in all, more than %zu strings of at most "
                      "%zu bytes", (unsigned long long)bytes, n, max_len);
    }
    char *buf = NULL, **v = NULL;
    if (rc == MAS_OK && (!(buf = calloc(n ? n : 1, size ? size : 1))
                         || !(v = calloc(n ? n : 1, sizeof *v))))
        rc = mas_fail(r->err, MAS_EIO, "%s: /%s: out of memory", r->path, obj);
    int read = rc == MAS_OK && n && H5Dread(d, m, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0;
    if (rc == MAS_OK && n && !read)
        rc = fail(r, obj, "cannot read its %zu strings (damaged file?)", n);
    for (size_t i = 0; rc == MAS_OK && i < n; i++) {
        const char *s = vlen ? ((char **)(void *)buf)[i] : buf + i * size;
        if (vlen && s && strlen(s) > max_len)
            rc = fail(r, obj, "string %zu is longer than the %zu bytes allowed", i, max_len);
        else if (!(v[i] = copy_text(s, vlen ? max_len : size)))
            rc = mas_fail(r->err, MAS_EIO, "%s: /%s: out of memory", r->path, obj);
    }
    if (read && vlen)
        H5Dvlen_reclaim(m, sp, H5P_DEFAULT, buf);
    free(buf);
    if (m >= 0)
        H5Tclose(m);
    close_dataset(d, sp, t);
    if (rc != MAS_OK) {
        mas_h5r_free_strings(v, n);
        return rc;
    }
    *out = v;
    return MAS_OK;
}

int mas_h5r_check(struct mas_h5r *r, const char *obj, int rank, size_t rows, size_t cols,
                  int kind, size_t max_len)
{
    hid_t d = open_dataset(r, obj);
    if (d < 0)
        return MAS_EINPUT;
    hid_t sp = H5Dget_space(d), t = H5Dget_type(d);
    size_t dims[2] = {rows, cols};
    int rc = rank == 1 || rank == 2 ? check_shape(r, obj, sp, rank, dims)
           : fail(r, obj, "no rank %d datasets here", rank);
    if (rc == MAS_OK)
        rc = kind == MAS_H5R_TEXT ? check_string_type(r, obj, t, max_len)
           : check_numeric(r, obj, t, kind == MAS_H5R_INTEGER);
    close_dataset(d, sp, t);
    return rc;
}

/* ---- attributes --------------------------------------------------------- */

int mas_h5r_has_attr(struct mas_h5r *r, const char *obj, const char *name)
{
    return object_type(r, obj) >= 0 && H5Aexists_by_name(r->f, obj, name, H5P_DEFAULT) > 0;
}

/* The attribute, checked to hold one value; -1 with r->err filled. */
static hid_t open_attr(struct mas_h5r *r, const char *obj, const char *name, char *label,
                       size_t n)
{
    snprintf(label, n, "%s%s%s", strcmp(obj, "/") ? obj : "", strcmp(obj, "/") ? "/" : "",
             name);
    if (!mas_h5r_has_attr(r, obj, name)) {
        fail(r, label, "no such attribute");
        return -1;
    }
    hid_t a = H5Aopen_by_name(r->f, obj, name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t sp = a >= 0 ? H5Aget_space(a) : -1;
    H5S_class_t c = sp >= 0 ? H5Sget_simple_extent_type(sp) : H5S_NO_CLASS;
    int one = c == H5S_SCALAR || (c == H5S_SIMPLE && H5Sget_simple_extent_npoints(sp) == 1);
    if (a >= 0 && !one) {
        char found[128];
        describe_space(sp, found, sizeof found);
        fail(r, label, "expected one value, found %s", found);
    } else if (a < 0) {
        fail(r, label, "cannot open the attribute");
    }
    if (sp >= 0)
        H5Sclose(sp);
    if (a >= 0 && !one) {
        H5Aclose(a);
        a = -1;
    }
    return a;
}

int mas_h5r_attr_text(struct mas_h5r *r, const char *obj, const char *name, size_t max_len,
                      char **out)
{
    char label[600];
    *out = NULL;
    hid_t a = open_attr(r, obj, name, label, sizeof label);
    if (a < 0)
        return MAS_EINPUT;
    hid_t t = H5Aget_type(a), m = -1;
    int rc = check_string_type(r, label, t, max_len);
    int vlen = rc == MAS_OK && H5Tis_variable_str(t) > 0;
    if (rc == MAS_OK && (m = string_memtype(t)) < 0)
        rc = fail(r, label, "unsupported string type");
    if (rc == MAS_OK && vlen) {
        char *s = NULL;
        if (H5Aread(a, m, &s) < 0)
            rc = fail(r, label, "cannot read the attribute (damaged file?)");
        else if (s && strlen(s) > max_len)
            rc = fail(r, label, "longer than the %zu bytes allowed", max_len);
        else if (!(*out = copy_text(s, max_len)))
            rc = mas_fail(r->err, MAS_EIO, "out of memory");
        if (s)
            H5free_memory(s);
    } else if (rc == MAS_OK) {
        size_t size = H5Tget_size(t);
        char *buf = calloc(size + 1, 1);
        if (!buf)
            rc = mas_fail(r->err, MAS_EIO, "out of memory");
        else if (H5Aread(a, m, buf) < 0)
            rc = fail(r, label, "cannot read the attribute (damaged file?)");
        else if (!(*out = copy_text(buf, size)))
            rc = mas_fail(r->err, MAS_EIO, "out of memory");
        free(buf);
    }
    if (m >= 0)
        H5Tclose(m);
    if (t >= 0)
        H5Tclose(t);
    H5Aclose(a);
    return rc;
}

static int read_attr_number(struct mas_h5r *r, const char *obj, const char *name,
                            int integers_only, hid_t mtype, void *out)
{
    char label[600];
    hid_t a = open_attr(r, obj, name, label, sizeof label);
    if (a < 0)
        return MAS_EINPUT;
    hid_t t = H5Aget_type(a);
    int rc = check_numeric(r, label, t, integers_only);
    if (rc == MAS_OK && integers_only && H5Tget_sign(t) == H5T_SGN_2) {
        int64_t v = 0;
        if (H5Aread(a, H5T_NATIVE_INT64, &v) < 0)
            rc = fail(r, label, "cannot read the attribute (damaged file?)");
        else if (v < 0)
            rc = fail(r, label, "expected a count (>= 0), found %lld", (long long)v);
        else
            *(uint64_t *)out = (uint64_t)v;
    } else if (rc == MAS_OK && H5Aread(a, mtype, out) < 0) {
        rc = fail(r, label, "cannot read the attribute (damaged file?)");
    }
    if (t >= 0)
        H5Tclose(t);
    H5Aclose(a);
    return rc;
}

int mas_h5r_attr_double(struct mas_h5r *r, const char *obj, const char *name, double *out)
{
    return read_attr_number(r, obj, name, 0, H5T_NATIVE_DOUBLE, out);
}

int mas_h5r_attr_u64(struct mas_h5r *r, const char *obj, const char *name, uint64_t *out)
{
    return read_attr_number(r, obj, name, 1, H5T_NATIVE_UINT64, out);
}
