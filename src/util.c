/*
 * util.c — small helpers shared by the machinery: error formatting, the
 * edit distance behind "did you mean", and the output-file discipline
 * (checking a path before a run, writing through a temporary + rename).
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include "massim.h"
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int mas_fail(char *err, int status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, MAS_ERR_LEN, fmt, ap);
        va_end(ap);
    }
    return status;
}

static void swap_bytes(unsigned char *a, unsigned char *b, size_t size)
{
    for (size_t i = 0; i < size; i++) {
        unsigned char t = a[i];
        a[i] = b[i];
        b[i] = t;
    }
}

/* Move element i down the max-heap of the first n elements. */
static void sift_down(unsigned char *v, size_t i, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n)
            return;
        if (child + 1 < n && cmp(v + child * size, v + (child + 1) * size) < 0)
            child++;
        if (cmp(v + i * size, v + child * size) >= 0)
            return;
        swap_bytes(v + i * size, v + child * size, size);
        i = child;
    }
}

void mas_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    unsigned char *v = base;
    if (n < 2)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(v, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(v, v + end * size, size);
        sift_down(v, 0, end, size, cmp);
    }
}

int mas_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    int d[64][64];
    if (la >= 64 || lb >= 64)
        return 1000;
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < v)
                v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[la][lb];
}

int mas_output_path_ok(const char *path, char *err)
{
    struct stat st;
    if (!path || !*path)
        return mas_fail(err, MAS_EINPUT, "no output file name given");
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
        return mas_fail(err, MAS_EINPUT, "%s: not a regular file", path);
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    char *dir = malloc(n + 2);
    if (!dir)
        return mas_fail(err, MAS_EIO, "%s: out of memory", path);
    if (!slash)
        strcpy(dir, ".");
    else if (n == 0)
        strcpy(dir, "/");
    else
        snprintf(dir, n + 1, "%s", path);
    int rc = MAS_OK;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        rc = mas_fail(err, MAS_EIO, "%s: cannot write it: directory %s does not exist",
                      path, dir);
    else if (access(dir, W_OK) != 0)
        rc = mas_fail(err, MAS_EIO, "%s: cannot write it: directory %s: %s", path, dir,
                      strerror(errno));
    free(dir);
    return rc;
}

/* The canonical name of a file that may not exist yet: its directory
 * resolved, then its own name; NULL when the directory does not resolve. */
static char *canonical(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path)) : strdup(".");
    char *real = dir ? realpath(dir, NULL) : NULL;
    const char *base = slash ? slash + 1 : path;
    char *full = real ? malloc(strlen(real) + strlen(base) + 2) : NULL;
    if (full)
        sprintf(full, "%s/%s", real, base);
    free(dir);
    free(real);
    return full;
}

int mas_output_distinct(const char *out, const char *other, const char *what, char *err)
{
    if (!out || !other)
        return MAS_OK;
    struct stat a, b;
    int same;
    if (stat(out, &a) == 0 && stat(other, &b) == 0) {
        same = a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    } else {
        char *ca = canonical(out), *cb = canonical(other);
        same = ca && cb && strcmp(ca, cb) == 0;
        free(ca);
        free(cb);
    }
    if (same)
        return mas_fail(err, MAS_EINPUT, "%s: is also %s %s; choose another output name", out,
                        what, other);
    return MAS_OK;
}

/* Make the finished temporary durable, then give it the final name. */
static int commit(const char *tmp, const char *path, char *err)
{
    int fd = open(tmp, O_RDONLY);
    if (fd < 0 || fsync(fd) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return mas_fail(err, MAS_EIO, "%s: cannot sync %s: %s", path, tmp, strerror(e));
    }
    close(fd);
    if (rename(tmp, path) != 0)
        return mas_fail(err, MAS_EIO, "%s: cannot rename %s over it: %s", path, tmp,
                        strerror(errno));
    return MAS_OK;
}

int mas_write_atomically(const char *path,
                         int (*fill)(const char *tmp, void *ctx, char *err),
                         void *ctx, char *err)
{
    size_t len = strlen(path) + 32;
    char *tmp = malloc(len);
    if (!tmp)
        return mas_fail(err, MAS_EIO, "%s: out of memory", path);
    snprintf(tmp, len, "%s.tmp.%ld", path, (long)getpid());
    int slot = mas_signals_remember(tmp);   /* a signal removes it (signals.h) */
    int st, fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0) {
        st = mas_fail(err, MAS_EIO, "%s: cannot create %s: %s", path, tmp, strerror(errno));
        mas_signals_forget(slot);
        free(tmp);
        return st;
    }
    close(fd);
    st = fill(tmp, ctx, err);
    if (st == MAS_OK)
        st = commit(tmp, path, err);
    if (st != MAS_OK)
        unlink(tmp);
    mas_signals_forget(slot);
    free(tmp);
    return st;
}

int mas_tmpfile_open(struct mas_tmpfile *t, const char *path, char *err)
{
    memset(t, 0, sizeof *t);
    t->path = path;
    t->slot = -1;
    size_t len = strlen(path) + 32;
    if (!(t->tmp = malloc(len)))
        return mas_fail(err, MAS_EIO, "%s: out of memory", path);
    snprintf(t->tmp, len, "%s.tmp.%ld", path, (long)getpid());
    t->slot = mas_signals_remember(t->tmp);
    if (!(t->f = fopen(t->tmp, "w"))) {
        int e = errno;
        mas_signals_forget(t->slot);
        free(t->tmp);
        t->tmp = NULL;
        return mas_fail(err, MAS_EIO, "%s: cannot create %s: %s", path, path, strerror(e));
    }
    return MAS_OK;
}

int mas_tmpfile_close(struct mas_tmpfile *t, int ok, char *err)
{
    int st = MAS_OK;
    if (!t->f)
        return MAS_OK;
    int bad = ferror(t->f);
    int e = bad ? errno : 0;
    if (fclose(t->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    t->f = NULL;
    if (ok && bad)
        st = mas_fail(err, MAS_EIO, "%s: cannot write it: %s", t->path,
                      e ? strerror(e) : "write error");
    if (ok && st == MAS_OK)
        st = commit(t->tmp, t->path, err);
    if (!ok || st != MAS_OK)
        unlink(t->tmp);
    mas_signals_forget(t->slot);
    free(t->tmp);
    t->tmp = NULL;
    return ok ? st : MAS_OK;
}
