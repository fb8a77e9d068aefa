/*
 * output_csv.c — the CSV table of a run (docs/output.md): a header line
 *
 *     time_day,NAME [unit],...      states first, then observables
 *
 * and one row per output time, numbers as %.10g.  A header field that
 * holds a comma, a quote or a line break is quoted as RFC 4180 says.
 * mas_csv_write() writes any such table of columns; `massim export`
 * (export_csv.c) uses it for the columns it reads back from a run's HDF5
 * file, mas_output_csv_write() for a run in memory.
 *
 * Like the HDF5 writer, it writes "PATH.tmp.PID" in the same directory and
 * renames it over PATH only when every byte is written and synced
 * (mas_write_atomically, util.c); on failure the temporary is removed and
 * PATH is untouched.
 */
#include "massim.h"
#include "output.h"
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void header_field(FILE *f, const char *name, const char *unit)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s [%s]", name ? name : "", unit ? unit : "");
    if (!strpbrk(buf, ",\"\r\n")) {
        fputs(buf, f);
        return;
    }
    fputc('"', f);
    for (const char *c = buf; *c; c++) {
        if (*c == '"')
            fputc('"', f);
        fputc(*c, f);
    }
    fputc('"', f);
}

/* What mas_write_atomically() hands to fill_csv(). */
struct csv_job {
    const char *path;
    size_t n_time;
    const double *time;
    const struct mas_csv_column *cols;
    size_t n_cols;
};

static void write_table(FILE *f, const struct csv_job *t)
{
    fputs("time_day", f);
    for (size_t i = 0; i < t->n_cols; i++) {
        fputc(',', f);
        header_field(f, t->cols[i].name, t->cols[i].unit);
    }
    fputc('\n', f);
    for (size_t k = 0; k < t->n_time; k++) {
        fprintf(f, "%.10g", t->time[k]);
        for (size_t i = 0; i < t->n_cols; i++)
            fprintf(f, ",%.10g", t->cols[i].v[k * t->cols[i].stride]);
        fputc('\n', f);
    }
}

/* Write everything into the temporary; errno-based message on error. */
static int fill_csv(const char *tmp, void *ctx, char *err)
{
    const struct csv_job *job = ctx;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return mas_fail(err, MAS_EIO, "%s: cannot create %s: %s", job->path, tmp,
                        strerror(errno));
    write_table(f, job);
    errno = 0;
    int bad = fflush(f) != 0 || ferror(f);
    int e = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    if (bad)
        return mas_fail(err, MAS_EIO, "%s: cannot write %s: %s", job->path, tmp,
                        e ? strerror(e) : "write error");
    return MAS_OK;
}

int mas_csv_write(const char *path, size_t n_time, const double *time,
                  const struct mas_csv_column *cols, size_t n_cols, char *err)
{
    struct csv_job job = { path, n_time, time, cols, n_cols };
    return mas_write_atomically(path, fill_csv, &job, err);
}

/* The run's columns: states, then observables, in model order. */
static int run_columns(const struct mas_run *r, struct mas_csv_column *c)
{
    size_t ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs;
    for (size_t i = 0; i < ns; i++) {
        const struct mas_state_def *s = mas_model_state(&r->model, (int)i);
        if (!s)
            return -1;
        c[i] = (struct mas_csv_column){ s->name, s->unit, r->y + i, ns };
    }
    for (size_t i = 0; i < no; i++) {
        const struct mas_obs_def *o = mas_model_obs(&r->model, (int)i);
        if (!o)
            return -1;
        c[ns + i] = (struct mas_csv_column){ o->name, o->unit, r->obs + i, no };
    }
    return 0;
}

int mas_output_csv_write(const char *path, const struct mas_run *r, char *err)
{
    if (!path || !*path)
        return mas_fail(err, MAS_EIO, "no CSV file name given");
    if (r->n_time == 0 || !r->time || (r->model.n_states > 0 && !r->y)
        || (r->model.n_obs > 0 && !r->obs))
        return mas_fail(err, MAS_EIO, "%s: nothing to write: the run has no trajectory", path);
    size_t n = (size_t)r->model.n_states + (size_t)r->model.n_obs;
    struct mas_csv_column *c = calloc(n ? n : 1, sizeof *c);
    if (!c)
        return mas_fail(err, MAS_EIO, "%s: out of memory", path);
    int rc = run_columns(r, c) < 0
             ? mas_fail(err, MAS_EIO, "%s: a state or observable belongs to no module", path)
             : mas_csv_write(path, r->n_time, r->time, c, n, err);
    free(c);
    return rc;
}
