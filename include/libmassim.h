/*
 * libmassim.h — massim as a C library (libmassim.so; pkg-config massim;
 * man 3 libmassim).  Runs a scenario, from a file or from text, with
 * --set-style overrides, and gives its trajectories (every state and
 * observable, with units) and its outcome metrics; or writes the run's
 * HDF5 file exactly as `massim run` does.
 *
 *   massim_run *r;
 *   char err[512];
 *   const char *sets[] = {"patient.cytotoxic_function=0.3"};
 *   if (massim_run_file("mas-sjia.yaml", sets, 1, &r, err, sizeof err) != MASSIM_OK)
 *       fprintf(stderr, "%s\n", err);
 *   int k = massim_series_index(r, "ferritin");
 *   const double *t = massim_times(r), *ferritin = massim_series(r, k);
 *   ...
 *   massim_run_free(r);
 *
 * Runs may be made in several threads at once (massim sweep -j does); the
 * HDF5 library is not thread-safe, so massim_write_h5 must not run in two
 * threads at the same time.  Strings returned live as long as the run (or, for massim_version, for
 * ever).  Status codes are those of the command line's exit status.
 */
#ifndef LIBMASSIM_H
#define LIBMASSIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MASSIM_OK 0         /* the run finished */
#define MASSIM_ERUN 1       /* the run failed (the solver), or a file could not be written */
#define MASSIM_EINPUT 2     /* a bad scenario, setting or argument */

typedef struct massim_run massim_run;

/* "0.1.0" */
const char *massim_version(void);

/* Run the scenario file `path` with the overrides sets[0..n_sets-1]
 * ("NAME=VALUE", as massim run --set: a parameter, patient.*, trigger.*,
 * time.end, therapies[K].start/dose, solver.*).  On MASSIM_OK *run holds
 * the run (free it with massim_run_free); otherwise *run is NULL and err
 * (err_len bytes, may be 0) says why, as massim would. */
int massim_run_file(const char *path, const char *const *sets, int n_sets, massim_run **run,
                    char *err, size_t err_len);
/* The same from the scenario's text; `name` stands for the file in
 * messages (and its directory for output paths; NULL: "scenario"). */
int massim_run_text(const char *text, const char *name, const char *const *sets, int n_sets,
                    massim_run **run, char *err, size_t err_len);
void massim_run_free(massim_run *run);

/* The output times, days. */
size_t massim_n_times(const massim_run *run);
const double *massim_times(const massim_run *run);

/* The series: the model's states (0 .. n_states - 1), then its
 * observables; each has massim_n_times values. */
int massim_n_series(const massim_run *run);
int massim_n_states(const massim_run *run);
const char *massim_series_name(const massim_run *run, int i);
const char *massim_series_unit(const massim_run *run, int i);
/* The index of the series called name, or -1. */
int massim_series_index(const massim_run *run, const char *name);
/* Its values (NULL for a bad index), valid until massim_run_free. */
const double *massim_series(const massim_run *run, int i);

/* The outcome metrics of the run (massim docs metrics): peak_ferritin,
 * remission_day, final_survival, ...; NaN when undefined. */
int massim_n_metrics(const massim_run *run);
const char *massim_metric_name(const massim_run *run, int i);
const char *massim_metric_unit(const massim_run *run, int i);
double massim_metric_value(const massim_run *run, int i);
/* The value of the metric called name (NaN when there is none). */
double massim_metric(const massim_run *run, const char *name);

/* Write the run's HDF5 file (docs/output.md) to path, atomically. */
int massim_write_h5(const massim_run *run, const char *path, char *err, size_t err_len);

#ifdef __cplusplus
}
#endif

#endif
