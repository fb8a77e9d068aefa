/*
 * signals.h — what SIGINT, SIGTERM (a Slurm time limit) and SIGHUP do to
 * a massim process: the temporary files it is writing are removed, and it
 * then dies of the signal (exit status 128 + N in a shell: 130, 143, 129).
 * Nothing under a final name is ever half written (outputs are renamed
 * into place only when complete), and a sweep's journal stays resumable
 * (its records are appended whole; a torn last one is cut off on
 * --resume).  SIGXFSZ (a file size limit) is ignored, so that a write
 * beyond the limit fails with EFBIG and is reported like a full disk.
 */
#ifndef MAS_SIGNALS_H
#define MAS_SIGNALS_H

void mas_signals_install(void);

/* Register a temporary file to remove if a signal ends the process (at
 * most MAS_SIGNALS_MAX at once, paths of at most 4095 bytes); returns a
 * slot for mas_signals_forget, or -1 when none is free or the path is too
 * long (the file is then only removed on the normal paths). */
#define MAS_SIGNALS_MAX 16
int mas_signals_remember(const char *path);
void mas_signals_forget(int slot);

#endif
