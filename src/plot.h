/*
 * plot.h — figures of one run: `massim plot` reads columns of a run's HDF5
 * file, writes them to a temporary data file and renders a gnuplot
 * template (plots/NAME.gp) into PNG, SVG or PDF.
 */
#ifndef MAS_PLOT_H
#define MAS_PLOT_H

#include <stddef.h>

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

/* Render `figure` of the run in `h5_path` into `out_path`; the terminal
 * follows out_path's extension (.png, .svg, .pdf).  Templates come from
 * $MASSIM_PLOTS, else ./plots, else MAS_PLOTS_DIR when compiled in.
 *   MAS_EINPUT  unknown figure or extension, missing or unreadable file,
 *               an output path gnuplot cannot take (quote, newline);
 *   MAS_EIO     no template, temporary file, or gnuplot failed. */
int mas_plot(const char *h5_path, const char *figure, const char *out_path, char *err);

#endif
