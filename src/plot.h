/*
 * plot.h — figures drawn by gnuplot.  A figure is a template plots/NAME.gp
 * and the columns of a run it reads.  `massim plot` takes the columns from
 * a run's HDF5 file; `massim figures` (figures.c) takes them from runs it
 * has just computed.  Either way the columns go to a whitespace-separated
 * data file and gnuplot is started with fork/execvp and an argument vector,
 * never through a shell.  Text from a scenario that reaches gnuplot is cut
 * down to a safe character set first (mas_plot_sanitize).
 */
#ifndef MAS_PLOT_H
#define MAS_PLOT_H

#include <stddef.h>

struct mas_run;

/* The figures `massim plot` knows, in listing order. */
struct mas_figure {
    const char *name;      /* also the template's base name: plots/NAME.gp */
    const char *summary;   /* one line for `massim plot --list` */
};

/* The default figure's name ("labs"). */
#define MAS_PLOT_DEFAULT "labs"

/* Number of figures, and figure i (0 <= i < mas_plot_count()). */
size_t mas_plot_count(void);
const struct mas_figure *mas_plot_figure(size_t i);

/* Render `figure` of the run in `h5_path` into `out_path`, with the run in
 * `compare` (may be NULL) drawn beside it, dashed; the terminal
 * follows out_path's extension (.png, .svg, .pdf).  Templates come from
 * $MASSIM_PLOTS, else ./plots, else MAS_PLOTS_DIR when compiled in.
 * The output appears complete or not at all (temporary + rename).
 *   MAS_EINPUT  unknown figure or extension, missing or unreadable file,
 *               an output path gnuplot cannot take (quote, newline);
 *   MAS_EIO     no template, temporary file, or gnuplot failed. */
int mas_plot(const char *h5_path, const char *figure, const char *compare, const char *out_path,
             char *err);

/* ---- sweeps (plot_sweep.c) ---- */

/* Is h5_path a sweep file (root attribute kind = "sweep")? */
int mas_plot_is_sweep(const char *h5_path);
/* Is the file a fit (massim fit: a run file with /fit)?  And its figure
 * (plot_fit.c, plots/fit.gp): observations against the model with the
 * prediction band, residuals, profiles. */
int mas_plot_is_fit(const char *h5_path);
int mas_plot_fit(const char *h5_path, const char *out_path, char *err);
/* Is the file a sweep with /sensitivity (massim sensitivity)?  And its
 * figure (plot_sensitivity.c, plots/sensitivity.gp): the parameters that
 * matter most for up to four metrics (comma-separated; NULL: remission
 * day, peak ferritin, days of fibrinogen below 150, final survival). */
int mas_plot_is_sensitivity(const char *h5_path);
int mas_plot_sensitivity(const char *h5_path, const char *metrics, const char *out_path, char *err);
/* Draw `metric` (default peak_ferritin) of the runs that did not fail
 * against input axis xa (default: the first) and, for sweep-map or as the
 * colour of sweep-line, ya (default: the second, if any).  figure is
 * "sweep-line", "sweep-map" or NULL (sweep-map with two axes, else
 * sweep-line). */
/* The population figure of a sweep (plot_bands.c): for each of the
 * trajectories named in vars (comma-separated; NULL: the first four the
 * sweep kept), the median and the 50 % and 90 % bands over its successful
 * runs at each output time; the table drawn is kept in data_path when
 * not NULL. */
int mas_plot_sweep_bands(const char *h5_path, const char *vars, const char *out_path,
                         const char *data_path, char *err);

int mas_plot_sweep(const char *h5_path, const char *figure, const char *metric, const char *xa,
                   const char *ya, const char *out_path, char *err);

/* ---- building blocks for figure sets (figures.c) ---- */

/* Write the columns of `figure` for an in-memory run to `dat_path`, and
 * append the figure's computed markers (e.g. "crossing=12.875; ") to
 * `vars` (size n, NUL-terminated on entry). */
int mas_plot_write_run(const char *figure, const struct mas_run *r, const char *dat_path,
                       char *vars, size_t n, char *err);

/* Run gnuplot on template plots/TEMPLATE.gp with the assignments
 * `settings` (gnuplot syntax, already safe) plus outfile and term, which
 * follow out_path's extension; out_path is written through a temporary. */
int mas_plot_render(const char *tmpl, const char *settings, const char *out_path, char *err);

/* Copy src into dst (size n), keeping letters, digits, space and _.,:()+-/ and the star. */
void mas_plot_sanitize(char *dst, size_t n, const char *src);

/* May s go inside a single-quoted gnuplot string (no quote, no newline)? */
int mas_plot_quotable(const char *s);

/* The gnuplot terminal for a file name's extension (pngcairo, svg,
 * pdfcairo), or NULL. */
const char *mas_plot_terminal(const char *out_path);

#endif
