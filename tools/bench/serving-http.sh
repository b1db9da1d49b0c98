#!/usr/bin/env bash
# HTTP benchmark of the serving routes with wrk: GET /api/recommendations/{id} for many distinct known users,
# and GET /api/health, in the same run, on a model of about 27,000 items x 64 factors, through the Functions host
# stand-in (tools/functions-host) and the isolated worker, as requests travel locally.
#
# Steps: start Azurite (tools/azurite/start.sh), generate a seeded synthetic data set, train and publish a model to
# Azurite, start the app (host stand-in + worker) on loopback and time the cold start (launch to the first 200 on
# recommendations), warm up, run wrk on each route, print req/s, median and p99 for both and the ratio.
# Everything it started is stopped on exit (trap).
#
# Usage: tools/bench/serving-http.sh [--duration 20s] [--connections 64] [--threads 2] [--port 7391]
#                                    [--users 10000] [--items 27300] [--interactions 1500000] [--iterations 5]
#                                    [--keep-data DIR] [--feedback-cache-seconds N] [--warm-all-users]
#   --feedback-cache-seconds  the app's FeedbackCacheSeconds (default: the app's own, 30 s)
#   --warm-all-users          before measuring, request every user id once, so the feedback cache is warm
# Needs: the Release builds (dotnet build -c Release Serverless.sln), wrk (apt-get install wrk), curl, node/npm.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DURATION="20s"
CONNECTIONS=64
THREADS=2
PORT=7391
USERS=10000
ITEMS=27300
INTERACTIONS=1500000
ITERATIONS=5
KEEP_DATA=""
FEEDBACK_CACHE_SECONDS=""
WARM_ALL_USERS=0

while (($# > 0)); do
  case "$1" in
    --duration) DURATION="${2:?--duration needs a value}"; shift 2 ;;
    --connections) CONNECTIONS="${2:?--connections needs a value}"; shift 2 ;;
    --threads) THREADS="${2:?--threads needs a value}"; shift 2 ;;
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --users) USERS="${2:?--users needs a value}"; shift 2 ;;
    --items) ITEMS="${2:?--items needs a value}"; shift 2 ;;
    --interactions) INTERACTIONS="${2:?--interactions needs a value}"; shift 2 ;;
    --iterations) ITERATIONS="${2:?--iterations needs a value}"; shift 2 ;;
    --keep-data) KEEP_DATA="${2:?--keep-data needs a folder}"; shift 2 ;;
    --feedback-cache-seconds) FEEDBACK_CACHE_SECONDS="${2:?--feedback-cache-seconds needs a value}"; shift 2 ;;
    --warm-all-users) WARM_ALL_USERS=1; shift ;;
    -h | --help) sed -n '2,16p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "serving-http: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

TRAINING_JOB="$ROOT/training-job/bin/Release/net10.0/training-job.dll"
APP_DIR="$ROOT/functions/bin/Release/net10.0"
FUNCTIONS_HOST="$ROOT/tools/functions-host/bin/Release/net10.0/functions-host.dll"
for f in "$TRAINING_JOB" "$APP_DIR/functions.metadata" "$FUNCTIONS_HOST"; do
  if [[ ! -f "$f" ]]; then
    echo "serving-http: $f is missing; run: dotnet build -c Release $ROOT/Serverless.sln" >&2
    exit 1
  fi
done
if ! command -v wrk >/dev/null 2>&1; then
  echo "serving-http: wrk is missing; install it with: sudo apt-get update && sudo apt-get install -y wrk" >&2
  exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/serving-http.XXXXXX")"
APP_PID=""

# Stops the app (SIGTERM: the host stops its worker), then Azurite (azurite_stop), and removes the temporary folder. Runs once, on any exit.
cleanup() {
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 10))
    while kill -0 "$APP_PID" 2>/dev/null && ((SECONDS < deadline)); do
      sleep 0.1
    done
    kill -KILL "$APP_PID" 2>/dev/null || true
    wait "$APP_PID" 2>/dev/null || true
  fi
  APP_PID=""
  azurite_stop
  rm -rf "$WORK"
}

# shellcheck source=../azurite/start.sh source-path=SCRIPTDIR
source "$ROOT/tools/azurite/start.sh"
azurite_start
# azurite_start installed its own traps; these replace them and also stop the app.
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

DATA="${KEEP_DATA:-$WORK/data}"
mkdir -p "$DATA"
if [[ ! -f "$DATA/ratings.csv" ]]; then
  echo "serving-http: generating $USERS users x $ITEMS items, $INTERACTIONS ratings" >&2
  dotnet "$TRAINING_JOB" generate --out "$DATA" --users "$USERS" --items "$ITEMS" --interactions "$INTERACTIONS" --seed 7 >/dev/null
fi

# The model only needs the right shape for a serving benchmark, so a few ALS iterations are enough.
echo "serving-http: training ($ITERATIONS iterations, 64 factors) and publishing to Azurite" >&2
dotnet "$TRAINING_JOB" train --ratings "$DATA/ratings.csv" --items "$DATA/movies.csv" --factors 64 --iterations "$ITERATIONS" \
  --store "$AZURITE_CONNECTION_STRING" >"$WORK/train.json"

BASE="http://127.0.0.1:$PORT"
if [[ -n "$FEEDBACK_CACHE_SECONDS" ]]; then
  export FeedbackCacheSeconds="$FEEDBACK_CACHE_SECONDS"
fi
# Cold start: from launching the app to the first 200 on a recommendation (worker start, function load, model
# download and verification included).
start_ns="$(date +%s%N)"
RecommenderStorage="$AZURITE_CONNECTION_STRING" RetrainSchedule="0 0 3 * * *" \
  dotnet "$FUNCTIONS_HOST" --app "$APP_DIR" --port "$PORT" >"$WORK/app.log" 2>&1 &
APP_PID=$!

# Polls a recommendation until it answers 200 (a model is loaded), with a deadline.
deadline=$((SECONDS + 180))
until [[ "$(curl -s -o "$WORK/probe.json" -w '%{http_code}' --max-time 5 "$BASE/api/recommendations/1" || true)" == "200" ]]; do
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    echo "serving-http: the app exited during start-up. Its log:" >&2
    cat "$WORK/app.log" >&2
    exit 1
  fi
  if ((SECONDS >= deadline)); then
    echo "serving-http: GET /api/recommendations/1 did not answer 200 within 180 s. Last answer and log:" >&2
    cat "$WORK/probe.json" "$WORK/app.log" >&2 2>/dev/null || true
    exit 1
  fi
  sleep 0.05
done
end_ns="$(date +%s%N)"
COLD_START="$(awk -v a="$start_ns" -v b="$end_ns" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')"
curl -s -o "$WORK/health.json" --max-time 5 "$BASE/api/health" || true
echo "serving-http: health: $(cat "$WORK/health.json")" >&2

# wrk picks a random user id 1..USERS per request (synthetic ids are 1-based), so the cache never sees one user twice in a row.
cat >"$WORK/users.lua" <<'LUA'
local users = tonumber(os.getenv("BENCH_USERS"))
math.randomseed(7)
request = function()
  return wrk.format("GET", "/api/recommendations/" .. math.random(1, users))
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d errors=%d\n", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
cat >"$WORK/plain.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d errors=%d\n", summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

# Each wrk thread walks its share of the ids 1..USERS once, then stops; wrk itself returns after the full 60 s.
cat >"$WORK/every-user.lua" <<'LUA'
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end
local users = tonumber(os.getenv("BENCH_USERS"))
local stride = tonumber(os.getenv("BENCH_THREADS"))
local sent = 0
request = function()
  local id = tid + sent * stride + 1
  sent = sent + 1
  if id > users then
    id = users
  end
  return wrk.format("GET", "/api/recommendations/" .. id)
end
response = function()
  if tid + sent * stride >= users then
    wrk.thread:stop()
  end
end
LUA

if ((WARM_ALL_USERS)); then
  echo "serving-http: warming the feedback cache: every user id once" >&2
  BENCH_USERS="$USERS" BENCH_THREADS="$THREADS" wrk -t "$THREADS" -c "$THREADS" -d 60s -s "$WORK/every-user.lua" "$BASE" >/dev/null
fi

echo "serving-http: warming up (5 s each route)" >&2
BENCH_USERS="$USERS" wrk -t "$THREADS" -c "$CONNECTIONS" -d 5s -s "$WORK/users.lua" "$BASE" >/dev/null
wrk -t "$THREADS" -c "$CONNECTIONS" -d 5s "$BASE/api/health" >/dev/null

echo "serving-http: measuring ($CONNECTIONS connections, $THREADS threads, $DURATION each; load before: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
# CPU time (user + system, in clock ticks) of a process, to split each request's cost between host and worker.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
WORKER_PID="$(pgrep -P "$APP_PID" | head -n 1)"
host0="$(cpu_ticks "$APP_PID")"; worker0="$(cpu_ticks "$WORKER_PID")"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$WORK/plain.lua" "$BASE/api/health" >"$WORK/health.txt"
host1="$(cpu_ticks "$APP_PID")"; worker1="$(cpu_ticks "$WORKER_PID")"
BENCH_USERS="$USERS" wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$WORK/users.lua" "$BASE" >"$WORK/recs.txt"
host2="$(cpu_ticks "$APP_PID")"; worker2="$(cpu_ticks "$WORKER_PID")"

# Reads req/s, the 50% and 99% latency lines and the error counts from wrk's --latency output.
field() { awk -v key="$2" '$1 == key { print $2; exit }' "$1"; }
rps() { awk '/^Requests\/sec:/ { print $2; exit }' "$1"; }
errors() { sed -n 's/^non2xx=\([0-9]*\) errors=\([0-9]*\)$/non-2xx \1, socket errors \2/p' "$1"; }

health_rps="$(rps "$WORK/health.txt")"
recs_rps="$(rps "$WORK/recs.txt")"
ratio="$(awk -v a="$recs_rps" -v b="$health_rps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')"
echo "model: $(cat "$WORK/health.json")"
printf '%-34s %12s %10s %10s  %s\n' "route" "req/s" "median" "p99" "errors"
printf '%-34s %12s %10s %10s  %s\n' "GET /api/health" "$health_rps" "$(field "$WORK/health.txt" 50%)" "$(field "$WORK/health.txt" 99%)" "$(errors "$WORK/health.txt")"
printf '%-34s %12s %10s %10s  %s\n' "GET /api/recommendations/{id}" "$recs_rps" "$(field "$WORK/recs.txt" 50%)" "$(field "$WORK/recs.txt" 99%)" "$(errors "$WORK/recs.txt")"
echo "recommendations/health throughput ratio: $ratio  (target >= 0.25; recommendations p99 target <= 10 ms)"
echo "cold start (launch to the first 200 on recommendations): $COLD_START s"
# Microseconds of CPU per request: ticks / CLK_TCK / (req/s x seconds measured).
seconds="$(awk -v d="$DURATION" 'BEGIN { n = d + 0; if (d ~ /m$/) n *= 60; print n }')"
per_request() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" -v r="$2" -v s="$seconds" 'BEGIN { if (r > 0) printf "%.0f", t / hz * 1e6 / (r * s); else print "n/a" }'; }
echo "cpu per request, host stand-in / worker: health $(per_request $((host1 - host0)) "$health_rps") / $(per_request $((worker1 - worker0)) "$health_rps") us, recommendations $(per_request $((host2 - host1)) "$recs_rps") / $(per_request $((worker2 - worker1)) "$recs_rps") us"
echo "cpu: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) cores; load after: $(cut -d' ' -f1-3 /proc/loadavg) (wrk shares the cores with the app)"
