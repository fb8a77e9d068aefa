#!/bin/sh
# tools/slurm_local.sh start|stop — a real one-node Slurm on this machine
# (Debian's slurm-wlm and munge, as root), for tests/t_slurm.sh: one node,
# "massim" on 127.0.0.1, with this host's CPUs and memory (slurmd -C), one
# partition "debug", job accounting off, state in /var/spool/slurm-massim.
set -e
conf=/etc/slurm/slurm.conf
state=/var/spool/slurm-massim
case "$1" in
start)
    # the node is called "massim" and reached on 127.0.0.1, whatever this
    # machine's host name is (it may not resolve); its CPUs and memory are
    # what slurmd finds
    node=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]*/NodeName=massim NodeHostname=localhost NodeAddr=127.0.0.1/')
    mkdir -p "$state/ctld" "$state/d" /var/log/slurm /run/munge
    chown munge:munge /run/munge 2>/dev/null || true
    [ -s /etc/munge/munge.key ] || /usr/sbin/mungekey --create --force 2>/dev/null \
        || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key
    pgrep -x munged >/dev/null || su -s /bin/sh munge -c /usr/sbin/munged 2>/dev/null \
        || /usr/sbin/munged --force
    cat >"$conf" <<EOC
ClusterName=massim
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
$node State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOC
    pgrep -x slurmctld >/dev/null || slurmctld
    pgrep -x slurmd >/dev/null || slurmd -N massim
    i=0
    until sinfo -h -o %T 2>/dev/null | grep -q -E 'idle|mixed|alloc'; do
        i=$((i + 1))
        [ "$i" -gt 60 ] && { echo "slurm_local: the node did not come up"; sinfo; exit 1; }
        sleep 0.5
    done
    echo "slurm_local: up ($(sinfo -h -o '%P %D %T'))"
    ;;
stop)
    pkill -x slurmd 2>/dev/null || true
    pkill -x slurmctld 2>/dev/null || true
    i=0
    while pgrep -x slurmd >/dev/null || pgrep -x slurmctld >/dev/null; do
        i=$((i + 1))
        [ "$i" -gt 40 ] && { pkill -9 -x slurmd; pkill -9 -x slurmctld; break; }
        sleep 0.25
    done
    ;;
*)
    echo "usage: slurm_local.sh start|stop" >&2
    exit 2 ;;
esac
