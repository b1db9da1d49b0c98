#!/usr/bin/env bash
# Runs a command with a private Azurite: starts it on free loopback ports, exports
# RecommenderStorage=<its connection string>, runs the command, stops Azurite,
# and exits with the command's exit code.
# Usage: tools/azurite/with-azurite.sh <command> [args...]
set -euo pipefail
if (($# == 0)); then
  echo "usage: $0 <command> [args...]" >&2
  exit 2
fi
# shellcheck source=start.sh
source "$(dirname "${BASH_SOURCE[0]}")/start.sh"
azurite_start
export RecommenderStorage="$AZURITE_CONNECTION_STRING"
status=0
"$@" || status=$?
azurite_stop
exit "$status"
