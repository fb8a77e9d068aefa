/*
 * criteria_report.h — `massim criteria RUN.h5` (criteria_report.c).
 */
#ifndef MAS_CRITERIA_REPORT_H
#define MAS_CRITERIA_REPORT_H

#include <stdio.h>

/* Print the criteria timeline of a run file to out.  MAS_EINPUT for a
 * missing file, not HDF5, or no /criteria. */
int mas_criteria_report(const char *h5_path, FILE *out, char *err);

#endif
