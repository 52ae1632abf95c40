#!/usr/bin/env bash
# `npm start`: everything the service needs on a fresh machine, then the service in the foreground.
# Starts the local Kafka broker (unless KAFKA_BROKERS points elsewhere), makes sure Postgres runs,
# builds, and runs. The broker keeps running after the service stops: `npm run stack:down`.
set -euo pipefail
cd "$(dirname "$0")/.."

[ -d node_modules ] || npm ci
# The local broker serves the default KAFKA_BROKERS (or 127.0.0.1:$KAFKA_PORT); any other value is yours to run.
if [[ "${KAFKA_BROKERS:-127.0.0.1:${KAFKA_PORT:-9092}}" == "127.0.0.1:${KAFKA_PORT:-9092}" ]]; then bash scripts/kafka/kafka.sh start; fi
bash scripts/postgres.sh ensure
npx nest build
exec node dist/src/main.js
