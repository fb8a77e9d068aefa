/*
 * plot_internal.h — what plot.c and plot_h5.c share: a figure's columns of
 * one run, held in memory (column 0 is time in days).
 */
#ifndef MAS_PLOT_INTERNAL_H
#define MAS_PLOT_INTERNAL_H

#include <stddef.h>

#define MAS_PLOT_MAX_COLS 16

struct mas_plot_cols {
    size_t n;                              /* rows (output times) */
    size_t n_cols;                         /* columns, time included */
    double *v[MAS_PLOT_MAX_COLS + 1];      /* v[0] time, v[j] = spec[j-1] */
};

void mas_plot_cols_free(struct mas_plot_cols *c);

/* Read /time and each "states/NAME" or "observables/NAME" of `spec`
 * (NULL-terminated) from the run file h5_path, and its scenario_name
 * attribute, sanitized, into name (size name_len; "" if absent). */
int mas_plot_h5_columns(const char *h5_path, const char *const *spec, struct mas_plot_cols *c,
                        char *name, size_t name_len, char *err);

/* Create an empty temporary data file in $TMPDIR (when gnuplot can quote
 * it) or /tmp; its name into path (n bytes). */
int mas_plot_tmp(char *path, size_t n, char *err);

/* What a sweep figure reads of the sweep file h5_path (metric against
 * axes xa and ya, NULL for the defaults), written as its data rows to
 * dat_path without drawing (plot_sweep.c; the fuzzing harness uses it). */
int mas_plot_sweep_rows(const char *h5_path, const char *metric, const char *xa, const char *ya,
                        const char *dat_path, char *err);

/* What the population figure reads and writes as its data rows, without
 * drawing (plot_bands.c; the fuzzing harness uses it). */
int mas_plot_sweep_bands_rows(const char *h5_path, const char *vars, const char *dat_path,
                              char *err);

#endif
