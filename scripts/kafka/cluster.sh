#!/usr/bin/env bash
# Local 3-node Apache Kafka cluster (KRaft, every node broker+controller, static voters) for the
# durability specs: replication 3, min.insync.replicas=2, internal topics alike. Each node is a
# scripts/kafka/kafka.sh broker with its own ports and run dir; the single broker of `npm start`
# (kafka.sh on its own) is untouched.
#
#   scripts/kafka/cluster.sh start|stop|status|reset
#   scripts/kafka/cluster.sh kill <node>      SIGKILL one node (a crash)
#   scripts/kafka/cluster.sh term <node>      SIGTERM one node and wait (controlled shutdown)
#   scripts/kafka/cluster.sh start-one <node> start one node again and wait until it is ready
#   scripts/kafka/cluster.sh brokers          the bootstrap list (127.0.0.1:p1,127.0.0.1:p2,...)
#
# Nodes are 1..3. Env: KAFKA_CLUSTER_PORTS (19092,19093,19094: broker ports),
#   KAFKA_CLUSTER_CONTROLLER_PORTS (19192,19193,19194), KAFKA_CLUSTER_DIR (<repo>/.cache/kafka/cluster-<first port>),
#   KAFKA_CLUSTER_HEAP_OPTS (-Xms128m -Xmx512m), KAFKA_CLUSTER_LEADER_REBALANCE_SECONDS (5: a restarted
#   node takes its leaderships back within seconds, as a production cluster does within minutes); KAFKA_START_TIMEOUT etc. as for kafka.sh.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "$0")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
KAFKA_SH="$SCRIPT_DIR/kafka.sh"

IFS=, read -r -a PORTS <<<"${KAFKA_CLUSTER_PORTS:-19092,19093,19094}"
IFS=, read -r -a CONTROLLER_PORTS <<<"${KAFKA_CLUSTER_CONTROLLER_PORTS:-19192,19193,19194}"
((${#PORTS[@]} == ${#CONTROLLER_PORTS[@]})) || { echo "cluster.sh: as many controller ports as broker ports, please" >&2; exit 1; }
CLUSTER_DIR="$(realpath -m "${KAFKA_CLUSTER_DIR:-$REPO_ROOT/.cache/kafka/cluster-${PORTS[0]}}")"
NODES=$(seq 1 "${#PORTS[@]}")

die() { echo "cluster.sh: $*" >&2; exit 1; }

voters() {
  local list=() i
  for i in $NODES; do list+=("$i@127.0.0.1:${CONTROLLER_PORTS[i - 1]}"); done
  (IFS=,; echo "${list[*]}")
}

brokers() {
  local list=() i
  for i in $NODES; do list+=("127.0.0.1:${PORTS[i - 1]}"); done
  (IFS=,; echo "${list[*]}")
}

# One id for all members, kept beside their run dirs so a restarted node rejoins the same cluster.
cluster_id() {
  mkdir -p "$CLUSTER_DIR"
  local file="$CLUSTER_DIR/cluster-id" id
  if [[ ! -s "$file" ]]; then
    while :; do
      id="$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
      [[ "$id" != -* ]] && break
    done
    echo "$id" >"$file"
  fi
  tr -d '[:space:]' <"$file"
}

# Runs kafka.sh <command> as member <node>.
node() {
  local i="$1"
  shift
  [[ "$i" =~ ^[0-9]+$ ]] && ((i >= 1 && i <= ${#PORTS[@]})) || die "no node '$i' (nodes are 1..${#PORTS[@]})"
  KAFKA_PORT="${PORTS[i - 1]}" KAFKA_CONTROLLER_PORT="${CONTROLLER_PORTS[i - 1]}" \
    KAFKA_RUN_DIR="$CLUSTER_DIR/node-$i" KAFKA_NODE_ID="$i" KAFKA_QUORUM_VOTERS="$(voters)" \
    KAFKA_REPLICATION=3 KAFKA_MIN_ISR=2 KAFKA_LEADER_REBALANCE_SECONDS="${KAFKA_CLUSTER_LEADER_REBALANCE_SECONDS:-5}" KAFKA_CLUSTER_ID="$(cluster_id)" \
    KAFKA_HEAP_OPTS="${KAFKA_CLUSTER_HEAP_OPTS:--Xms128m -Xmx512m}" \
    bash "$KAFKA_SH" "$@"
}

do_start() {
  local t0=$SECONDS i
  bash "$KAFKA_SH" fetch
  # A node only reports ready once a quorum of controllers is up: launch all, then wait for each.
  for i in $NODES; do node "$i" launch >/dev/null; done
  for i in $NODES; do node "$i" wait >/dev/null; done
  echo "kafka cluster started: $(brokers) ($((SECONDS - t0))s)"
}

do_stop() {
  local i
  # SIGTERM to all at once: one by one, the last nodes would wait for a quorum that is gone.
  for i in $NODES; do node "$i" stop >/dev/null & done
  wait
  echo "kafka cluster stopped"
}

do_status() {
  local i up=0
  for i in $NODES; do
    if node "$i" status >/dev/null 2>&1; then up=$((up + 1)); echo "node $i: running (127.0.0.1:${PORTS[i - 1]})"
    else echo "node $i: stopped"; fi
  done
  ((up == ${#PORTS[@]}))
}

do_reset() {
  do_stop >/dev/null
  case "$CLUSTER_DIR" in "" | "/" | "$REPO_ROOT" | "$HOME") die "refusing to delete $CLUSTER_DIR" ;; esac
  rm -rf "$CLUSTER_DIR"
  echo "kafka cluster stopped and data removed ($CLUSTER_DIR)"
}

cmd="${1:-}"
case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  reset) do_reset ;;
  brokers) brokers ;;
  kill) node "${2:-}" kill ;;
  term) node "${2:-}" stop ;;
  start-one) node "${2:-}" start ;;
  *)
    echo "usage: $0 {start|stop|status|reset|brokers|kill <node>|term <node>|start-one <node>}" >&2
    exit 2
    ;;
esac
