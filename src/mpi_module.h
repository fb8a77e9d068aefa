/*
 * mpi_module.h — the MPI part of massim as a module loaded at run time.
 *
 * `make MPI=1` builds build-mpi/massim, which does not link Open MPI, and
 * build-mpi/massim-mpi.so (src/sweep_mpi.c, built with mpicc), which does.
 * Only `massim sweep` started by an MPI launcher loads the module
 * (main.c); every other verb, shards and merge included, runs on a
 * machine that has no MPI library at all.  The module calls back into the
 * executable (linked with -rdynamic) for everything but MPI.
 *
 * The executable looks for the module, in order, at $MASSIM_MPI_MODULE,
 * next to itself, and in the installed library directory; it refuses one
 * built from another version of massim (abi, version, sizes below).
 */
#ifndef MAS_MPI_MODULE_H
#define MAS_MPI_MODULE_H

#include "sweep.h"

#define MAS_MPI_ABI 1
#define MAS_MPI_MODULE_NAME "massim-mpi.so"
#define MAS_MPI_MODULE_SYMBOL "mas_mpi_module"

struct mas_mpi_module {
    int abi;                        /* MAS_MPI_ABI when built */
    const char *version;            /* MAS_VERSION when built */
    size_t opts_size;               /* sizeof(struct mas_sweep_opts) when built */
    /* MPI_Init; MAS_OK or an error in err */
    int (*start)(int *argc, char ***argv, char *err);
    void (*stop)(void);             /* MPI_Finalize */
    int (*rank)(void);              /* this rank, 0 before start */
    /* the verb: with one rank the thread driver mas_sweep() */
    int (*sweep)(const struct mas_sweep_opts *o, char *err);
};

/* The loaded module, NULL when none is (every verb but an MPI sweep). */
extern const struct mas_mpi_module *mas_mpi;

/* Load the module into mas_mpi: MAS_OK, or an error saying where it was
 * looked for and why it could not be used. */
int mas_mpi_load(char *err);

#endif
