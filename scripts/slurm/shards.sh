#!/bin/bash
# shards.sh — one shard of a sweep per Slurm array task (docs/cluster.md).
# Submit it with submit-shards.sh, which sets SCENARIO and SHARDS; to redo
# some tasks, give the same SHARDS again:
#   SCENARIO=scenarios/big.yaml SHARDS=10 sbatch --array=3,7 shards.sh
#SBATCH --job-name=mas-shard
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=16
#SBATCH --time=04:00:00
#SBATCH --output=mas-shard-%A_%a.log
set -eu
# The number of shards is given, never taken from the array: a resubmitted
# array of two tasks would otherwise cut the sweep into two shards.
: "${SHARDS:?set SHARDS to the number of shards of the sweep (the same on every resubmission)}"
: "${SCENARIO:?set SCENARIO to the sweep scenario}"
cd "$SLURM_SUBMIT_DIR"
mkdir -p shards
name=$(basename "$SCENARIO" .yaml)
# --resume starts afresh without a journal and continues a requeued task.
exec massim sweep "$SCENARIO" -o "shards/$name-$SLURM_ARRAY_TASK_ID.h5" \
    --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" -j "${SLURM_CPUS_PER_TASK:-1}" --resume -q
