#!/usr/bin/env bash
# Local single-node Apache Kafka (KRaft, broker+controller) for development and tests.
# Jars come from Maven Central via scripts/kafka/pom.xml; no Docker, no Kafka install needed.
#
#   scripts/kafka/kafka.sh fetch|start|stop|restart|status|reset|logs
#   scripts/kafka/kafka.sh launch|wait|kill   (start without waiting, wait until ready, SIGKILL:
#                                              used by cluster.sh, whose nodes only get ready together)
#
# Env overrides: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093),
#   KAFKA_RUN_DIR (<repo>/.cache/kafka/run, or run-<port> when KAFKA_PORT != 9092: config, pid, logs),
#   KAFKA_DATA_DIR (<run dir>/data), KAFKA_HEAP_OPTS (-Xms256m -Xmx1g),
#   KAFKA_JVM_OPTS (extra JVM flags), KAFKA_START_TIMEOUT (90 s), KAFKA_STOP_TIMEOUT (30 s), JAVA_HOME.
# Cluster members (set by scripts/kafka/cluster.sh): KAFKA_NODE_ID (1), KAFKA_QUORUM_VOTERS
#   (<id>@127.0.0.1:<controller port>), KAFKA_REPLICATION (1: default, internal topics),
#   KAFKA_MIN_ISR (1), KAFKA_LEADER_REBALANCE_SECONDS (300), KAFKA_CLUSTER_ID (one id shared by all members; else a random one per run dir).
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
[[ -n "$KAFKA_VERSION" ]] || { echo "kafka.sh: cannot read <kafka.version> from $POM" >&2; exit 1; }

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_NODE_ID="${KAFKA_NODE_ID:-1}"
KAFKA_QUORUM_VOTERS="${KAFKA_QUORUM_VOTERS:-$KAFKA_NODE_ID@127.0.0.1:$KAFKA_CONTROLLER_PORT}"
KAFKA_REPLICATION="${KAFKA_REPLICATION:-1}"
KAFKA_MIN_ISR="${KAFKA_MIN_ISR:-1}"
KAFKA_LEADER_REBALANCE_SECONDS="${KAFKA_LEADER_REBALANCE_SECONDS:-300}"

CACHE_DIR="$REPO_ROOT/.cache/kafka"
LIB_DIR="$CACHE_DIR/$KAFKA_VERSION/lib"
# One run dir per broker port, so a second broker (e.g. KAFKA_PORT=19092 for a test suite) can run alongside.
if [[ "$KAFKA_PORT" == 9092 ]]; then DEFAULT_RUN_DIR="$CACHE_DIR/run"; else DEFAULT_RUN_DIR="$CACHE_DIR/run-$KAFKA_PORT"; fi
RUN_DIR="$(realpath -m "${KAFKA_RUN_DIR:-$DEFAULT_RUN_DIR}")"
PID_FILE="$RUN_DIR/kafka.pid"
PROPS_FILE="$RUN_DIR/server.properties"
LOG4J_FILE="$RUN_DIR/log4j2.properties"
LOG_FILE="$RUN_DIR/kafka.log"
OUT_FILE="$RUN_DIR/kafka.out"          # JVM stdout/stderr (crashes, GC errors)
CLUSTER_ID_FILE="$RUN_DIR/cluster-id"
LOCK_FILE="$RUN_DIR/.lock"

KAFKA_DATA_DIR="$(realpath -m "${KAFKA_DATA_DIR:-$RUN_DIR/data}")"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:-}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-90}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

READY_LINE="Kafka Server started"

die() { echo "kafka.sh: $*" >&2; exit 1; }

# Serialise start/stop/reset/fetch so parallel callers (e.g. test workers) don't race.
with_lock() {
  mkdir -p "$RUN_DIR"
  exec 9>"$LOCK_FILE"
  flock -w 300 9 || die "timed out waiting for $LOCK_FILE"
}

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Prints the broker pid if the pid file points at a live broker started by this script.
broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the process must be our kafka.Kafka with our server.properties.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $PROPS_FILE" || return 1
  echo "$pid"
}

log_tail() {
  echo "---- last lines of $LOG_FILE ----" >&2
  tail -n 40 "$LOG_FILE" 2>/dev/null >&2 || echo "(no log)" >&2
  if [[ -s "$OUT_FILE" ]]; then
    echo "---- last lines of $OUT_FILE ----" >&2
    tail -n 20 "$OUT_FILE" >&2
  fi
}

check_java() {
  command -v "$JAVA" >/dev/null 2>&1 || die "java not found (Kafka $KAFKA_VERSION needs Java 17+)"
  local v
  v="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${v%%.*}" =~ ^[0-9]+$ && "${v%%.*}" -ge 17 ]] || die "Java 17+ required, found '${v:-unknown}' ($JAVA)"
}

do_fetch() {
  if [[ -f "$LIB_DIR/.complete" ]]; then return 0; fi
  mkdir -p "$CACHE_DIR"
  exec 8>"$CACHE_DIR/.fetch.lock"
  flock -w 600 8 || die "timed out waiting for $CACHE_DIR/.fetch.lock"
  if [[ -f "$LIB_DIR/.complete" ]]; then exec 8>&-; return 0; fi   # another caller fetched meanwhile
  command -v mvn >/dev/null 2>&1 || die "mvn not found (needed once to download the Kafka jars)"
  echo "kafka.sh: fetching Kafka $KAFKA_VERSION jars from Maven Central..." >&2
  local tmp="$LIB_DIR.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"$tmp.mvn.log" 2>&1; then
    cat "$tmp.mvn.log" >&2
    rm -rf "$tmp" "$tmp.mvn.log"
    die "mvn dependency:copy-dependencies failed"
  fi
  rm -f "$tmp.mvn.log"
  ls "$tmp"/kafka_2.13-"$KAFKA_VERSION".jar >/dev/null 2>&1 || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after fetch"; }
  ls "$tmp" >"$tmp/.complete"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
  exec 8>&-
}

write_config() {
  mkdir -p "$RUN_DIR" "$KAFKA_DATA_DIR"
  cat >"$PROPS_FILE" <<EOF
# Generated by scripts/kafka/kafka.sh -- edits are overwritten on every start.
process.roles=broker,controller
node.id=${KAFKA_NODE_ID}
controller.quorum.voters=${KAFKA_QUORUM_VOTERS}
listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT},CONTROLLER://127.0.0.1:${KAFKA_CONTROLLER_PORT}
advertised.listeners=PLAINTEXT://127.0.0.1:${KAFKA_PORT}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${KAFKA_DATA_DIR}

# Small machine: few threads.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
background.threads=4

# Single node: everything replicated once; a cluster member: KAFKA_REPLICATION / KAFKA_MIN_ISR,
# internal topics included (one offsets partition: one group coordinator, easy to find and kill).
num.partitions=1
default.replication.factor=${KAFKA_REPLICATION}
min.insync.replicas=${KAFKA_MIN_ISR}
offsets.topic.replication.factor=${KAFKA_REPLICATION}
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=${KAFKA_REPLICATION}
transaction.state.log.min.isr=${KAFKA_MIN_ISR}
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=${KAFKA_REPLICATION}
share.coordinator.state.topic.min.isr=${KAFKA_MIN_ISR}
unclean.leader.election.enable=false
# A returning node takes back the leaderships it prefers after this long (Kafka's default: 300 s).
leader.imbalance.check.interval.seconds=${KAFKA_LEADER_REBALANCE_SECONDS}
group.initial.rebalance.delay.ms=0

# Topics are created explicitly (with their own retention etc.).
auto.create.topics.enable=false
delete.topic.enable=true

# Allow records up to 20 MiB (the topics allow 20 MiB; webhook bodies are capped at 16 MiB).
message.max.bytes=20971520
replica.fetch.max.bytes=20971520
replica.fetch.response.max.bytes=41943040
EOF
  cat >"$LOG4J_FILE" <<'EOF'
# Generated by scripts/kafka/kafka.sh
status = warn
name = kafka-local
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.log.file}
appender.file.append = true
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.statechange.name = state.change.logger
logger.statechange.level = WARN
logger.request.name = kafka.request.logger
logger.request.level = WARN
EOF
}

FORMAT_EXTRA_ARGS=()   # more `kafka-storage format` arguments, for a sourcing script (e.g. --add-scram)
format_storage() {
  [[ -f "$KAFKA_DATA_DIR/meta.properties" ]] && return 0
  local id
  if [[ -n "${KAFKA_CLUSTER_ID:-}" ]]; then
    id="$KAFKA_CLUSTER_ID"
  elif [[ -s "$CLUSTER_ID_FILE" ]]; then
    id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
  else
    # Kafka cluster ids are 16 random bytes, base64url without padding (must not start with '-').
    while :; do
      id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
      [[ "$id" != -* ]] && break
    done
    echo "$id" >"$CLUSTER_ID_FILE"
  fi
  if ! "$JAVA" -Xmx256m -Dlog4j2.configurationFile="$LOG4J_FILE" -Dkafka.log.file="$RUN_DIR/storage-format.log" \
      -cp "$LIB_DIR/*" kafka.tools.StorageTool format -t "$id" -c "$PROPS_FILE" "${FORMAT_EXTRA_ARGS[@]}" \
      >"$RUN_DIR/storage-format.out" 2>&1; then
    cat "$RUN_DIR/storage-format.out" >&2
    die "formatting KRaft storage in $KAFKA_DATA_DIR failed"
  fi
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log_tail
      die "broker (pid $pid) exited during startup"
    fi
    if port_open "$KAFKA_PORT" && grep -qF "$READY_LINE" "$LOG_FILE" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  log_tail
  die "broker (pid $pid) not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_START_TIMEOUT}s (still running; '$0 stop' to kill it)"
}

# Starts the broker process and returns at once (LAUNCHED_PID); false when it was running already.
do_launch() {
  local pid
  if pid="$(broker_pid)"; then
    LAUNCHED_PID="$pid"
    return 1
  fi
  rm -f "$PID_FILE"
  check_java
  if port_open "$KAFKA_PORT"; then die "port $KAFKA_PORT is already in use by another process"; fi
  if port_open "$KAFKA_CONTROLLER_PORT"; then die "port $KAFKA_CONTROLLER_PORT is already in use by another process"; fi
  do_fetch
  write_config
  format_storage

  [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
  [[ -f "$OUT_FILE" ]] && mv -f "$OUT_FILE" "$OUT_FILE.1"
  # setsid: detach from the caller's session so Ctrl-C / test-runner teardown doesn't kill it.
  # The child writes its own pid before exec'ing java, so the pid file is exact.
  # 8>&- 9>&- : don't let the broker inherit (and hold forever) the flock fds.
  # shellcheck disable=SC2086
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" $KAFKA_HEAP_OPTS \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    $KAFKA_JVM_OPTS \
    -Dlog4j2.configurationFile="$LOG4J_FILE" -Dkafka.log.file="$LOG_FILE" \
    -cp "$LIB_DIR/*" kafka.Kafka "$PROPS_FILE" \
    </dev/null >"$OUT_FILE" 2>&1 8>&- 9>&- &
  local launcher=$!
  for _ in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(tr -dc '0-9' <"$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || pid=$launcher
  echo "$pid" >"$PID_FILE"
  LAUNCHED_PID="$pid"
}

do_start() {
  local t0=$SECONDS
  if ! do_launch; then
    wait_ready "$LAUNCHED_PID"   # returns at once when already up; waits if another caller is mid-start
    echo "kafka $KAFKA_VERSION already running on 127.0.0.1:$KAFKA_PORT (pid $LAUNCHED_PID)"
    return 0
  fi
  wait_ready "$LAUNCHED_PID"
  echo "kafka $KAFKA_VERSION started on 127.0.0.1:$KAFKA_PORT (pid $LAUNCHED_PID, $((SECONDS - t0))s)"
}

do_wait() {
  local pid
  pid="$(broker_pid)" || die "broker on port $KAFKA_PORT is not running"
  wait_ready "$pid"
  echo "kafka $KAFKA_VERSION ready on 127.0.0.1:$KAFKA_PORT (pid $pid)"
}

# SIGKILL, as a crash would: no controlled shutdown, no flush.
do_kill() {
  local pid
  if ! pid="$(broker_pid)"; then
    echo "kafka not running"
    return 0
  fi
  kill -KILL "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  rm -f "$PID_FILE"
  echo "kafka killed (pid $pid)"
}

do_stop() {
  local pid
  if ! pid="$(broker_pid)"; then
    rm -f "$PID_FILE"
    echo "kafka not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "kafka.sh: broker did not stop within ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  echo "kafka stopped (pid $pid)"
}

do_status() {
  local pid
  if pid="$(broker_pid)" && port_open "$KAFKA_PORT"; then
    echo "running (kafka $KAFKA_VERSION, pid $pid, 127.0.0.1:$KAFKA_PORT)"
    return 0
  elif [[ -n "${pid:-}" ]]; then
    echo "starting (kafka $KAFKA_VERSION, pid $pid, port $KAFKA_PORT not open yet)"
    return 1
  fi
  echo "stopped"
  return 1
}

do_reset() {
  do_stop >/dev/null
  case "$KAFKA_DATA_DIR" in
    "" | "/" | "$REPO_ROOT" | "$HOME") die "refusing to delete KAFKA_DATA_DIR=$KAFKA_DATA_DIR" ;;
  esac
  rm -rf "$KAFKA_DATA_DIR"
  echo "kafka stopped and data removed ($KAFKA_DATA_DIR)"
}

# Sourced (by a sibling script such as secure-broker.sh): provide the functions, run nothing.
if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then return 0; fi

cmd="${1:-}"
case "$cmd" in
  fetch) do_fetch ;;
  start) with_lock; do_start ;;
  launch) with_lock; do_launch || echo "kafka already running on 127.0.0.1:$KAFKA_PORT (pid $LAUNCHED_PID)" ;;
  wait) do_wait ;;
  kill) with_lock; do_kill ;;
  stop) with_lock; do_stop ;;
  restart) with_lock; do_stop >/dev/null; do_start ;;
  status) do_status ;;
  reset) with_lock; do_reset ;;
  logs) tail -n "${2:-100}" "$LOG_FILE" ;;
  *)
    echo "usage: $0 {fetch|start|launch|wait|stop|kill|restart|status|reset|logs [n]}" >&2
    exit 2
    ;;
esac
