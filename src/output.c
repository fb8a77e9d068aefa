/*
 * output.c — the table of a run's output writers (output.h): a new format
 * is a writer function in its own file (output_FORMAT.c) and a row here;
 * `massim run` (cli_run.c) chooses the files from its options.
 */
#include "output.h"

#include <string.h>

const struct mas_output_writer mas_output_writers[] = {
    { "hdf5", ".h5", mas_output_h5_write },     /* output_h5.c */
    { "csv", ".csv", mas_output_csv_write },    /* output_csv.c */
};
const int mas_n_output_writers = (int)(sizeof mas_output_writers / sizeof mas_output_writers[0]);

const struct mas_output_writer *mas_output_writer_find(const char *name)
{
    for (int i = 0; i < mas_n_output_writers; i++)
        if (strcmp(mas_output_writers[i].name, name) == 0)
            return &mas_output_writers[i];
    return NULL;
}
