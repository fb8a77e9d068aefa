#!/bin/bash
# submit-shards.sh SCENARIO SHARDS [sbatch options...] — a sweep as a Slurm
# job array of SHARDS tasks (shards.sh), then the merge into
# results/NAME.h5 (docs/cluster.md).  The merge runs when every task has
# ended, whatever its state: massim merge refuses a set of shards that
# misses a run, so a failed shard makes the merge job fail, with the runs
# it misses in mas-merge-JOB.log, instead of leaving it pending forever.
# Prints the two job ids.  Extra options go to both sbatch calls.
set -eu
scenario=$1
shards=$2
shift 2
name=$(basename "$scenario" .yaml)
here=$(dirname "$0")
mkdir -p shards results
array=$(SCENARIO=$scenario SHARDS=$shards sbatch --parsable --export=ALL \
    --array=0-$((shards - 1)) "$@" "$here/shards.sh")
merge=$(sbatch --parsable --export=ALL --dependency=afterany:"$array" --job-name=mas-merge \
    --ntasks=1 --time=01:00:00 --output=mas-merge-%j.log "$@" \
    --wrap "massim merge shards/$name-*.h5 -o results/$name.h5")
echo "$array $merge"
