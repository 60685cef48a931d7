#!/usr/bin/env bash
# make test-cluster: start a single-node SLURM, run tests/cluster (the workflow through
# profiles/slurm vs a local run, byte for byte), stop the cluster whatever happened.
# Root only (it installs and starts slurm-wlm and munge); CI (.ci/run) calls it after make test.
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=tests/cluster
[ "$(id -u)" = 0 ] || { echo "test-cluster: needs root (it starts munged, slurmctld and slurmd)" >&2; exit 1; }
trap '"$HERE"/slurm-down.sh' EXIT
trap 'exit 130' INT TERM
start=$(date +%s)
"$HERE"/slurm-up.sh
.venv/bin/pytest -m cluster -p no:cacheprovider -s "$HERE"
echo "test-cluster: passed in $(($(date +%s) - start)) s"
