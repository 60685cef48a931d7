#!/usr/bin/env bash
# Start a single-node SLURM (slurmctld + slurmd on this machine, munge for authentication) for
# the cluster test (make test-cluster). Idempotent: a cluster this script already started is
# reused. Root only (Debian's slurm-wlm and munge, installed here if missing: setup, not run time).
# Its state and logs live in $COPROD_SLURM_DIR (default /run/coprod-slurm); the configuration is
# /etc/slurm/slurm.conf, the one place every SLURM command finds it (the executor plugin clears
# SLURM_* variables, SLURM_CONF included, before a job's srun). An /etc/slurm/slurm.conf this
# script did not write (a real cluster's) is never touched. Stop it with tests/cluster/slurm-down.sh.
set -euo pipefail
DIR=${COPROD_SLURM_DIR:-/run/coprod-slurm}
CONF=/etc/slurm/slurm.conf
MARK="# Written by tests/cluster/slurm-up.sh"
TIMEOUT=${COPROD_SLURM_TIMEOUT:-60}
unset SLURM_CONF
die() { echo "slurm-up: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (it starts munged, slurmctld and slurmd) — run as root or under sudo"

node_state() { sinfo -h -N -o '%T' 2>/dev/null | head -n1; }
alive() { [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

if [ -e "$CONF" ] && ! head -n1 "$CONF" | grep -qF "$MARK"; then
  die "$CONF exists and was not written by this script (a real SLURM?) — not touching it"
fi
if alive "$DIR/slurmctld.pid" && alive "$DIR/slurmd.pid" && [ "$(node_state)" = idle ]; then
  echo "slurm-up: already running ($CONF)"
  exit 0
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "slurm-up: installing slurm-wlm and munge (apt-get)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q slurm-wlm munge >/dev/null 2>&1; } \
    || die "could not install slurm-wlm and munge with apt-get (Debian/Ubuntu only; needs the network once)"
fi

# Stale daemons of an earlier, half-finished start: stop them first.
"$(dirname "$0")/slurm-down.sh" --quiet

mkdir -p "$DIR/state" "$DIR/spool"
chmod 0755 "$DIR"

# munge: the key comes with the Debian package; create one if it is missing.
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key >/dev/null 2>&1 \
    || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=128 2>/dev/null
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
fi
install -d -o munge -g munge -m 0755 /run/munge
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/coprod-munged.pid \
    || die "munged did not start (see /var/log/munge/munged.log)"
  for _ in $(seq 20); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.5; done
  munge -n | unmunge >/dev/null 2>&1 || die "munge does not authenticate (see /var/log/munge/munged.log)"
fi

HOST=$(hostname -s)
for port in 6817 6818; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use (another SLURM?) — stop it or run this on a machine without one"
  fi
done
# The node as slurmd sees it (CPUs, sockets, memory), so the test runs on any machine shape.
NODE=$(slurmd -C | head -n1 | sed "s/^NodeName=[^ ]*/NodeName=$HOST NodeAddr=127.0.0.1/")
case $NODE in NodeName=*RealMemory=*) ;; *) die "slurmd -C did not describe this node: $NODE" ;; esac

mkdir -p "$(dirname "$CONF")"
cat >"$CONF" <<CONF
$MARK: a one-node cluster for the test, no accounting database.
ClusterName=coprod-test
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# containers and CI machines have no usable cgroups: plain process tracking
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
# without slurmdbd, squeue is the only status source: keep finished jobs visible for 10 min
MinJobAge=600
SlurmdTimeout=60
$NODE State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
chmod 0644 "$CONF"

slurmctld -f "$CONF" -i || die "slurmctld did not start (see $DIR/slurmctld.log)"
slurmd -f "$CONF" || die "slurmd did not start (see $DIR/slurmd.log)"

for _ in $(seq "$TIMEOUT"); do
  state=$(node_state || true)
  case $state in
    idle) echo "slurm-up: node $HOST idle ($CONF, state and logs in $DIR)"; exit 0 ;;
    down* | drain* | fail*) scontrol update NodeName="$HOST" State=RESUME >/dev/null 2>&1 || true ;;
  esac
  sleep 1
done
die "node $HOST not idle after ${TIMEOUT}s (state '${state:-none}'; see $DIR/slurmctld.log and $DIR/slurmd.log)"
