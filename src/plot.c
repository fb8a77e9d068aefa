/*
 * plot.c — `massim plot`: columns of a run's HDF5 file (read through
 * libhdf5) go to a temporary whitespace-separated data file, then gnuplot
 * renders a template from plots/.  gnuplot is started with fork/execvp and
 * an argument vector (never a shell); scenario text that reaches it is
 * reduced to a safe character set so it cannot leave its quoted string.
 */
#include "plot.h"
#include "massim.h"

#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_COLS 16

/* One figure: its listing entry and the columns its template reads, in
 * order after time (column 1).  Each is "states/NAME" or "observables/NAME". */
struct figure_def {
    struct mas_figure fig;
    const char *cols[MAX_COLS];
};

static const struct figure_def figures[] = {
    {{"labs", "the main labs: ferritin, fibrinogen/ESR/CRP, cytokines, hemoglobin/platelets"},
     {"states/ferritin", "states/fibrinogen", "observables/esr", "states/crp", "states/ifng",
      "states/il6", "states/tnf", "states/cxcl9", "states/hemoglobin", "states/platelets", NULL}},
    {{"esr-paradox", "the ESR paradox: fibrinogen, ESR and CRP on a shared time axis"},
     {"states/fibrinogen", "observables/esr", "states/crp", NULL}},
};

#define N_FIGURES (sizeof figures / sizeof figures[0])

size_t mas_plot_count(void)
{
    return N_FIGURES;
}

const struct mas_figure *mas_plot_figure(size_t i)
{
    return i < N_FIGURES ? &figures[i].fig : NULL;
}

static const struct figure_def *find_figure(const char *name)
{
    for (size_t i = 0; i < N_FIGURES; i++)
        if (strcmp(figures[i].fig.name, name) == 0)
            return &figures[i];
    return NULL;
}

/* The gnuplot terminal for out_path's extension, or NULL. */
static const char *terminal_for(const char *out_path)
{
    const char *dot = strrchr(out_path, '.');
    if (!dot || strchr(dot, '/'))
        return NULL;
    if (strcmp(dot, ".png") == 0)
        return "pngcairo";
    if (strcmp(dot, ".svg") == 0)
        return "svg";
    if (strcmp(dot, ".pdf") == 0)
        return "pdfcairo";
    return NULL;
}

/* Copy src into dst (size n), keeping only [A-Za-z0-9 _.,:()+-]. */
static void sanitize(char *dst, size_t n, const char *src)
{
    static const char extra[] = " _.,:()+-";
    size_t k = 0;
    for (; src && *src && k + 1 < n; src++) {
        char c = *src;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            strchr(extra, c))
            dst[k++] = c;
    }
    dst[k] = '\0';
}

/* The scenario_name attribute of the file's root (sanitized), or "". */
static void read_name(hid_t f, char *dst, size_t n)
{
    dst[0] = '\0';
    if (H5Aexists(f, "scenario_name") <= 0)
        return;
    hid_t a = H5Aopen(f, "scenario_name", H5P_DEFAULT);
    hid_t t = H5Tcopy(H5T_C_S1);
    char *s = NULL;
    if (a >= 0 && t >= 0 && H5Tset_size(t, H5T_VARIABLE) >= 0 &&
        H5Tset_cset(t, H5T_CSET_UTF8) >= 0 && H5Aread(a, t, &s) >= 0 && s) {
        sanitize(dst, n, s);
        H5free_memory(s);
    }
    if (t >= 0)
        H5Tclose(t);
    if (a >= 0)
        H5Aclose(a);
}

/* Read the 1-D float64 dataset `path` of length n into a new array. */
static double *read_column(hid_t f, const char *path, hsize_t n, const char *file, char *err,
                           int *rc)
{
    *rc = MAS_EINPUT;
    if (H5Lexists(f, path, H5P_DEFAULT) <= 0) {
        mas_fail(err, MAS_EINPUT, "%s: no dataset /%s (not a massim run?)", file, path);
        return NULL;
    }
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t dim = 0;
    double *v = NULL;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &dim, NULL) == 1 &&
        dim == n && (v = malloc((n ? n : 1) * sizeof *v)) != NULL &&
        H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) >= 0)
        *rc = MAS_OK;
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    if (*rc != MAS_OK) {
        free(v);
        mas_fail(err, MAS_EINPUT, "%s: cannot read /%s as %llu numbers", file, path,
                 (unsigned long long)n);
        return NULL;
    }
    return v;
}

/* The length of /time, or -1 with err filled. */
static long long time_length(hid_t f, const char *file, char *err)
{
    if (H5Lexists(f, "time", H5P_DEFAULT) <= 0)
        return mas_fail(err, MAS_EINPUT, "%s: no dataset /time (not a massim run?)", file), -1;
    hid_t d = H5Dopen2(f, "time", H5P_DEFAULT);
    hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
    hsize_t dim = 0;
    long long n = -1;
    if (sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, &dim, NULL) == 1)
        n = (long long)dim;
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    if (n < 0)
        mas_fail(err, MAS_EINPUT, "%s: /time is not a 1-D dataset", file);
    return n;
}

/* Write time and the figure's columns to the open stream, with a header
 * comment naming the columns in order. */
static int write_data(FILE *out, hid_t f, const struct figure_def *fd, const char *file, char *err)
{
    long long n = time_length(f, file, err);
    if (n < 0)
        return MAS_EINPUT;
    double *col[MAX_COLS + 1] = {0};
    int rc = MAS_OK;
    size_t nc = 0;
    col[nc++] = read_column(f, "time", (hsize_t)n, file, err, &rc);
    for (size_t j = 0; rc == MAS_OK && fd->cols[j]; j++)
        col[nc++] = read_column(f, fd->cols[j], (hsize_t)n, file, err, &rc);
    if (rc == MAS_OK) {
        fprintf(out, "# time");
        for (size_t j = 0; fd->cols[j]; j++)
            fprintf(out, " %s", strchr(fd->cols[j], '/') + 1);
        fprintf(out, "\n");
        for (long long i = 0; i < n; i++)
            for (size_t j = 0; j < nc; j++)
                fprintf(out, "%.10g%c", col[j][i], j + 1 < nc ? ' ' : '\n');
    }
    for (size_t j = 0; j < nc; j++)
        free(col[j]);
    return rc;
}

/* Open the run and write the data file; the scenario name goes to `name`. */
static int extract(const char *h5_path, const struct figure_def *fd, FILE *out, char *name,
                   size_t name_len, char *err)
{
    struct stat st;
    if (stat(h5_path, &st) != 0 || !S_ISREG(st.st_mode))
        return mas_fail(err, MAS_EINPUT, "%s: no such file", h5_path);
    H5E_auto2_t old_func;
    void *old_data;
    H5Eget_auto2(H5E_DEFAULT, &old_func, &old_data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    int rc;
    hid_t f = H5Fopen(h5_path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        rc = mas_fail(err, MAS_EINPUT, "%s: not an HDF5 file", h5_path);
    } else {
        read_name(f, name, name_len);
        rc = write_data(out, f, fd, h5_path, err);
        H5Fclose(f);
    }
    H5Eset_auto2(H5E_DEFAULT, old_func, old_data);
    if (rc == MAS_OK && (fflush(out) != 0 || ferror(out)))
        rc = mas_fail(err, MAS_EIO, "cannot write the temporary data file");
    return rc;
}

/* Find plots/NAME.gp: $MASSIM_PLOTS, ./plots, then MAS_PLOTS_DIR. */
static int find_template(const char *name, char *path, size_t n, char *err)
{
    const char *dirs[3] = {getenv("MASSIM_PLOTS"), "plots", NULL};
#ifdef MAS_PLOTS_DIR
    dirs[2] = MAS_PLOTS_DIR;
#endif
    if (dirs[0] && dirs[0][0])
        dirs[1] = dirs[2] = NULL;  /* an explicit directory is the only one */
    for (int i = 0; i < 3; i++) {
        if (!dirs[i])
            continue;
        snprintf(path, n, "%s/%s.gp", dirs[i], name);
        if (access(path, R_OK) == 0)
            return MAS_OK;
    }
    return mas_fail(err, MAS_EIO, "no template %s.gp (in $MASSIM_PLOTS or ./plots)", name);
}

/* Run gnuplot -e SETTINGS TEMPLATE and wait for it. */
static int run_gnuplot(const char *settings, const char *tmpl, char *err)
{
    char *argv[] = {"gnuplot", "-e", (char *)settings, (char *)tmpl, NULL};
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return mas_fail(err, MAS_EIO, "cannot start gnuplot (fork failed)");
    if (pid == 0) {
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return mas_fail(err, MAS_EIO, "gnuplot not found or could not run");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return mas_fail(err, MAS_EIO, "gnuplot failed on %s", tmpl);
    return MAS_OK;
}

/* Create the data file in $TMPDIR or /tmp; *fp is its open stream. */
static int make_tmp(char *path, size_t n, FILE **fp, char *err)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !dir[0] || strchr(dir, '\'') || strchr(dir, '\n'))
        dir = "/tmp";
    snprintf(path, n, "%s/massim-plot-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0)
        return mas_fail(err, MAS_EIO, "cannot create a temporary file in %s", dir);
    *fp = fdopen(fd, "w");
    if (!*fp) {
        close(fd);
        unlink(path);
        return mas_fail(err, MAS_EIO, "cannot open the temporary file %s", path);
    }
    return MAS_OK;
}

int mas_plot(const char *h5_path, const char *figure, const char *out_path, char *err)
{
    const struct figure_def *fd = find_figure(figure ? figure : MAS_PLOT_DEFAULT);
    if (!fd)
        return mas_fail(err, MAS_EINPUT, "unknown figure '%s'", figure);
    const char *term = terminal_for(out_path);
    if (!term)
        return mas_fail(err, MAS_EINPUT, "%s: unknown output type (use .png, .svg or .pdf)", out_path);
    if (strchr(out_path, '\'') || strchr(out_path, '\n') || strchr(out_path, '\r'))
        return mas_fail(err, MAS_EINPUT, "%s: output path may not contain quotes or newlines", out_path);
    char tmpl[4096], tmp[4096], name[256];
    int rc = mas_output_path_ok(out_path, err);
    if (rc == MAS_OK)
        rc = find_template(fd->fig.name, tmpl, sizeof tmpl, err);
    FILE *fp = NULL;
    if (rc == MAS_OK)
        rc = make_tmp(tmp, sizeof tmp, &fp, err);
    if (rc != MAS_OK)
        return rc;
    rc = extract(h5_path, fd, fp, name, sizeof name, err);
    if (fclose(fp) != 0 && rc == MAS_OK)
        rc = mas_fail(err, MAS_EIO, "cannot write the temporary data file %s", tmp);
    if (rc == MAS_OK) {
        size_t len = strlen(tmp) + strlen(out_path) + strlen(name) + 128;
        char *settings = malloc(len);
        if (!settings) {
            rc = mas_fail(err, MAS_EIO, "out of memory");
        } else {
            snprintf(settings, len, "datafile='%s'; outfile='%s'; term='%s'; title='%s'", tmp,
                     out_path, term, name[0] ? name : "massim run");
            rc = run_gnuplot(settings, tmpl, err);
            free(settings);
        }
    }
    unlink(tmp);
    return rc;
}
