/*
 * main.c — the entry point of massim: the command line itself (the verbs,
 * their option tables, the parser and the help) is in cli.c and cli_*.c.
 * Here only what must happen around it in the process: GSL errors become
 * return values, signals remove temporary files (signals.h), under an MPI
 * launcher `massim sweep` loads the MPI module and starts MPI
 * (mpi_module.h), and a process whose HDF5 could not
 * close a file leaves without HDF5's exit handler.
 */
#include "cli.h"
#include "h5attr.h"
#include "massim.h"
#include "signals.h"

#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef MAS_MPI
#include "mpi_module.h"
#endif

/* After HDF5 failed to close a file it wrote (a full disk), its exit
 * handler would crash trying again: leave without it (h5attr.h). */
static int leave(int status)
{
    if (mas_h5_unusable()) {
        fflush(NULL);
        _exit(status);
    }
    return status;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    mas_signals_install();
#ifdef MAS_MPI
    /* Started by an MPI launcher (mpirun, srun), massim sweep (and massim
     * sensitivity, which runs one) is one rank of a distributed sweep
     * (sweep_mpi.c, in the module massim-mpi.so); every other use runs
     * without MPI and without its libraries. */
    int mpi = argc > 1 && (strcmp(argv[1], "sweep") == 0 || strcmp(argv[1], "sensitivity") == 0)
              && (getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") || getenv("PMI_RANK")
                  || getenv("PMI_SIZE"));
    if (mpi) {
        char err[MAS_ERR_LEN];
        if (mas_mpi_load(err) != MAS_OK || mas_mpi->start(&argc, &argv, err) != MAS_OK) {
            fprintf(stderr, "massim: %s\n", err);
            return 1;
        }
    }
    int status = mas_cli_main(argc, argv);
    if (mas_mpi && !mas_h5_unusable())
        mas_mpi->stop();
    return leave(status);
#else
    return leave(mas_cli_main(argc, argv));
#endif
}
