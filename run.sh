#!/usr/bin/env bash
# The product end to end on one machine: starts Azurite, generates the synthetic sample, uploads it, trains and
# publishes a model, then runs the Function App on http://127.0.0.1:7071 (Azure Functions Core Tools' `func start`
# when `func` is on PATH, else the local host stand-in in tools/functions-host). Ctrl+C stops everything it started.
#
#   ./run.sh                     the whole loop above; prints an example call for every route
#   ./run.sh --smoke             the same, then calls every example once and exits
#   ./run.sh --serve [--port N]  serve an existing store, no Azurite, no training: every app setting
#                                (RecommenderStorage, AdminKey, ModelRefreshSeconds, ...) comes from the environment
#   --port N                     the HTTP port (default 7071)
set -euo pipefail
cd "$(dirname "$0")"

smoke=0
serve=0
port=7071
while (($# > 0)); do
  case "$1" in
    --smoke) smoke=1; shift ;;
    --serve) serve=1; shift ;;
    --port) port="${2:?--port needs a number}"; shift 2 ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
  echo "run.sh: --port must be a number from 1 to 65535, not '$port'" >&2
  exit 2
fi

url="http://127.0.0.1:$port"
work=".local/run"
app_dir="functions/bin/Release/net10.0"
host_dll="tools/functions-host/bin/Release/net10.0/functions-host.dll"
mkdir -p "$work"

app_pid=""
azurite_started=0
# Stops the app (SIGTERM: the host stops its worker first), then Azurite when this script started it. Runs once.
stop_all() {
  if [[ -n "$app_pid" ]] && kill -0 "$app_pid" 2>/dev/null; then
    kill -TERM "$app_pid" 2>/dev/null || true
    local deadline=$((SECONDS + 20))
    while kill -0 "$app_pid" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.1
    done
    kill -KILL "$app_pid" 2>/dev/null || true
    wait "$app_pid" 2>/dev/null || true
  fi
  app_pid=""
  if ((azurite_started)); then
    azurite_stop
    azurite_started=0
  fi
}

# Starts the Function App in the background on $port with the current environment as its app settings.
start_app() {
  if command -v func >/dev/null 2>&1; then
    echo "== start the Function App with Azure Functions Core Tools (func start) on $url"
    # Core Tools builds and runs the project in functions/; the real host also keeps its own state (timer
    # schedules, keys) in AzureWebJobsStorage.
    (cd functions && FUNCTIONS_WORKER_RUNTIME=dotnet-isolated AzureWebJobsStorage="${AzureWebJobsStorage:-${RecommenderStorage:-}}" \
      exec func start --port "$port") >"$work/app.log" 2>&1 &
  else
    echo "== start the Function App with the local host stand-in on $url"
    dotnet "$host_dll" --app "$app_dir" --port "$port" >"$work/app.log" 2>&1 &
  fi
  app_pid=$!
}

# Polls the host's status endpoint until it has loaded the functions (Core Tools serves the same endpoint).
wait_for_app() {
  local deadline=$((SECONDS + 120))
  until curl -fsS --max-time 5 "$url/admin/host/status" >/dev/null 2>&1; do
    if ! kill -0 "$app_pid" 2>/dev/null; then
      echo "The app exited; see $work/app.log (is port $port already in use?)" >&2
      tail -n 20 "$work/app.log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "The app did not start within 120 s; see $work/app.log" >&2
      return 1
    fi
    sleep 0.5
  done
}

# The timer binding reads %RetrainSchedule%; the documented default applies when it is not set.
export RetrainSchedule="${RetrainSchedule:-0 0 3 * * *}"

if ((serve)); then
  if [[ -z "${RecommenderStorage:-}" && -z "${RecommenderStorage__blobServiceUri:-}" ]]; then
    echo "run.sh --serve: set RecommenderStorage (a connection string) or the RecommenderStorage__*ServiceUri settings" >&2
    exit 2
  fi
  if [[ ! -f "$app_dir/functions.metadata" || ! -f "$host_dll" ]]; then
    echo "== build (the app is not built yet)"
    dotnet build Serverless.sln -c Release -nologo -v quiet
  fi
  trap stop_all EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  start_app
  wait_for_app
  echo "Serving on $url; Ctrl+C (or SIGTERM) stops it."
  # `wait` returns early on a trapped signal, so the traps above run at once.
  wait "$app_pid" || true
  exit 0
fi

admin_key="${AdminKey:-local-dev-admin-key}"
export AdminKey="$admin_key"
export ModelRefreshSeconds="${ModelRefreshSeconds:-5}"

echo "== build"
dotnet build Serverless.sln -c Release -nologo -v quiet
job=(dotnet training-job/bin/Release/net10.0/training-job.dll)

echo "== start Azurite"
# shellcheck source=tools/azurite/start.sh
source tools/azurite/start.sh
azurite_start
azurite_started=1
export RecommenderStorage="$AZURITE_CONNECTION_STRING"
# azurite_start installed its own traps; these replace them and also stop the app.
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "== generate the synthetic sample"
"${job[@]}" generate --out "$work/sample" >/dev/null
"${job[@]}" upload --file "$work/sample/ratings.csv" --blob data/ratings.csv >/dev/null
"${job[@]}" upload --file "$work/sample/movies.csv" --blob data/movies.csv >/dev/null

echo "== train, evaluate and publish"
"${job[@]}" train --ratings blob:data/ratings.csv --items blob:data/movies.csv | tee "$work/train.json"
user=$(awk -F, 'NR == 2 { print $1; exit }' "$work/sample/ratings.csv")
item=$(awk -F, 'NR == 2 { print $2; exit }' "$work/sample/ratings.csv")

start_app
wait_for_app
deadline=$((SECONDS + 60))
until curl -fsS "$url/api/health" >/dev/null 2>&1; do
  if ((SECONDS > deadline)); then
    echo "The app did not load the model within 60 s; see $work/app.log" >&2
    exit 1
  fi
  sleep 0.5
done

examples=(
  "curl -s $url/api/health"
  "curl -s '$url/api/recommendations/$user?k=5'"
  "curl -s '$url/api/recommendations/$user?k=5&mode=mixed&alpha=0.7'"
  "curl -s '$url/api/recommendations/a-new-user?k=5'"
  "curl -s '$url/api/similar/$item?k=5'"
  "curl -s '$url/api/popular?k=5'"
  "curl -s -X POST $url/api/feedback -H 'Content-Type: application/json' -d '{\"userId\":\"$user\",\"itemId\":\"$item\",\"event\":\"like\"}'"
  "curl -s $url/api/models -H 'x-functions-key: $admin_key'"
  "curl -s $url/api/training/runs -H 'x-functions-key: $admin_key'"
  "curl -s $url/api/experiments/metrics -H 'x-functions-key: $admin_key'"
  "curl -s -X POST $url/api/training -H 'x-functions-key: $admin_key'"
  "curl -s $url/api/openapi/v1.json"
)
echo
echo "The app is serving on $url. Try:"
printf '  %s\n' "${examples[@]}"
echo "  curl -s -X POST $url/api/models/<version>/activate -H 'x-functions-key: $admin_key'"

if ((smoke)); then
  failed=0
  for example in "${examples[@]}"; do
    echo "-- $example"
    code="$(bash -c "$example -o /dev/null -w '%{http_code}'")"
    echo "$code"
    if [[ ! "$code" =~ ^2 ]]; then
      failed=1
    fi
  done
  exit "$failed"
fi

echo "Ctrl+C stops the app and Azurite."
wait "$app_pid" || true
