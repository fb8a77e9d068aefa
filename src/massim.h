/*
 * massim.h — conventions shared by every file of massim.
 *
 * Error convention: library functions return MAS_OK (0) or a negative
 * status and write a one-line message into a caller-owned buffer
 * (char err[MAS_ERR_LEN]).  Messages about an input file have the form
 * "FILE:LINE:COL: what is wrong"; main() prefixes "massim: ", prints, and
 * picks the exit status (0 success, 1 a run that failed, 2 bad input/usage).
 */
#ifndef MASSIM_H
#define MASSIM_H

#include <stddef.h>

#define MAS_VERSION "0.1.0"
#define MAS_ERR_LEN 1024

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

#endif
