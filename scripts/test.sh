#!/usr/bin/env bash
# `npm test`: type check, unit specs, then integration specs against the real local Kafka broker
# and Postgres. Starts the broker when it is not running, and stops it afterwards only if it
# started it. Ends with one "N passed, N failed" line over both runs.
set -euo pipefail
cd "$(dirname "$0")/.."

started_kafka=false
if ! bash scripts/kafka/kafka.sh status >/dev/null 2>&1; then
  bash scripts/kafka/kafka.sh start
  started_kafka=true
fi
bash scripts/postgres.sh ensure
# The cluster specs (test/kafka/cluster-*) start and remove their own 3-broker cluster on other
# ports; this only makes sure no node outlives an interrupted run.
cleanup() {
  if $started_kafka; then bash scripts/kafka/kafka.sh stop || true; fi
  bash scripts/kafka/cluster.sh reset >/dev/null 2>&1 || true
}
trap cleanup EXIT

mkdir -p .cache/jest
npx tsc --noEmit -p tsconfig.json
npx nest build   # the crash specs run the compiled service as a separate process
status=0
npx jest --selectProjects unit --json --outputFile=.cache/jest/unit.json "$@" || status=$?
# --forceExit: a spec that leaves a socket or timer behind (jest says so: "did not exit one second after
# the test run has completed") must not hold the run, or CI, until its time limit.
npx jest --selectProjects int --runInBand --forceExit --json --outputFile=.cache/jest/int.json "$@" || status=$?
node -e '
  const runs = process.argv.slice(1).map((file) => require(require("path").resolve(file)));
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  console.log(`jest: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed`);
' .cache/jest/unit.json .cache/jest/int.json
exit $status
