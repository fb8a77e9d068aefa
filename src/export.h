/*
 * export.h — `massim export`: the trajectory of a run already written to
 * HDF5 (output_h5.c) turned into other formats.  For now one: the CSV table
 * that `massim run --csv` writes (output_csv.c, docs/output.md), so that a
 * run kept only as RUN.h5 can still be opened in a spreadsheet.
 */
#ifndef MAS_EXPORT_H
#define MAS_EXPORT_H

/* Write the trajectory in the run file `h5_path` to `csv_path` as CSV:
 *
 *     time_day,NAME [unit],...      /states, then /observables
 *
 * one row per value of /time, numbers as %.10g, header fields quoted as
 * RFC 4180 says: byte for byte what `massim run SCENARIO --csv` writes for
 * the same run.  The columns of a group are its datasets in creation order
 * (name order if the file did not record it); a column's unit is its
 * "units" attribute.  The whole run is read before anything is written,
 * and `csv_path` is replaced all or nothing (mas_write_atomically), so on
 * any failure an existing csv_path is left as it was.
 *
 * Returns MAS_OK, or fills err (MAS_ERR_LEN bytes) and returns
 *   MAS_EINPUT  h5_path is missing or unreadable, not an HDF5 file, not a
 *               massim run (no 1-D /time, no group /states, a series that is
 *               not 1-D numbers as long as /time), too large to export; or
 *               csv_path is empty, not a regular file, or the run file itself;
 *   MAS_EIO     csv_path's directory is missing or not writable, a write
 *               failed, or memory ran out.
 */
int mas_export_csv(const char *h5_path, const char *csv_path, char *err);

#endif
