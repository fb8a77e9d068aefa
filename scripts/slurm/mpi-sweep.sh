#!/bin/bash
# mpi-sweep.sh — a whole sweep as one MPI job (docs/cluster.md): task 0 is
# the writer, the other tasks compute.  The result is results/NAME.h5.
#   SCENARIO=scenarios/big.yaml sbatch --nodes=4 --ntasks-per-node=32 mpi-sweep.sh
# massim on the PATH must be the MPI build (make MPI=1; its module
# massim-mpi.so next to it or in PREFIX/lib/massim).  MPI_MODULE names the
# environment module to load where there is one (default openmpi; empty:
# none); SRUN_MPI the srun MPI plugin (default pmix; srun --mpi=list).
#SBATCH --job-name=mas-sweep
#SBATCH --ntasks=2
#SBATCH --time=12:00:00
#SBATCH --output=mas-sweep-%j.log
#SBATCH --requeue
set -eu
: "${SCENARIO:?set SCENARIO to the sweep scenario}"
if [ -n "${MPI_MODULE-openmpi}" ] && command -v module >/dev/null 2>&1; then
    module load "${MPI_MODULE-openmpi}"
fi
cd "$SLURM_SUBMIT_DIR"
mkdir -p results
name=$(basename "$SCENARIO" .yaml)
# --resume starts afresh without a journal and continues a requeued job.
# With a single task the sweep runs on that task's CPUs as threads.
exec srun --mpi="${SRUN_MPI:-pmix}" massim sweep "$SCENARIO" -o "results/$name.h5" \
    -j "${SLURM_CPUS_PER_TASK:-1}" --resume -q
