#!/usr/bin/env bash
# Starts the Azurite storage emulator pinned in this folder, on loopback, for development and tests.
#
# Run it:    tools/azurite/start.sh [--connection-string-file FILE] [--stop-on-stdin-eof]
#            prints the connection string (or writes it to FILE), keeps Azurite up until Ctrl+C
#            (or, with --stop-on-stdin-eof, until its standard input closes), then stops it.
# Source it: source tools/azurite/start.sh; azurite_start; ...; azurite_stop
#            azurite_start sets AZURITE_CONNECTION_STRING and AZURITE_PID and traps EXIT, INT and TERM
#            so Azurite never outlives the caller.
#
# Settings (environment):
#   AZURITE_BLOB_PORT, AZURITE_QUEUE_PORT, AZURITE_TABLE_PORT  ports; default 0 = free ports chosen by the OS
#   AZURITE_LOCATION       keep data in this folder; default: in memory (lost when Azurite stops)
#   AZURITE_START_TIMEOUT  seconds to wait until blob, queue and table all answer; default 60

# The well-known public key of the Azurite development account (documented by Microsoft; not a secret).
AZURITE_ACCOUNT_NAME="devstoreaccount1"
AZURITE_ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
AZURITE_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
AZURITE_PID=""
AZURITE_WORKDIR=""
AZURITE_CONNECTION_STRING=""

# Installs the pinned Azurite with `npm ci` when node_modules is missing (serialised with flock when available).
azurite_install() {
  if [[ -x "$AZURITE_DIR/node_modules/.bin/azurite" ]]; then
    return 0
  fi
  echo "azurite: installing the pinned Azurite with npm ci (first run only)" >&2
  (
    cd "$AZURITE_DIR" || exit 1
    if command -v flock >/dev/null 2>&1; then
      exec 9>"$AZURITE_DIR/.install.lock"
      flock 9
    fi
    if [[ ! -x node_modules/.bin/azurite ]]; then
      npm ci --no-audit --no-fund --loglevel=error >&2
    fi
  )
}

# Prints the port a service reported in Azurite's log ("Azurite Blob service is successfully listening at ...").
azurite_reported_port() {
  local service="$1" log="$2"
  sed -n "s|^Azurite $service service is successfully listening at http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p" "$log" 2>/dev/null | tail -n 1 || true
}

# True when an HTTP server answers on the port (any status code counts as an answer).
azurite_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/$AZURITE_ACCOUNT_NAME?comp=list" 2>/dev/null || true)"
  [[ -n "$code" && "$code" != "000" ]]
}

# Stops Azurite (TERM, then KILL after 10 s) and removes its temporary folder. Safe to call twice.
azurite_stop() {
  if [[ -n "$AZURITE_PID" ]] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill -TERM "$AZURITE_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$AZURITE_PID" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.1
    done
    kill -KILL "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
  fi
  AZURITE_PID=""
  if [[ -n "$AZURITE_WORKDIR" ]]; then
    rm -rf "$AZURITE_WORKDIR"
    AZURITE_WORKDIR=""
  fi
}

# Starts Azurite, waits (up to AZURITE_START_TIMEOUT) until the ports it reports answer HTTP on blob, queue and
# table, and sets AZURITE_CONNECTION_STRING. On failure prints Azurite's own output and returns 1.
azurite_start() {
  azurite_install || return 1
  AZURITE_WORKDIR="$(mktemp -d "${TMPDIR:-/tmp}/azurite.XXXXXX")" || return 1
  trap azurite_stop EXIT
  trap 'azurite_stop; exit 130' INT
  trap 'azurite_stop; exit 143' TERM

  local log="$AZURITE_WORKDIR/azurite.log"
  local -a args=(
    --blobHost 127.0.0.1 --blobPort "${AZURITE_BLOB_PORT:-0}"
    --queueHost 127.0.0.1 --queuePort "${AZURITE_QUEUE_PORT:-0}"
    --tableHost 127.0.0.1 --tablePort "${AZURITE_TABLE_PORT:-0}"
    --skipApiVersionCheck --loose --disableTelemetry --silent
  )
  if [[ -n "${AZURITE_LOCATION:-}" ]]; then
    mkdir -p "$AZURITE_LOCATION"
    args+=(--location "$AZURITE_LOCATION")
  else
    args+=(--inMemoryPersistence)
  fi

  # The log exists before Azurite starts: the readiness loop reads it at once, and a redirect made inside the
  # background subshell would only create it some time later. Run from the temp folder so nothing Azurite
  # writes lands in the caller's directory.
  : >"$log"
  (cd "$AZURITE_WORKDIR" && exec "$AZURITE_DIR/node_modules/.bin/azurite" "${args[@]}") >>"$log" 2>&1 &
  AZURITE_PID=$!

  local deadline=$((SECONDS + ${AZURITE_START_TIMEOUT:-60}))
  local blob="" queue="" table=""
  while true; do
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "azurite: Azurite exited during start-up (a configured port may be taken). Its log:" >&2
      cat "$log" >&2
      azurite_stop
      return 1
    fi
    blob="$(azurite_reported_port Blob "$log")"
    queue="$(azurite_reported_port Queue "$log")"
    table="$(azurite_reported_port Table "$log")"
    if [[ -n "$blob" && -n "$queue" && -n "$table" ]] &&
      azurite_answers "$blob" && azurite_answers "$queue" && azurite_answers "$table"; then
      break
    fi
    if ((SECONDS >= deadline)); then
      echo "azurite: blob, queue and table did not all answer within ${AZURITE_START_TIMEOUT:-60} s. Its log:" >&2
      cat "$log" >&2
      azurite_stop
      return 1
    fi
    sleep 0.2
  done

  local host="http://127.0.0.1"
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=$AZURITE_ACCOUNT_NAME;AccountKey=$AZURITE_ACCOUNT_KEY;BlobEndpoint=$host:$blob/$AZURITE_ACCOUNT_NAME;QueueEndpoint=$host:$queue/$AZURITE_ACCOUNT_NAME;TableEndpoint=$host:$table/$AZURITE_ACCOUNT_NAME"
  export AZURITE_CONNECTION_STRING
  echo "azurite: running (pid $AZURITE_PID): blob $blob, queue $queue, table $table" >&2
}

azurite_main() {
  local file="" stop_on_eof=0
  while (($# > 0)); do
    case "$1" in
      --connection-string-file) file="${2:?--connection-string-file needs a path}"; shift 2 ;;
      --stop-on-stdin-eof) stop_on_eof=1; shift ;;
      -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}"; return 0 ;;
      *) echo "azurite: unknown option '$1' (see --help)" >&2; return 2 ;;
    esac
  done

  azurite_start || return 1
  if [[ -n "$file" ]]; then
    # Written under a temporary name then renamed, so a reader never sees half a line.
    printf '%s\n' "$AZURITE_CONNECTION_STRING" >"$file.tmp" && mv "$file.tmp" "$file"
  else
    printf '%s\n' "$AZURITE_CONNECTION_STRING"
  fi

  if ((stop_on_eof)); then
    # Stops when the parent closes our stdin (also when it dies), or when Azurite itself exits.
    local status
    while kill -0 "$AZURITE_PID" 2>/dev/null; do
      status=0
      read -r -t 1 _ || status=$?
      if ((status > 0 && status <= 128)); then
        break
      fi
    done
  else
    wait "$AZURITE_PID" || true
  fi
  azurite_stop
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -uo pipefail
  azurite_main "$@"
fi
