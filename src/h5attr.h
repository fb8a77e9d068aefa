/*
 * h5attr.h — what massim's HDF5 writers share: text attributes as massim
 * writes them (scalar, variable-length, UTF-8), HDF5's reason for a
 * failure in one line, and closing a written file when the disk is full.
 * Reading goes through the checked reader, h5read.h.
 */
#ifndef MAS_H5ATTR_H
#define MAS_H5ATTR_H

#include <hdf5.h>

/* Write attribute `name` = value on obj; negative on failure. */
herr_t mas_h5_write_text(hid_t obj, const char *name, const char *value);

/* HDF5's reason for the last failure, in one line: the system's words when
 * a write failed ("No space left on device"), else the innermost
 * description on HDF5's error stack (which is cleared). */
void mas_h5_reason(char *buf, size_t n);

/* Close a file that was written.  Every object still open in it is
 * closed first.  If closing fails (HDF5 could not flush: a full disk, a
 * file size limit), HDF5 keeps the file open and would crash trying again
 * when the process exits: the library is then marked unusable, and
 * main() leaves without HDF5's exit handler (mas_h5_unusable). */
herr_t mas_h5_close_file(hid_t f);
int mas_h5_unusable(void);
/* The same after any failed write (HDF5 may hold a half-created file:
 * H5Fcreate on a full disk leaves one that its exit handler loops on), and
 * after a file read from elsewhere was refused (h5read.c: a damaged file
 * can leave the library looping at exit too). */
void mas_h5_mark_unusable(void);

#endif
