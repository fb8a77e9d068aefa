/*
 * cohort_match.h — a published cohort's presentation labs as targets for a
 * virtual population (`massim cohort ... --match TARGETS.csv`; issue 19,
 * docs/criteria.md "A virtual population").
 *
 * A targets file is CSV: lines starting with '#' are comments ("# source:
 * ..." lines are printed with the match), then a header naming the
 * columns group, lab, q1, median, q3 (n optional, in any order), then one
 * row per group and lab: the published first quartile, median and third
 * quartile of that lab at presentation.
 *   group  mas          patients with MAS by the ground truth (true_mas 1)
 *          sjia_no_mas  patients with sJIA (sjia_background 1) without MAS
 *          no_sjia      patients without sJIA (the febrile comparators)
 *   lab    a presentation lab of the summary (LAB_at_presentation):
 *          ferritin, platelets, ast, triglycerides, fibrinogen, ldh, esr,
 *          hemoglobin, wbc, neutrophils, in their summary units
 */
#ifndef MAS_COHORT_MATCH_H
#define MAS_COHORT_MATCH_H

#include <stddef.h>

enum mas_match_group { MAS_GROUP_MAS, MAS_GROUP_SJIA_NO_MAS, MAS_GROUP_NO_SJIA, MAS_GROUP_N };
extern const char *const mas_match_group_names[MAS_GROUP_N];

#define MAS_MATCH_NLABS 10
extern const char *const mas_match_labs[MAS_MATCH_NLABS];      /* "ferritin", ... */
extern const char *const mas_match_lab_units[MAS_MATCH_NLABS]; /* "ng/mL", ... */

struct mas_match_target {
    enum mas_match_group group;
    int lab;                     /* index in mas_match_labs */
    double q[3];                 /* first quartile, median, third quartile */
    double n;                    /* patients in the published group (NaN: not given) */
};

#define MAS_MATCH_MAX_TARGETS 64

struct mas_match_spec {
    char path[1024];
    struct mas_match_target t[MAS_MATCH_MAX_TARGETS];
    size_t n;
    char source[1024];           /* the "# source:" lines, joined */
};

/* Read a targets file.  MAS_OK, or MAS_EINPUT with "FILE:LINE:COL: ..."
 * (unknown group or lab, a lab twice in a group, quartiles not finite or
 * not q1 <= median <= q3, a missing column, no row). */
int mas_match_read(const char *path, struct mas_match_spec *m, char *err);

#endif
