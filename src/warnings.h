/*
 * warnings.h — the warnings of one run: problems that did not stop it but
 * that its user should hear about (a value clamped at zero, a dose outside
 * the simulated time, a metric that could not be computed, a GSL status
 * that said something went wrong).  The library never prints them: it
 * keeps them on the run (struct mas_run, run.h), as REBOUND keeps its
 * messages on the simulation; `massim run` prints them, the run's HDF5
 * file holds them in /warnings, a sweep in /runs/message.
 *
 * Each warning has a key: a second warning with the same key is not a
 * new line but one more count on the first (its text is kept).
 */
#ifndef MAS_WARNINGS_H
#define MAS_WARNINGS_H

#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

struct mas_warning {
    char *key;
    char *msg;
    unsigned long count;     /* times it happened (>= 1) */
};

struct mas_warnings {
    struct mas_warning *w;
    size_t n, cap;
    unsigned long lost;      /* warnings that could not be kept (out of memory) */
};

/* Add a warning (printf-style text) under `key` (NULL: the text is the
 * key); a repeated key counts up.  Never fails: without memory the
 * warning is counted in `lost`. */
void mas_warnings_add(struct mas_warnings *ws, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mas_warnings_vadd(struct mas_warnings *ws, const char *key, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
void mas_warnings_free(struct mas_warnings *ws);

/* The text of warning i as printed and stored: its message, then
 * " (N times)" when it happened more than once.  Returns buf. */
char *mas_warning_text(const struct mas_warnings *ws, size_t i, char *buf, size_t len);

/* All warnings joined by "; " into buf (len bytes with the NUL),
 * after `prefix` (may be NULL or "", then no "; " before the first).
 * Text that does not fit is cut at a UTF-8 character boundary and ends
 * with "…".  Returns the length written. */
size_t mas_warnings_join(const struct mas_warnings *ws, const char *prefix, char *buf, size_t len);

/* One line per warning: "massim: warning: TEXT". */
void mas_warnings_print(const struct mas_warnings *ws, FILE *f);

#endif
