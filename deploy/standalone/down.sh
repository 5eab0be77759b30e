#!/usr/bin/env bash
# Stops every process deploy/standalone/up.sh started in its cluster folder (also after a failed or interrupted
# start): TaskManagers first, then the JobManager, then Kafka; SIGTERM, then SIGKILL after a grace period.
# Only processes whose pid file is in <dir>/pids and whose command line names that folder are touched.
#
#   deploy/standalone/down.sh [--dir DIR] [--clean]     --clean also deletes the folder (logs, checkpoints, data)
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="$root/runs/standalone"
clean=false
grace_s=${NEUROSTREAM_CLUSTER_STOP_GRACE_S:-20}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) [[ $# -ge 2 ]] || { echo "down.sh: --dir needs a value" >&2; exit 1; }; dir="$2"; shift 2 ;;
    --clean) clean=true; shift ;;
    -h|--help) sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "down.sh: unknown option '$1' (valid: --dir, --clean)" >&2; exit 1 ;;
  esac
done
if [[ ! -d "$dir" ]]; then
  echo "nothing to stop: $dir does not exist"
  exit 0
fi
dir="$(cd "$dir" && pwd)"
pids="$dir/pids"

ours() { # $1 pid: still alive and started by up.sh for this folder (not a recycled pid)
  local cmdline
  # read first, then match: `tr | grep -q` under pipefail fails at random when grep exits before tr (SIGPIPE)
  cmdline="$( { tr '\0' '\n' < "/proc/$1/cmdline"; } 2>/dev/null)" || return 1
  grep -qxF -- "-Dneurostream.cluster=$dir" <<<"$cmdline"
}

stop_group() { # names..., stopped together
  local name pid waiting=()
  for name in "$@"; do
    [[ -f "$pids/$name.pid" ]] || continue
    pid="$(cat "$pids/$name.pid")"
    if ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null && waiting+=("$name:$pid")
    fi
  done
  local deadline=$((SECONDS + grace_s)) entry
  for entry in "${waiting[@]}"; do
    name="${entry%%:*}"; pid="${entry##*:}"
    while ours "$pid" && (( SECONDS < deadline )); do sleep 0.2; done
    if ours "$pid"; then
      echo "$name (pid $pid) did not stop in ${grace_s} s: killing it"
      kill -KILL "$pid" 2>/dev/null
      while ours "$pid"; do sleep 0.1; done
    fi
    echo "stopped $name (pid $pid)"
  done
  for name in "$@"; do rm -f "$pids/$name.pid"; done
}

if [[ -d "$pids" ]]; then
  taskmanagers=()
  for f in "$pids"/taskmanager-*.pid; do [[ -e "$f" ]] && taskmanagers+=("$(basename "$f" .pid)"); done
  (( ${#taskmanagers[@]} == 0 )) || stop_group "${taskmanagers[@]}"
  stop_group jobmanager
  stop_group kafka
fi
rm -f "$dir/cluster.env"
if $clean; then
  rm -rf "$dir"
  echo "deleted $dir"
else
  echo "logs, checkpoints and savepoints stay in $dir (--clean deletes them)"
fi
