#!/usr/bin/env bash
# Starts a real Flink 2.2.1 session cluster on this machine, assembled from Maven artifacts (flink-dist is not on
# Maven Central), plus a Kafka broker:
#   - one JobManager (StandaloneSessionClusterEntrypoint) with the web UI and REST API,
#   - N TaskManagers (TaskManagerRunner), each its own JVM,
#   - a Kafka broker (KRaft, `neurostream broker`) in its own JVM,
# all on 127.0.0.1, every JVM with --configDir <dir>/conf (config.yaml beside this script plus what is decided
# here) and memory flags computed from it by Flink's BashJavaUtils, as bin/jobmanager.sh and bin/taskmanager.sh do.
# Prints the REST URL and the Kafka bootstrap address; deploy/standalone/down.sh stops everything.
#
#   deploy/standalone/up.sh [--dir DIR] [--rest-port 8081] [--kafka-port 9092] [--taskmanagers 2] [--slots 1]
#                           [--checkpoint-interval "5 s"]
# A port of 0 means any free port. Needs Java 17; builds the project first if needed (NEUROSTREAM_NO_BUILD=1 skips
# that). On any failure it stops what it started and shows the end of the failing process's log.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="$root/runs/standalone"
rest_port=8081
kafka_port=9092
taskmanagers=2
slots=1
checkpoint_interval="5 s"
start_timeout_s=${NEUROSTREAM_CLUSTER_START_TIMEOUT_S:-300}

die() { echo "up.sh: $*" >&2; exit 1; }
need_value() { [[ $# -ge 2 && -n "$2" ]] || die "$1 needs a value"; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir) need_value "$@"; dir="$2"; shift 2 ;;
    --rest-port) need_value "$@"; rest_port="$2"; shift 2 ;;
    --kafka-port) need_value "$@"; kafka_port="$2"; shift 2 ;;
    --taskmanagers) need_value "$@"; taskmanagers="$2"; shift 2 ;;
    --slots) need_value "$@"; slots="$2"; shift 2 ;;
    --checkpoint-interval) need_value "$@"; checkpoint_interval="$2"; shift 2 ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (valid: --dir, --rest-port, --kafka-port, --taskmanagers, --slots, --checkpoint-interval)" ;;
  esac
done
for n in rest_port kafka_port taskmanagers slots; do
  [[ "${!n}" =~ ^[0-9]+$ ]] || die "--${n//_/-} must be a non-negative integer, got '${!n}'"
done
(( rest_port <= 65535 && kafka_port <= 65535 )) || die "ports must be in [0, 65535]"
(( taskmanagers >= 1 )) || die "--taskmanagers must be >= 1, got $taskmanagers"
(( slots >= 1 )) || die "--slots must be >= 1, got $slots"
command -v java >/dev/null || die "java is not on the PATH (Java 17 is needed)"
command -v curl >/dev/null || die "curl is needed to wait for the JobManager's REST API"

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
pids="$dir/pids"
if compgen -G "$pids/*.pid" >/dev/null; then
  for f in "$pids"/*.pid; do
    if kill -0 "$(cat "$f")" 2>/dev/null; then
      die "a cluster is already running in $dir ($(basename "$f" .pid) has pid $(cat "$f")); stop it with: $here/down.sh --dir $dir"
    fi
  done
  rm -f "$pids"/*.pid
fi

# --- what runs: the Flink classpath from Maven (deploy/pom.xml), the CLI for the broker, the job jar ------------
flink_cp_file="$root/deploy/target/flink-classpath.txt"
cli_cp_file="$root/cli/target/classpath.txt"
if [[ -z "${NEUROSTREAM_NO_BUILD:-}" ]]; then
  "$root/neurostream" --version >/dev/null   # builds what is missing or stale (first run: about a minute)
  [[ -f "$flink_cp_file" ]] || (cd "$root" && ./mvnw -q -B install -DskipTests) >&2
fi
for f in "$flink_cp_file" "$cli_cp_file"; do
  [[ -f "$f" ]] || die "$f is missing: build first (./mvnw -B install -DskipTests)"
done
flink_cp="$(cat "$flink_cp_file")"

# --- ports ------------------------------------------------------------------------------------------------------
taken=" "
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 500); do
    p=$((20000 + RANDOM % 40000))
    if [[ "$taken" != *" $p "* ]] && ! port_in_use "$p"; then taken+="$p "; echo "$p"; return 0; fi
  done
  die "found no free port"
}
pick_port() { # $1 requested port (0 = any), $2 what it is for
  if [[ "$1" == 0 ]]; then free_port; return; fi
  port_in_use "$1" && die "port $1 ($2) is in use: choose another one, or 0 for any free port"
  taken+="$1 "; echo "$1"
}
rest_port="$(pick_port "$rest_port" "--rest-port")"
kafka_port="$(pick_port "$kafka_port" "--kafka-port")"
rpc_port="$(free_port)"

# --- configuration ----------------------------------------------------------------------------------------------
conf="$dir/conf"
mkdir -p "$conf" "$dir/log" "$pids" "$dir/checkpoints" "$dir/savepoints" "$dir/tmp" "$dir/web-upload"
cp "$here/log4j.properties" "$conf/log4j.properties"
# Logs of the previous start become *.1 (as Flink's scripts rotate them); this start's logs are fresh.
for f in "$dir"/log/*.log "$dir"/log/*.out; do [[ -e "$f" ]] && mv -f "$f" "$f.1"; done
{
  cat "$here/config.yaml"
  echo
  echo "# --- written by up.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ) ---"
  echo "jobmanager.rpc.port: $rpc_port"
  echo "rest.port: $rest_port"
  echo "taskmanager.numberOfTaskSlots: $slots"
  echo "parallelism.default: $((taskmanagers * slots))"
  echo "execution.checkpointing.interval: $checkpoint_interval"
  echo "execution.checkpointing.dir: file://$dir/checkpoints"
  echo "execution.checkpointing.savepoint-dir: file://$dir/savepoints"
  echo "io.tmp.dirs: $dir/tmp"
  echo "web.upload.dir: $dir/web-upload"
} > "$conf/config.yaml"

# Flink's bin/config.sh readFromConfig: the last value of a flat key.
read_config() { # $1 key
  sed -n "s/^[ ]*$1[ ]*: \([^#]*\).*$/\1/p" "$conf/config.yaml" | sed 's/^ *//;s/ *$//' | tail -n 1
}
java_opts_all="$(read_config env.java.opts.all)"
java_opts_jobmanager="$(read_config env.java.opts.jobmanager)"
java_opts_taskmanager="$(read_config env.java.opts.taskmanager)"

# Flink's bin/config.sh: BashJavaUtils prints the JVM memory flags (first line) and the derived -D options (second).
resource_params() { # $1 GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  local out
  out="$(java -cp "$flink_cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>&1)" \
    || { echo "$out" >&2; die "Flink's BashJavaUtils $1 failed on $conf/config.yaml"; }
  out="$(grep '^BASH_JAVA_UTILS_EXEC_RESULT:' <<<"$out" | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://')"
  [[ "$(wc -l <<<"$out")" == 2 ]] || die "unexpected BashJavaUtils $1 output: $out"
  echo "$out"
}

# --- start, and stop everything again if anything fails ------------------------------------------------------------
failed_log=""
on_failure() {
  local code=$?
  trap - ERR INT TERM
  echo "up.sh: start failed; stopping what was started" >&2
  if [[ -n "$failed_log" && -f "$failed_log" ]]; then
    echo "--- last lines of $failed_log ---" >&2
    tail -n 30 "$failed_log" >&2
  fi
  "$here/down.sh" --dir "$dir" >&2 || true
  exit $((code == 0 ? 1 : code))
}
trap on_failure ERR INT TERM

start_jvm() { # $1 name, rest: java arguments; the JVM's pid goes to pids/<name>.pid, stdout+stderr to log/<name>.out
  local name="$1"; shift
  nohup java -Dneurostream.cluster="$dir" "$@" > "$dir/log/$name.out" 2>&1 < /dev/null &
  echo $! > "$pids/$name.pid"
}
flink_jvm_args() { # $1 log name
  # Pekko's classic remoting gives itself 10 s to start, read from pekko.remote.classic.startup-timeout, which Flink's
  # pekko.startup-timeout does not set; on a loaded machine that is too short. System properties override it.
  echo "-Dlog.file=$dir/log/$1.log -Dlog4j.configurationFile=file:$conf/log4j.properties -Djava.io.tmpdir=$dir/tmp" \
    "-Dpekko.remote.classic.startup-timeout=60s"
}
alive_or_fail() { # $1 name
  kill -0 "$(cat "$pids/$1.pid")" 2>/dev/null && return 0
  failed_log="$dir/log/$1.out"
  [[ -s "$dir/log/$1.log" ]] && failed_log="$dir/log/$1.log"
  echo "up.sh: the $1 process exited" >&2
  return 1
}

started_at=$SECONDS
# Kafka: the project's embedded KRaft broker alone in its JVM, with the topics (2 partitions each).
cli_cp="$root/cli/target/neurostream-cli-0.1.0-SNAPSHOT.jar:$(cat "$cli_cp_file")"
start_jvm kafka -Xmx768m -XX:+UseParallelGC -Dneurostream.log="$dir/log/kafka.log" \
  -Dorg.bytedeco.javacpp.cachedir="$root/.javacpp-cache" -cp "$cli_cp" io.neurostream.cli.Neurostream \
  broker --port "$kafka_port" --data-dir "$dir/kafka-data" --partitions 2

jm_params="$(resource_params GET_JM_RESOURCE_PARAMS)"
# shellcheck disable=SC2046 # the JVM flags and -D options are word lists, as in bin/jobmanager.sh
start_jvm jobmanager $(head -n1 <<<"$jm_params") $java_opts_all $java_opts_jobmanager $(flink_jvm_args jobmanager) -cp "$flink_cp" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$conf" $(tail -n1 <<<"$jm_params")

tm_params="$(resource_params GET_TM_RESOURCE_PARAMS)"
rest_url="http://127.0.0.1:$rest_port"
bootstrap="127.0.0.1:$kafka_port"
deadline=$((SECONDS + start_timeout_s))
# TaskManagers start once the JobManager serves: on two cores four JVMs starting at once slow each other down.
until curl -fsS --max-time 2 "$rest_url/overview" >/dev/null 2>&1; do
  alive_or_fail kafka
  alive_or_fail jobmanager
  if (( SECONDS > deadline )); then
    failed_log="$dir/log/jobmanager.log"
    echo "up.sh: the JobManager does not serve $rest_url after ${start_timeout_s} s" >&2
    false
  fi
  sleep 0.5
done
for i in $(seq 1 "$taskmanagers"); do
  # shellcheck disable=SC2046
  start_jvm "taskmanager-$i" $(head -n1 <<<"$tm_params") $java_opts_all $java_opts_taskmanager \
    $(flink_jvm_args "taskmanager-$i") -cp "$flink_cp" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$conf" $(tail -n1 <<<"$tm_params")
done

kafka_ready=false
registered=0
until $kafka_ready && (( registered == taskmanagers )); do
  for name in kafka jobmanager $(seq -f "taskmanager-%g" 1 "$taskmanagers"); do alive_or_fail "$name"; done
  if ! $kafka_ready && grep -q "Kafka broker ready at" "$dir/log/kafka.out"; then kafka_ready=true; fi
  registered="$(curl -fsS --max-time 2 "$rest_url/overview" 2>/dev/null | sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p' || true)"
  registered="${registered:-0}"
  if (( SECONDS > deadline )); then
    failed_log="$dir/log/jobmanager.log"
    $kafka_ready || failed_log="$dir/log/kafka.out"
    echo "up.sh: not ready after ${start_timeout_s} s (Kafka ready: $kafka_ready, TaskManagers registered: $registered of $taskmanagers)" >&2
    false
  fi
  sleep 0.5
done
trap - ERR INT TERM

# Which port of metrics.reporter.prom.port each Flink process took (its log says so once the reporter runs).
metrics_urls=""
for name in jobmanager $(seq -f "taskmanager-%g" 1 "$taskmanagers"); do
  port="$(sed -n 's/.*Started PrometheusReporter HTTP server on port \([0-9]*\).*/\1/p' "$dir/log/$name.log" 2>/dev/null | tail -n 1)"
  [[ -n "$port" ]] && metrics_urls="$metrics_urls $name=http://127.0.0.1:$port/metrics"
done
metrics_urls="${metrics_urls# }"

cat > "$dir/cluster.env" <<EOF
# written by deploy/standalone/up.sh; read by down.sh and tests
REST_URL=$rest_url
BOOTSTRAP_SERVERS=$bootstrap
CHECKPOINT_DIR=file://$dir/checkpoints
SAVEPOINT_DIR=file://$dir/savepoints
TASKMANAGERS=$taskmanagers
SLOTS_PER_TASKMANAGER=$slots
METRICS_URLS="$metrics_urls"
EOF

cat <<EOF
Flink 2.2.1 session cluster is up ($((SECONDS - started_at)) s): 1 JobManager, $taskmanagers TaskManagers x $slots slot(s), Kafka.
  REST URL / web UI:  $rest_url
  Kafka bootstrap:    $bootstrap
  checkpoints:        file://$dir/checkpoints
  savepoints:         file://$dir/savepoints
  logs:               $dir/log
  Prometheus metrics: ${metrics_urls:-(no reporter port found in the logs)}
next:
  ./neurostream submit dvs-classify --jobmanager $rest_url --bootstrap-servers $bootstrap
  ./neurostream jobs --jobmanager $rest_url
  deploy/standalone/down.sh$( [[ "$dir" == "$root/runs/standalone" ]] || echo " --dir $dir" )
EOF
