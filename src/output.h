/*
 * output.h — the files one run can be written to, as a table of writers
 * (`massim run` picks from it), and the one CSV table writer that both
 * `massim run --csv` (from memory) and `massim export` (from the HDF5
 * file, read into memory) use, so that the two give the same bytes.
 */
#ifndef MAS_OUTPUT_H
#define MAS_OUTPUT_H

#include <stddef.h>

#include "run.h"

struct mas_output_writer {
    const char *name;       /* "hdf5", "csv" */
    const char *extension;  /* ".h5", ".csv" */
    int (*write)(const char *path, const struct mas_run *r, char *err);
};

extern const struct mas_output_writer mas_output_writers[];
extern const int mas_n_output_writers;
/* The writer called `name`, or NULL. */
const struct mas_output_writer *mas_output_writer_find(const char *name);

/* One column of a CSV table: n_time values v[0], v[stride], ... headed
 * "NAME [unit]". */
struct mas_csv_column {
    const char *name;
    const char *unit;
    const double *v;
    size_t stride;
};

/* Write `path` all or nothing (mas_write_atomically): the header line
 * "time_day,NAME [unit],..." (a field holding a comma, a quote or a line
 * break quoted as RFC 4180 says), then one row per time, numbers as
 * %.10g.  MAS_EIO with err filled on failure. */
int mas_csv_write(const char *path, size_t n_time, const double *time,
                  const struct mas_csv_column *cols, size_t n_cols, char *err);

#endif
