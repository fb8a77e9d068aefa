/*
 * main.c — the entry point of massim: the command line itself (the verbs,
 * their option tables, the parser and the help) is in cli.c and cli_*.c.
 * Here only what must happen around it in the process: GSL errors become
 * return values, and under an MPI launcher `massim sweep` starts MPI.
 */
#include "cli.h"

#include <gsl/gsl_errno.h>
#include <stdlib.h>
#include <string.h>
#ifdef MAS_MPI
#include <mpi.h>
#endif

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
#ifdef MAS_MPI
    /* Started by an MPI launcher (mpirun, srun), massim sweep is one rank of
     * a distributed sweep (sweep_mpi.c); every other use runs without MPI. */
    int mpi = argc > 1 && strcmp(argv[1], "sweep") == 0 && (getenv("OMPI_COMM_WORLD_SIZE") ||
              getenv("PMIX_RANK") || getenv("PMI_RANK") || getenv("PMI_SIZE"));
    if (mpi && MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        fprintf(stderr, "massim: cannot start MPI\n");
        return 1;
    }
    int status = mas_cli_main(argc, argv);
    if (mpi)
        MPI_Finalize();
    return status;
#else
    return mas_cli_main(argc, argv);
#endif
}
