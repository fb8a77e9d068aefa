/*
 * fault.c — an I/O error injected under massim (LD_PRELOAD), for
 * tests/t_hardening.sh: the disk that fails with EIO.
 *
 *   MASSIM_FAULT_PATH=DIR/ LD_PRELOAD=build/tests/libfault.so massim ...
 *
 * Every write(2), pwrite(2), fsync(2) and fdatasync(2) on a file whose path
 * starts with MASSIM_FAULT_PATH fails with EIO (MASSIM_FAULT_ERRNO, a
 * number, picks another error), as on a device that has gone bad: the
 * writes a program makes itself (HDF5, the sweep journal) fail at once,
 * and what stdio buffered fails when it is made durable (fsync), which is
 * where a real device's error is usually reported.  Other files, and
 * standard output and error, are left alone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Does fd name a file below MASSIM_FAULT_PATH? */
static int failing(int fd)
{
    const char *prefix = getenv("MASSIM_FAULT_PATH");
    if (!prefix || !*prefix || fd <= 2)
        return 0;
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0)
        return 0;
    path[n] = '\0';
    if (strncmp(path, prefix, strlen(prefix)) != 0)
        return 0;
    const char *e = getenv("MASSIM_FAULT_ERRNO");
    errno = e && atoi(e) > 0 ? atoi(e) : EIO;
    return 1;
}

typedef ssize_t write_fn(int, const void *, size_t);
typedef ssize_t pwrite_fn(int, const void *, size_t, off_t);
typedef int sync_fn(int);

/* The C library's function that `name` hides. */
static void *next(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static write_fn *real;
    if (!real)
        real = (write_fn *)next("write");
    return failing(fd) ? -1 : real(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at)
{
    static pwrite_fn *real;
    if (!real)
        real = (pwrite_fn *)next("pwrite");
    return failing(fd) ? -1 : real(fd, buf, n, at);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at)
{
    static pwrite_fn *real;
    if (!real)
        real = (pwrite_fn *)next("pwrite64");
    return failing(fd) ? -1 : real(fd, buf, n, at);
}

int fsync(int fd)
{
    static sync_fn *real;
    if (!real)
        real = (sync_fn *)next("fsync");
    return failing(fd) ? -1 : real(fd);
}

int fdatasync(int fd)
{
    static sync_fn *real;
    if (!real)
        real = (sync_fn *)next("fdatasync");
    return failing(fd) ? -1 : real(fd);
}
