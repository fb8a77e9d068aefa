/*
 * sensitivity_file.h — global sensitivity indices of a sweep file made
 * with a morris or saltelli design, for every metric it holds, and the
 * file that keeps them (/sensitivity; docs/sensitivity.md).
 */
#ifndef MAS_SENSITIVITY_FILE_H
#define MAS_SENSITIVITY_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "sensitivity.h"

struct mas_sa_result {
    int method;                      /* MAS_DESIGN_MORRIS or MAS_DESIGN_SALTELLI */
    size_t k, m;                     /* parameters (the design's axes), metrics */
    char **name, **path, **unit;     /* k: the axis's column, scenario path, unit */
    const char **dist;               /* k: its distribution (static names) */
    double *lower, *upper;           /* k: its range */
    char **metric, **metric_unit;    /* m */
    size_t *n_used;                  /* m: effects (morris) or base points (saltelli) used */
    size_t *n_censored;              /* m: runs whose event day (a metric in days, NaN in a
                                        run that did not fail) is counted as time.end */
    double *variance;                /* m: saltelli's V (NaN for morris) */
    struct mas_sa_morris *morris;    /* k x m, [i m + j] (morris) */
    struct mas_sa_sobol *sobol;      /* k x m (saltelli) */
    uint64_t n_runs, n_failed, seed;
    unsigned levels;
    int n_boot;
    char *scenario_name;
};

/* The indices of the whole sweep file at sweep_path (a merged one if it
 * was sharded): every metric of /runs/summary; failed runs count as
 * missing values; an event day that never came (NaN in a metric in days of
 * a run that did not fail) counts as the end of the simulated time.  Bootstrap: n_boot resamples seeded with seed + the
 * metric's index. */
int mas_sa_analyse(const char *sweep_path, int n_boot, uint64_t seed, struct mas_sa_result *s,
                   char *err);
void mas_sa_result_free(struct mas_sa_result *s);

/* out = the sweep file with /sensitivity added (replaced), written
 * atomically (out may be sweep_path itself). */
int mas_sa_write(const char *sweep_path, const char *out, const struct mas_sa_result *s,
                 char *err);

/* The parameters of a morris file (paths) with their score: the largest
 * over `metrics` of mu* relative to the metric's largest mu*. */
int mas_sa_rank_morris(const char *path, const char *const *metrics, int n_metrics,
                       char ***paths, double **score, size_t *k, char *err);

#endif
