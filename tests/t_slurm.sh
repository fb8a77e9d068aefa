#!/bin/sh
# t_slurm.sh — the Slurm scripts of docs/cluster.md (scripts/slurm/) on a
# real one-node Slurm (tools/slurm_local.sh; make test-slurm starts it):
# a sweep as a job array and a merge gives the file an unsharded sweep
# gives; a shard that fails makes the merge job fail with the runs it
# misses (not pend forever); a resubmission without SHARDS is refused;
# the MPI job script (mpi-sweep.sh, srun --mpi=pmix) with the MPI build
# gives the same file, and under srun massim really loads its MPI module.
# Skipped (one "ok ... # skip" line) where no Slurm answers.
: "${MASSIM:=./massim}"
here=$(pwd)
case $MASSIM in /*) ;; *) MASSIM=$here/$MASSIM ;; esac
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
. tests/lib.sh
if ! sinfo -h >/dev/null 2>&1; then
    echo "ok - slurm # skip: no Slurm answers here (make test-slurm starts one)"
    exit 0
fi
# massim on the PATH of the jobs (sbatch --export=ALL passes it on)
mkdir -p "$dir/bin"
ln -s "$MASSIM" "$dir/bin/massim"
PATH=$dir/bin:$PATH
export PATH
cp tests/sweeps/grid.yaml "$dir/grid.yaml"
S=$here/scripts/slurm
cd "$dir" || exit 1

state() { scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -1; }
ended() {  # ended JOBID: every task of it finished, in whatever state
    for s in $(scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p'); do
        case $s in PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED) return 1 ;; esac
    done
}
await() {  # await JOBID SECONDS
    i=0
    while ! ended "$1"; do
        i=$((i + 1))
        [ "$i" -gt $(($2 * 4)) ] && return 1
        sleep 0.25
    done
}

# 1. three shards and the merge
ids=$("$S/submit-shards.sh" grid.yaml 3 --cpus-per-task=1 --time=00:10:00)
array=${ids% *}
merge=${ids#* }
check "the array and the merge are submitted ($ids)" [ -n "$array" ] && [ -n "$merge" ]
if await "$merge" 180; then
    check "the merge job completed ($(state "$merge"))" [ "$(state "$merge")" = COMPLETED ]
else
    echo "not ok - the merge job did not end within 180 s ($(state "$merge"))"
fi
check "results/ was made and holds the merged sweep" [ -s results/grid.h5 ]
"$MASSIM" sweep grid.yaml -o whole.h5 -q
/usr/bin/python3 "$here/tests/check_sweep.py" same results/grid.h5 whole.h5 \
    "three Slurm shards merged by a dependent job"

# 2. a shard that fails: the merge job fails and says which runs are missing
rm -rf shards results mas-*.log
ids=$("$S/submit-shards.sh" grid.yaml 3 --cpus-per-task=1 --time=00:10:00 --hold)
array=${ids% *}
merge=${ids#* }
scancel "${array}_1"
scontrol release "$array" "$merge" 2>/dev/null || scontrol release "$array"
scontrol release "$merge" 2>/dev/null
if await "$merge" 180; then
    check "with a shard cancelled, the merge job fails ($(state "$merge"))" \
        [ "$(state "$merge")" = FAILED ]
    has "... and its log says which runs no shard holds" "mas-merge-$merge.log" \
        "are in none of the files (a shard is missing)"
else
    echo "not ok - the merge job is still $(state "$merge") after 180 s (pending forever?)"
    scancel "$merge"
fi

# 3. a resubmission without SHARDS is refused, in the task's log
jid=$(SCENARIO=grid.yaml sbatch --parsable --export=ALL --array=1 --cpus-per-task=1 \
      --time=00:05:00 "$S/shards.sh")
if await "$jid" 120; then
    check "a resubmission without SHARDS fails ($(state "$jid"))" [ "$(state "$jid")" = FAILED ]
    has "... saying so" "mas-shard-${jid}_1.log" "set SHARDS to the number of shards"
else
    echo "not ok - the task without SHARDS did not end"
fi
# 4. one MPI job (the MPI build, MASSIM_MPI) through srun --mpi=pmix
if [ -n "${MASSIM_MPI:-}" ] && [ -x "$here/$MASSIM_MPI" ] && srun --mpi=list 2>&1 | grep -q pmix; then
    mkdir -p "$dir/mpibin"
    ln -s "$here/$MASSIM_MPI" "$dir/mpibin/massim"
    rm -rf results mas-*.log
    jid=$(PATH=$dir/mpibin:$PATH SCENARIO=grid.yaml sbatch --parsable --export=ALL \
          --ntasks=2 --time=00:10:00 "$S/mpi-sweep.sh")
    if await "$jid" 180; then
        check "the MPI job completed ($(state "$jid"))" [ "$(state "$jid")" = COMPLETED ]
        sed 's/^/#   /' "mas-sweep-$jid.log" | head -20
    else
        echo "not ok - the MPI job did not end within 180 s ($(state "$jid"))"
        scancel "$jid"
    fi
    /usr/bin/python3 "$here/tests/check_sweep.py" same results/grid.h5 whole.h5 \
        "an MPI job of two tasks under srun"
    # the module is what srun runs: hidden, the job fails and says so
    jid=$(PATH=$dir/mpibin:$PATH SCENARIO=grid.yaml MASSIM_MPI_MODULE=$dir/none.so \
          sbatch --parsable --export=ALL --ntasks=2 --time=00:05:00 "$S/mpi-sweep.sh")
    if await "$jid" 120; then
        check "without its MPI module the MPI job fails ($(state "$jid"))" [ "$(state "$jid")" = FAILED ]
        has "... saying so" "mas-sweep-$jid.log" "none.so (MASSIM_MPI_MODULE): no such file"
    else
        echo "not ok - the MPI job without its module did not end"
        scancel "$jid"
    fi
else
    echo "ok - MPI job under Slurm # skip: no MPI build or no pmix in srun"
fi
cd "$here" || exit 1
