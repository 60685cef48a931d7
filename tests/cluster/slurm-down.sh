#!/usr/bin/env bash
# Stop what tests/cluster/slurm-up.sh started (its jobs, slurmd, slurmctld, munged), by the pid
# files in $COPROD_SLURM_DIR only — never a SLURM or munge this script did not start — and remove
# the /etc/slurm/slurm.conf it wrote. Idempotent.
set -uo pipefail
DIR=${COPROD_SLURM_DIR:-/run/coprod-slurm}
CONF=/etc/slurm/slurm.conf
MARK="# Written by tests/cluster/slurm-up.sh"
quiet=${1:-}
ours() { [ -e "$CONF" ] && head -n1 "$CONF" | grep -qF "$MARK"; }

stop() { # name pidfile
  [ -s "$2" ] || return 0
  local pid
  pid=$(cat "$2")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    [ "$quiet" = --quiet ] || echo "slurm-down: stopped $1 ($pid)"
  fi
  rm -f "$2"
}

# this throwaway cluster's jobs first, so no job step outlives slurmd
if ours && [ -s "$DIR/slurmctld.pid" ] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null; then
  if [ -n "$(squeue -h -o %i 2>/dev/null)" ]; then
    scancel --full --quiet $(squeue -h -o %i 2>/dev/null) 2>/dev/null
    for _ in $(seq 25); do [ -z "$(squeue -h -t running,completing -o %i 2>/dev/null)" ] && break; sleep 0.2; done
  fi
fi
stop slurmd "$DIR/slurmd.pid"
stop slurmctld "$DIR/slurmctld.pid"
stop munged /run/munge/coprod-munged.pid  # written only when slurm-up.sh started munged
# job state of this throwaway cluster: the next start is a clean one
rm -rf "$DIR/state" "$DIR/spool"
ours && rm -f "$CONF"
exit 0
