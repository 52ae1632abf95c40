#!/usr/bin/env bash
# `npm ci` / `npm install` (postinstall): applies patches/*.patch to node_modules with GNU patch.
# Each patch is a git-style diff rooted at the repository (a/node_modules/<package>/…). One that is
# already applied (a second `npm install`) is left alone; one that does not fit fails the install,
# so a kafkajs upgrade cannot silently drop the fixes (README, "Kafka client on a replicated cluster").
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s nullglob
for file in patches/*.patch; do
  if patch -p1 --reverse --dry-run --force --silent < "$file" >/dev/null 2>&1; then
    echo "patch already applied: $file"
  else
    patch -p1 --forward --force --silent < "$file"
    echo "patch applied: $file"
  fi
done
