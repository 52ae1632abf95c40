#!/usr/bin/env bash
# Makes sure the machine's PostgreSQL answers on DATABASE_URL's host and port, starting the
# local cluster when it is stopped. The service itself creates its database and runs migrations.
#   scripts/postgres.sh ensure
set -euo pipefail

url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/wsapi_sync}"
hostport="${url#*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$host" ] && port=5432

ready() { pg_isready -q -h "$host" -p "$port" >/dev/null 2>&1; }

case "${1:-ensure}" in
  ensure)
    if ready; then exit 0; fi
    if [[ "$host" != "127.0.0.1" && "$host" != "localhost" ]]; then
      echo "postgres: $host:$port does not answer and is not local; start it yourself" >&2; exit 1
    fi
    if command -v pg_ctlcluster >/dev/null 2>&1; then
      for version in $(ls /etc/postgresql 2>/dev/null); do
        pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
      done
    fi
    for _ in $(seq 1 30); do ready && { echo "postgres: started on $host:$port"; exit 0; }; sleep 1; done
    echo "postgres: not reachable on $host:$port (is PostgreSQL installed? see README)" >&2
    exit 1
    ;;
  *) echo "usage: $0 ensure" >&2; exit 2 ;;
esac
