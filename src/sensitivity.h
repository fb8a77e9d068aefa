/*
 * sensitivity.h — global sensitivity indices from the runs of a Morris or
 * Saltelli sweep design (design.h; docs/sensitivity.md).
 *
 * Morris (Technometrics 1991;33:161; mu* of Campolongo, Cariboni &
 * Saltelli, Environ Model Softw 2007;22:1509): each step of a trajectory
 * moves one axis by delta in the unit cube; its elementary effect is
 * (y(after) - y(before)) / delta, in the metric's unit per whole range of
 * the axis.  mu, mu* and sigma are the mean, mean absolute value and sd
 * (n - 1) of an axis's effects over the trajectories.
 *
 * Sobol indices by Saltelli's design and Jansen's estimators (Jansen,
 * Comput Phys Commun 1999;117:35; Saltelli et al., Comput Phys Commun
 * 2010;181:259, Table 2), over the N base points whose k + 2 runs all
 * gave a number:
 *   V     the variance of the 2N values f(A_j), f(B_j)
 *   S1_i  1 - sum_j (f(B_j) - f(AB_j^i))^2 / (2 N V)
 *   ST_i  sum_j (f(A_j) - f(AB_j^i))^2 / (2 N V)
 * with 95 % intervals from a percentile bootstrap over the base points.
 */
#ifndef MAS_SENSITIVITY_H
#define MAS_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "design.h"

struct mas_sa_morris {
    double mu, mu_star, sigma;       /* the metric's unit per whole range of the axis */
    size_t n;                        /* elementary effects (both runs gave a number) */
};

struct mas_sa_sobol {
    double s1, s1_lo, s1_hi;         /* first order and its 95 % bootstrap interval */
    double st, st_lo, st_hi;         /* total order */
};

/* The metrics massim sensitivity prints and plots unless told others. */
#define MAS_SA_DEFAULT_METRICS \
    "remission_day,peak_ferritin,days_fibrinogen_below_150,final_survival"

/* order[0..n-1] = the indices of key from its largest value to its
 * smallest, NaN last.  MAS_OK, or MAS_EIO without memory. */
int mas_sa_order(const double *key, size_t n, size_t *order);

/* The rows of a sweep: run indices and one metric's values (NaN: no
 * number), in any order; runs outside the design are MAS_EINPUT. */
int mas_sa_morris(const struct mas_design *d, const uint64_t *run, const double *y,
                  size_t n_rows, struct mas_sa_morris *out, char *err);

/* n_boot resamples (0: no intervals, NaN) from a generator seeded with
 * seed.  *n_used: the base points used; *variance: V.  With fewer than 2
 * base points or V = 0 the indices are NaN. */
int mas_sa_sobol(const struct mas_design *d, const uint64_t *run, const double *y,
                 size_t n_rows, int n_boot, uint64_t seed, struct mas_sa_sobol *out,
                 size_t *n_used, double *variance, char *err);

#endif
