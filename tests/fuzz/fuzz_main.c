/*
 * fuzz_main.c — one input through one of massim's readers, for AFL++
 * (make fuzz, tools/fuzz.sh) and for replaying the corpus in make test
 * (tests/t_fuzz.sh, under ASan/UBSan in the second pass).
 *
 *   fuzz_main TARGET FILE
 *
 * TARGET is scenario (the YAML scenario reader, sweep section included),
 * run-h5 (what plot, criteria and export read of a run's file), or
 * sweep-h5 (what cohort reads of a sweep file, merge of a shard, and plot
 * of a sweep for its figures, metric and population, without drawing).
 * A bad input must give an error, never a crash: the exit status is 0
 * whether the input was read or refused.  Outputs go to a temporary
 * directory that is removed.
 */
#include "cohort.h"
#include "criteria_report.h"
#include "export.h"
#include "h5attr.h"
#include "massim.h"
#include "model.h"
#include "plot.h"
#include "plot_internal.h"
#include "scenario.h"
#include "sweep.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16, len = 0, got;
    char *buf = f ? malloc(cap) : NULL;
    while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (len + 1 == cap) {
            char *more = realloc(buf, cap *= 2);
            if (!more) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = more;
        }
    }
    if (f)
        fclose(f);
    if (buf)
        buf[len] = '\0';
    *n = len;
    return buf;
}

static void scenario(const char *path)
{
    size_t n;
    char *text = slurp(path, &n), err[MAS_ERR_LEN];
    struct mas_model m;
    if (!text || mas_model_init(&m, err) != MAS_OK) {
        free(text);
        return;
    }
    struct mas_scenario s;
    if (strlen(text) == n)          /* the reader takes text; a NUL ends it early */
        mas_scenario_load_text(path, text, &m, &s, err);
    else
        mas_scenario_load_text(path, "", &m, &s, err);
    mas_scenario_free(&s);
    mas_model_free(&m);
    free(text);
}

/* With FUZZ_VERBOSE set, each reader's verdict on stderr (to see what a
 * seed reaches: a reader that refuses a good file covers nothing). */
static void said(const char *reader, int rc, const char *err)
{
    if (getenv("FUZZ_VERBOSE"))
        fprintf(stderr, "%s: %s\n", reader, rc == MAS_OK ? "read" : err);
}

static void run_h5(const char *path, const char *dir)
{
    static const char *const spec[] = {"states/ferritin", "observables/esr", "states/crp", NULL};
    char err[MAS_ERR_LEN], name[256], out[4200];
    struct mas_plot_cols c;
    int rc = mas_plot_h5_columns(path, spec, &c, name, sizeof name, err);
    said("plot", rc, err);
    if (rc == MAS_OK)
        mas_plot_cols_free(&c);
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        said("criteria", mas_criteria_report(path, null, err), err);
        fclose(null);
    }
    snprintf(out, sizeof out, "%s/t.csv", dir);
    said("export", mas_export_csv(path, out, err), err);
    unlink(out);
}

static void sweep_h5(const char *path, const char *dir)
{
    char err[MAS_ERR_LEN], out[4200];
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        struct mas_cohort_opts o = {&path, 1, NULL, NULL, NULL, NULL};
        said("cohort", mas_cohort(&o, null, err), err);
        fclose(null);
    }
    snprintf(out, sizeof out, "%s/m.h5", dir);
    const char *shards[] = {path};
    said("merge", mas_sweep_merge(shards, 1, out, "fuzz", err), err);
    unlink(out);
    snprintf(out, sizeof out, "%s/rows.dat", dir);
    said("plot sweep", mas_plot_sweep_rows(path, NULL, NULL, NULL, out, err), err);
    unlink(out);
    said("plot bands", mas_plot_sweep_bands_rows(path, NULL, out, err), err);
    unlink(out);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fuzz_main scenario|run-h5|sweep-h5 FILE\n");
        return 2;
    }
#ifdef __AFL_HAVE_MANUAL_CONTROL
    /* AFL++'s fork server starts here, after the dynamic loader and the
     * HDF5 library's start-up: each input then costs only the reading */
    H5open();
    __AFL_INIT();
#endif
    char dir[] = "/tmp/massim-fuzz-XXXXXX";
    if (!mkdtemp(dir))
        return 2;
    if (strcmp(argv[1], "scenario") == 0)
        scenario(argv[2]);
    else if (strcmp(argv[1], "run-h5") == 0)
        run_h5(argv[2], dir);
    else if (strcmp(argv[1], "sweep-h5") == 0)
        sweep_h5(argv[2], dir);
    else
        fprintf(stderr, "fuzz_main: unknown target '%s'\n", argv[1]);
    rmdir(dir);
    if (mas_h5_unusable()) {        /* as massim's main() does (h5attr.h) */
        fflush(NULL);
        _exit(0);
    }
    return 0;
}
