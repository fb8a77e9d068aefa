/*
 * output_csv.c — writes one run as a CSV table for spreadsheets and quick
 * looks (docs/output.md): a header line
 *
 *     time_day,NAME [unit],...      states first, then observables
 *
 * and one row per output time, numbers as %.10g.  A header field that
 * holds a comma, a quote or a line break is quoted as RFC 4180 says.
 *
 * Like the HDF5 writer, it writes "PATH.tmp.PID" in the same directory and
 * renames it over PATH only when every byte is written and synced
 * (mas_write_atomically, util.c); on failure the temporary is removed and
 * PATH is untouched.
 */
#include "massim.h"
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void mas_csv_header_field(FILE *f, const char *name, const char *unit)
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

static int write_header(FILE *f, const struct mas_model *m)
{
    fputs("time_day", f);
    for (int i = 0; i < m->n_states; i++) {
        const struct mas_state_def *s = mas_model_state(m, i);
        if (!s)
            return -1;
        fputc(',', f);
        mas_csv_header_field(f, s->name, s->unit);
    }
    for (int i = 0; i < m->n_obs; i++) {
        const struct mas_obs_def *o = mas_model_obs(m, i);
        if (!o)
            return -1;
        fputc(',', f);
        mas_csv_header_field(f, o->name, o->unit);
    }
    fputc('\n', f);
    return 0;
}

static void write_rows(FILE *f, const struct mas_run *r)
{
    size_t ns = (size_t)r->model.n_states, no = (size_t)r->model.n_obs;
    for (size_t t = 0; t < r->n_time; t++) {
        fprintf(f, "%.10g", r->time[t]);
        for (size_t i = 0; i < ns; i++)
            fprintf(f, ",%.10g", r->y[t * ns + i]);
        for (size_t i = 0; i < no; i++)
            fprintf(f, ",%.10g", r->obs[t * no + i]);
        fputc('\n', f);
    }
}

/* What mas_write_atomically() hands to fill_csv(). */
struct csv_job {
    const char *path;
    const struct mas_run *r;
};

/* Write everything into the temporary; errno-based message on error. */
static int fill_csv(const char *tmp, void *ctx, char *err)
{
    const struct csv_job *job = ctx;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return mas_fail(err, MAS_EIO, "%s: cannot create %s: %s", job->path, tmp,
                        strerror(errno));
    if (write_header(f, &job->r->model) < 0) {
        fclose(f);
        return mas_fail(err, MAS_EIO, "%s: a state or observable belongs to no module",
                        job->path);
    }
    write_rows(f, job->r);
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

int mas_output_csv_write(const char *path, const struct mas_run *r, char *err)
{
    if (!path || !*path)
        return mas_fail(err, MAS_EIO, "no CSV file name given");
    if (r->n_time == 0 || !r->time || (r->model.n_states > 0 && !r->y)
        || (r->model.n_obs > 0 && !r->obs))
        return mas_fail(err, MAS_EIO, "%s: nothing to write: the run has no trajectory", path);
    struct csv_job job = { path, r };
    return mas_write_atomically(path, fill_csv, &job, err);
}
