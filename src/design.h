/*
 * design.h — the runs of a sweep: axes over scenario paths and the design
 * that turns them into one input vector per run.  A full grid, or a
 * sampled design (uniform random, Latin hypercube, Sobol) with a
 * distribution per axis.  Run i always gets the same inputs, whatever the
 * number of workers, shards or restarts: the iterator produces the points
 * in run order from any starting run, in memory that does not grow with
 * the number of runs.  Definitions: docs/sweeps.md.
 */
#ifndef MAS_DESIGN_H
#define MAS_DESIGN_H

#include <stddef.h>
#include <stdint.h>

enum mas_design_method {
    MAS_DESIGN_GRID = 0,     /* every combination of the axes' values */
    MAS_DESIGN_RANDOM,       /* independent uniform draws (gsl_rng mt19937, seeded) */
    MAS_DESIGN_LHS,          /* Latin hypercube: each axis cut into n strata, one point each */
    MAS_DESIGN_SOBOL,        /* low-discrepancy Sobol sequence (gsl_qrng_sobol, <= 40 axes) */
    MAS_DESIGN_MORRIS,       /* Morris trajectories: k + 1 runs each, one axis moved per
                                step (global sensitivity screening; sensitivity.h) */
    MAS_DESIGN_SALTELLI,     /* Saltelli's A, B and AB_i from a 2k-dimensional Sobol
                                sequence: k + 2 runs per base point (Sobol indices) */
};

/* How a sampled axis maps u in (0,1) to a value (inverse CDF, truncated to
 * [min, max] when those are finite). */
enum mas_dist {
    MAS_DIST_UNIFORM = 0,    /* p1 = low, p2 = high */
    MAS_DIST_LOG_UNIFORM,    /* p1 = low > 0, p2 = high: uniform in log */
    MAS_DIST_NORMAL,         /* p1 = mean, p2 = sd > 0 */
    MAS_DIST_LOG_NORMAL,     /* p1 = median > 0, p2 = sd of the natural log > 0 */
};

struct mas_axis {
    char *path;              /* scenario path: a parameter name, patient.FIELD,
                                trigger.FIELD, time.end, therapies[K].start,
                                therapies[K].dose, therapies[K].phases[J].start|dose */
    char *name;              /* column name in /runs/inputs: path with '[', ']' and '.'
                                turned into '_' and no trailing '_' (therapies_1_start) */
    char unit[32];           /* unit of the values ("day", "mg/kg", "1", ...) */
    /* grid: the values, in order (a list, or a range expanded: linear or log) */
    double *values;
    size_t n_values;
    /* sampled designs */
    enum mas_dist dist;
    double p1, p2;           /* distribution parameters, see enum mas_dist */
    double min, max;         /* truncation; -INFINITY / INFINITY when absent */
    int line, col;           /* where the axis is in the scenario file */
};

struct mas_design {
    enum mas_design_method method;
    struct mas_axis *axes;
    size_t n_axes;
    uint64_t n_runs;         /* grid: product of the n_values; sampled: n; morris:
                                trajectories (k + 1); saltelli: base points (k + 2) */
    uint64_t seed;           /* sampled designs (Sobol, Saltelli: recorded only) */
    unsigned levels;         /* morris: the grid's levels per axis (even, >= 2) */
};

/* Check a design (axes present, grid values given, distribution parameters
 * valid, Sobol at most 40 axes, n_runs > 0 and below 2^53).  MAS_EINPUT. */
int mas_design_check(const struct mas_design *d, char *err);

/* The points of the design in run order, starting at run `first`. */
struct mas_design_iter;
int mas_design_iter_new(const struct mas_design *d, uint64_t first,
                        struct mas_design_iter **it, char *err);
/* The inputs of the next run (x has n_axes values); returns its index, or
 * UINT64_MAX when the design is exhausted. */
uint64_t mas_design_iter_next(struct mas_design_iter *it, double *x);
void mas_design_iter_free(struct mas_design_iter *it);

/* The structure of the sensitivity designs, for their analysis
 * (sensitivity.c).  Morris: run i is step i mod (k + 1) of trajectory
 * i / (k + 1); step 0 is the trajectory's base point, and step s > 0 moves
 * one axis (*axis) by *delta_u (+-levels / (2 (levels - 1))) in the unit
 * cube from step s - 1: returns 1, or 0 for a base point.  Saltelli: run
 * i is matrix i mod (k + 2) of base point i / (k + 2): 0 is A, 1 + j is
 * A with axis j from B (AB_j), k + 1 is B. */
int mas_design_morris_step(const struct mas_design *d, uint64_t i, size_t *axis,
                           double *delta_u);

/* "grid", "random", "latin-hypercube", "sobol", "morris", "saltelli"; and
 * back (-1 if unknown). */
const char *mas_design_method_name(enum mas_design_method m);
int mas_design_method_from_name(const char *name);
/* "uniform", "log-uniform", "normal", "log-normal"; and back (-1 if unknown). */
const char *mas_dist_name(enum mas_dist d);
int mas_dist_from_name(const char *name);

void mas_design_free(struct mas_design *d);

#endif
