/*
 * output_criteria.h — /criteria of a run's HDF5 file (output_criteria.c).
 */
#ifndef MAS_OUTPUT_CRITERIA_H
#define MAS_OUTPUT_CRITERIA_H

#include <hdf5.h>

#include "run.h"

/* Write /criteria into the open file; time is the /time dimension scale. */
int mas_output_criteria(hid_t file, hid_t time, const struct mas_run *r, char *err);

#endif
