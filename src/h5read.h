/*
 * h5read.h — reading HDF5 files that may come from anywhere (another
 * machine, another program, an attacker): the one layer every massim
 * reader goes through (plot, criteria, export, cohort, merge).
 *
 * Nothing in a file is trusted before it is checked: an object's kind
 * (dataset, attribute), its type class (number, text), its rank and
 * shape, its element count and the length of its strings are compared
 * with what the caller expects from the layout (docs/output.md,
 * docs/sweeps.md), and every size is bounded before anything is
 * allocated: a file cannot declare more data than it can hold (deflate
 * compresses at most about 1,032 to 1, so no object may declare more than
 * 1,100 bytes per byte of file, plus 1 MiB).  A failure is MAS_EINPUT
 * with a message that names the file and the object ("FILE: /runs/status:
 * expected 1-D, found 2-D (3 x 4)"); HDF5's own error printing is off
 * while a file is open.  Single-threaded (as massim's readers are).
 */
#ifndef MAS_H5READ_H
#define MAS_H5READ_H

#include <hdf5.h>
#include <stddef.h>
#include <stdint.h>

struct mas_h5r {
    hid_t f;
    const char *path;          /* the file, for messages (not owned) */
    unsigned long long size;   /* its size in bytes */
    char *err;                 /* MAS_ERR_LEN bytes: where failures are described */
};

/* Open `path` read-only (a regular file that HDF5 recognises).  err must
 * outlive the reader. */
int mas_h5r_open(struct mas_h5r *r, const char *path, char *err);
void mas_h5r_close(struct mas_h5r *r);

/* 1 if every link of `obj` ("runs/summary/x", "/" for the root) exists
 * and the last is a dataset, else 0. */
int mas_h5r_has_dataset(struct mas_h5r *r, const char *obj);
/* 1 if obj is a group, else 0. */
int mas_h5r_has_group(struct mas_h5r *r, const char *obj);
/* 1 if obj is any object (dataset, group, named type), else 0. */
int mas_h5r_exists(struct mas_h5r *r, const char *obj);

/* The length of the 1-D dataset obj (any type).  MAS_EINPUT if absent
 * or not 1-D. */
int mas_h5r_length(struct mas_h5r *r, const char *obj, size_t *n);

/* A 1-D numeric dataset (integer or floating point) of exactly n values,
 * converted to double (or to int64), in new storage (free()). */
int mas_h5r_doubles(struct mas_h5r *r, const char *obj, size_t n, double **out);
int mas_h5r_int64s(struct mas_h5r *r, const char *obj, size_t n, int64_t **out);
/* A 2-D numeric dataset of exactly rows x cols values, row-major doubles. */
int mas_h5r_matrix(struct mas_h5r *r, const char *obj, size_t rows, size_t cols, double **out);
/* A 1-D text dataset of exactly n strings (variable-length or fixed), each
 * at most max_len bytes: an array of n new strings (mas_h5r_free_strings). */
int mas_h5r_strings(struct mas_h5r *r, const char *obj, size_t n, size_t max_len, char ***out);
void mas_h5r_free_strings(char **v, size_t n);

/* Check, without reading, that obj is a dataset of this rank (1 or 2) and
 * shape (rows, and cols for rank 2) holding numbers (kind MAS_H5R_NUMBER),
 * integers (MAS_H5R_INTEGER) or text (MAS_H5R_TEXT, strings of at most
 * max_len bytes when fixed-length). */
enum { MAS_H5R_NUMBER, MAS_H5R_INTEGER, MAS_H5R_TEXT };
int mas_h5r_check(struct mas_h5r *r, const char *obj, int rank, size_t rows, size_t cols,
                  int kind, size_t max_len);

/* 1 if obj has attribute `name`, else 0 (also when obj is absent). */
int mas_h5r_has_attr(struct mas_h5r *r, const char *obj, const char *name);
/* The text attribute `name` of obj: one string (a scalar, or an array of
 * one), variable-length or fixed, at most max_len bytes; a new string. */
int mas_h5r_attr_text(struct mas_h5r *r, const char *obj, const char *name, size_t max_len,
                      char **out);
/* One number (a scalar, or an array of one) of integer or float class. */
int mas_h5r_attr_double(struct mas_h5r *r, const char *obj, const char *name, double *out);
/* One unsigned integer, of integer class, that fits in 64 bits. */
int mas_h5r_attr_u64(struct mas_h5r *r, const char *obj, const char *name, uint64_t *out);

/* The HDF5 library (1.10 in Debian 12) can crash or loop on a damaged
 * file (a corrupt global heap behind a variable-length string, a storage
 * address past the end), inside structures no check here can see.  So a
 * verb reads a file from elsewhere twice: read(ctx, err) first runs in a
 * child process (stdout and stderr thrown away); MAS_OK when that child
 * ended by itself (the file read or refused) within 30 s (the environment
 * variable MASSIM_H5_TRIAL_SECONDS changes that) + 1 s per 8 MB,
 * and the caller then reads for real.  A child that dies of a signal (or
 * a sanitizer's report) or hangs makes the file refused: MAS_EINPUT,
 * "FILE: a damaged HDF5 file: ...".  read must write no file. */
int mas_h5r_trial(const char *path, int (*read)(void *ctx, char *err), void *ctx, char *err);

#endif
