/*
 * cohort.h — `massim cohort SWEEP.h5`: a sweep read as a virtual cohort
 * (one run = one patient).  Each criteria set is scored at presentation
 * against the model's ground truth (/runs/summary/true_mas): the 2x2
 * table, sensitivity, specificity, PPV and NPV with 95 % Wilson score
 * intervals, the lead time of the set over the model's MAS onset, and for
 * the three scores (HScore, MS score, ferritin:ESR) the ROC curve and its
 * AUC; and, when the sweep has it, survival (the mean probability of
 * being alive at the end of the runs, with and without MAS).
 * Definitions: docs/criteria.md, "Virtual cohorts: massim cohort".
 *
 * The statistics (cohort_stats.c) are pure functions on arrays, exposed
 * here so that tests/test_cohort.c can check them on hand-made numbers;
 * mas_cohort() (cohort.c) reads the file, prints the table and writes the
 * optional CSV and ROC figure (plots/roc.gp).
 */
#ifndef MAS_COHORT_H
#define MAS_COHORT_H

#include <stddef.h>
#include <stdio.h>

/* The 2x2 table of a set at presentation against the ground truth. */
struct mas_confusion {
    long tp, fp, tn, fn;
};

/* A proportion k/n with its 95 % Wilson score interval; all NaN if n = 0. */
struct mas_interval {
    double p, lo, hi;
};

/* Median and quartiles of n values (all NaN when n = 0). */
struct mas_spread {
    size_t n;
    double median, q1, q3;
};

/* An ROC curve: n_points points (fpr[i], tpr[i]) from (0,0) to (1,1),
 * point i > 0 reached by calling "met" every value >= threshold[i]
 * (threshold[0] = +inf: nobody met); auc by the trapezoid rule. */
struct mas_roc {
    size_t n_points;
    double *fpr, *tpr, *threshold;
    double auc;
};

/* Count TP, FP, TN, FN: truth[i] and met[i] are 0 or 1 (nonzero = yes). */
struct mas_confusion mas_confusion_count(const int *truth, const int *met, size_t n);

/* k successes out of n with the 95 % Wilson score interval (Wilson 1927). */
struct mas_interval mas_wilson(long k, long n);

/* Sensitivity TP/(TP+FN), specificity TN/(TN+FP), PPV TP/(TP+FP),
 * NPV TN/(TN+FN), each with its Wilson interval. */
void mas_confusion_rates(const struct mas_confusion *c, struct mas_interval *sens,
                         struct mas_interval *spec, struct mas_interval *ppv,
                         struct mas_interval *npv);

/* Sort v[0..n) in place and return its median and quartiles, by linear
 * interpolation between order statistics (Hyndman & Fan type 7, numpy's
 * default): the q-quantile is v[h] + (h - floor h)(v[h+1] - v[h]) with
 * h = (n - 1) q, indices from 0.  v must hold no NaN. */
struct mas_spread mas_spread_of(double *v, size_t n);

/* Lead times first_day[i] - onset_day[i] of the patients with truth[i]
 * and both days finite, into out (room for n); returns how many.
 * Negative: the set was met before the model's MAS onset. */
size_t mas_lead_times(const int *truth, const double *first_day, const double *onset_day,
                      size_t n, double *out);

/* The ROC curve of score against truth: one point per distinct finite
 * score (tied scores form one step), a NaN score counts as below every
 * threshold.  MAS_OK, or MAS_EINPUT when truth has no positive or no
 * negative (the curve is undefined), MAS_EIO when memory runs out.
 * Free with mas_roc_free (also safe on a failed or zeroed roc). */
int mas_roc(const double *score, const int *truth, size_t n, struct mas_roc *roc, char *err);
void mas_roc_free(struct mas_roc *roc);

/* Survival over a cohort: of the n values final_survival[i] (the
 * probability that patient i is alive at the end of the run; NaN values
 * are left out), how many were counted, their mean (the expected share
 * alive), the expected number of deaths (the sum of 1 - S), the smallest,
 * and how many fell below one half (median survival reached within the
 * run).  All NaN and 0 when no value is finite.  docs/model.md §14. */
struct mas_survival {
    size_t n, below_half;
    double mean, expected_deaths, min;
};
struct mas_survival mas_survival_of(const double *final_survival, size_t n);

/* Entropy balancing (Hainmueller, Political Analysis 2012;20:25): the
 * weights w[0..n) (summing to 1) closest to uniform in Kullback-Leibler
 * divergence for which sum_i w_i g[i*k + j] = target[j] for every
 * constraint j < k, found by Newton's method on the convex dual
 * (w_i proportional to exp(lambda . (g_i - target))).  *residual (may
 * be NULL): the largest |sum_i w_i g_ij - target_j| reached.  MAS_OK
 * (residual < 1e-6), MAS_EINPUT when no weights reach the targets (a
 * target outside what the sample can give), MAS_EIO without memory. */
int mas_entropy_weights(const double *g, const double *target, size_t n, size_t k, double *w,
                        double *residual, char *err);

/* The area under the polyline (x[i], y[i]), x non-decreasing. */
double mas_trapezoid(const double *x, const double *y, size_t n);

/* The virtual cohort of the sweep files files[0..n_files) (their patients
 * one after the other): print its table to out and, when not NULL, write
 * the table as CSV to csv and the ROC curves of the three scores to roc
 * (.png, .svg or .pdf, through gnuplot and plots/roc.gp).  With match (a
 * targets file, cohort_match.h), first weight each group's patients so
 * that their presentation labs have the published quartiles (entropy
 * balancing) and keep each with probability weight / highest weight; the
 * table is then of the patients kept; patients (a CSV path, with match
 * only) lists every patient read with its group, weight and whether it
 * was kept.  Output files are replaced all or nothing.
 *   MAS_EINPUT  missing or unreadable file, not a sweep, a cohort metric
 *               missing from /runs/summary or out of range, no run that
 *               succeeded, an unknown image extension, no ROC possible
 *               (nobody or everybody has MAS), a bad targets file, a
 *               group that cannot be weighted to its targets;
 *   MAS_EIO     an output could not be written, gnuplot failed, memory. */
struct mas_cohort_opts {
    const char *const *files;
    int n_files;
    const char *roc, *csv, *match, *patients;
};
int mas_cohort(const struct mas_cohort_opts *o, FILE *out, char *err);

#endif
