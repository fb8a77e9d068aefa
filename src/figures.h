/*
 * figures.h — `massim figures`: the teaching set.  Runs the scenarios each
 * figure needs, writes the data behind every figure to DIR/data/, and
 * renders the gnuplot templates into DIR/NN-NAME.png (and .svg, .pdf as
 * asked).  The set and its scenarios: docs/figures.md.
 */
#ifndef MAS_FIGURES_H
#define MAS_FIGURES_H

#include <stddef.h>

/* Told before each figure (path NULL) and after each file written. */
typedef void mas_figures_progress(void *ctx, int done, int total, const char *figure,
                                  const char *path);

struct mas_figures_opts {
    const char *dir;                 /* output directory (created if missing) */
    const char *formats[3];          /* "png", "svg", "pdf"; n_formats of them */
    int n_formats;
    const char *only;                /* one figure by name, or NULL for all */
    mas_figures_progress *progress;  /* may be NULL */
    void *ctx;
};

/* The figures of the set, in order: file stem ("01-cascade") and a line
 * of description. */
size_t mas_figures_count(void);
const char *mas_figures_name(size_t i);
const char *mas_figures_summary(size_t i);

/* Draw the set.  Scenarios come from $MASSIM_SCENARIOS, else ./scenarios,
 * else the installed share/massim/scenarios.
 *   MAS_EINPUT  bad directory name or format, unknown figure;
 *   MAS_ESOLVER a scenario failed to integrate;
 *   MAS_EIO     a scenario or template is missing, gnuplot failed. */
int mas_figures(const struct mas_figures_opts *o, char *err);

#endif
