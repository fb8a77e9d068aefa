/*
 * massim.h — conventions shared by every file of massim.
 *
 * Error convention: library functions return MAS_OK (0) or a negative
 * status and write a one-line message into a caller-owned buffer
 * (char err[MAS_ERR_LEN]).  Messages about an input file have the form
 * "FILE:LINE:COL: what is wrong"; the command line (cli*.c) prefixes
 * "massim: ", prints, and picks the exit status (0 success, 1 a run that
 * failed, 2 bad input/usage).
 */
#ifndef MASSIM_H
#define MASSIM_H

#include <stddef.h>
#include <stdio.h>

#define MAS_VERSION "0.1.0"
#define MAS_ERR_LEN 1024

/* The most output times one run may ask for (time span / output_every):
 * each holds the 114 states and 39 observables (1.2 kB), so 200,000 is
 * 250 MB of trajectory: a year at one output every 3 minutes. */
#define MAS_MAX_OUTPUT_TIMES 200000.0
#define MAS_MAX_OUTPUT_TIMES_TEXT "200,000"   /* the same, for help texts (test_scenario.c) */

enum mas_status {
    MAS_OK = 0,
    MAS_EINPUT = -2,   /* bad input or usage: exit status 2 */
    MAS_ESOLVER = -1,  /* the integration failed: exit status 1 */
    MAS_EIO = -3,      /* a file could not be written or read: exit status 1 */
};

/* printf into an error buffer; returns `status` so callers can write
 * `return mas_fail(err, MAS_EINPUT, "...")`. */
int mas_fail(char *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Optimal-string-alignment distance between a and b (Levenshtein plus
 * transpositions of neighbours), for "did you mean" suggestions.  Words of
 * 64 characters or more are "far" (1000). */
int mas_edit_distance(const char *a, const char *b);

/* Sort n elements of `size` bytes in place by cmp, without allocating
 * (heapsort; qsort may call malloc).  Not stable: give cmp a total order
 * (break ties by an index) and the result is the one qsort gives. */
void mas_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* Can `path` be the name of an output file?  Checked before a run starts,
 * so that nothing is computed for a file that cannot be written:
 *   MAS_EINPUT  empty, or it exists and is not a regular file (a directory,
 *               /dev/null, a FIFO): "PATH: not a regular file";
 *   MAS_EIO     its directory does not exist or is not writable. */
int mas_output_path_ok(const char *path, char *err);

/* Is the output `out` a different file from `other`, an input of the same
 * command or another of its outputs?  The same file (by device and inode
 * when both exist, by directory and name otherwise) is MAS_EINPUT:
 * "OUT: is also WHAT OTHER; choose another output name" -- a run never
 * overwrites its own scenario, nor a merge one of its shards. */
int mas_output_distinct(const char *out, const char *other, const char *what, char *err);

/* Write `path` all or nothing: `fill` writes the temporary "PATH.tmp.PID"
 * (created empty beforehand, so an unwritable directory is reported in the
 * system's words), which is then synced and renamed over PATH.  On any
 * failure the temporary is removed and PATH is left as it was. */
int mas_write_atomically(const char *path,
                         int (*fill)(const char *tmp, void *ctx, char *err),
                         void *ctx, char *err);

/* A text file written through a temporary, like mas_write_atomically but
 * for a writer that streams (FILE *): open gives t->f on "PATH.tmp.PID"
 * (removed by a signal, signals.h); close with ok = 1 checks every write,
 * syncs and renames over PATH; with ok = 0 (or any failure) the temporary
 * is removed and PATH left as it was. */
struct mas_tmpfile {
    FILE *f;
    char *tmp;
    const char *path;
    int slot;
};
int mas_tmpfile_open(struct mas_tmpfile *t, const char *path, char *err);
int mas_tmpfile_close(struct mas_tmpfile *t, int ok, char *err);

#endif
