#!/usr/bin/env bash
# The product end to end on one machine: starts Azurite, generates the synthetic sample, uploads it, trains and
# publishes a model, then serves the Function App's routes standalone on http://127.0.0.1:7071.
# Ctrl+C stops everything this script started.   ./run.sh --smoke   calls every example once and exits.
set -euo pipefail
cd "$(dirname "$0")"
smoke=0
if [[ "${1:-}" == "--smoke" ]]; then
  smoke=1
fi

url="${ASPNETCORE_URLS:-http://127.0.0.1:7071}"
admin_key="${AdminKey:-local-dev-admin-key}"
work=".local/run"
mkdir -p "$work"

echo "== build"
dotnet build Serverless.sln -c Release -nologo -v quiet
job=(dotnet training-job/bin/Release/net10.0/training-job.dll)

echo "== start Azurite"
# shellcheck source=tools/azurite/start.sh
source tools/azurite/start.sh
azurite_start
export RecommenderStorage="$AZURITE_CONNECTION_STRING"

handler_pid=""
stop_all() {
  if [[ -n "$handler_pid" ]]; then
    kill "$handler_pid" 2>/dev/null || true
    wait "$handler_pid" 2>/dev/null || true
  fi
  azurite_stop
}
trap stop_all EXIT
trap 'exit 130' INT TERM

echo "== generate the synthetic sample"
"${job[@]}" generate --out "$work/sample" >/dev/null
"${job[@]}" upload --file "$work/sample/ratings.csv" --blob data/ratings.csv >/dev/null
"${job[@]}" upload --file "$work/sample/movies.csv" --blob data/movies.csv >/dev/null

echo "== train, evaluate and publish"
"${job[@]}" train --ratings blob:data/ratings.csv --items blob:data/movies.csv | tee "$work/train.json"
user=$(awk -F, 'NR == 2 { print $1; exit }' "$work/sample/ratings.csv")
item=$(awk -F, 'NR == 2 { print $2; exit }' "$work/sample/ratings.csv")

echo "== start the Function App handler (standalone) on $url"
ASPNETCORE_URLS="$url" AdminKey="$admin_key" dotnet functions/bin/Release/net10.0/handler.dll >"$work/handler.log" 2>&1 &
handler_pid=$!
deadline=$((SECONDS + 60))
until curl -fsS "$url/api/health" >/dev/null 2>&1; do
  if ! kill -0 "$handler_pid" 2>/dev/null; then
    echo "The handler exited; see $work/handler.log (is $url already in use?)" >&2
    tail -n 20 "$work/handler.log" >&2
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "The handler did not become healthy within 60 s; see $work/handler.log" >&2
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
  "curl -s -X POST $url/api/training -H 'x-functions-key: $admin_key'"
  "curl -s $url/api/openapi/v1.json"
)
echo
echo "The app is serving on $url. Try:"
printf '  %s\n' "${examples[@]}"
echo "  curl -s -X POST $url/api/models/<version>/activate -H 'x-functions-key: $admin_key'"

if ((smoke)); then
  for example in "${examples[@]}"; do
    echo "-- $example"
    bash -c "$example -f -o /dev/null -w '%{http_code}\n'"
  done
  exit 0
fi

echo "Ctrl+C stops the app and Azurite."
wait "$handler_pid"
