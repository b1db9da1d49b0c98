#!/usr/bin/env bash
# One-shot GPU check on a bare x86-64 NVIDIA machine (driver installed; no .NET, no network). Run it from the folder
# tools/gpu/prepare.sh built:   ./device-check.sh [DEVICE]   (DEVICE defaults to cuda)
# It runs, in under 8 minutes on a data-centre GPU:
#   1. gpu-selftest: the kernel checks of the test suite on DEVICE against the CPU solver (random systems, same seed
#      twice, NaN guard);
#   2. bench at 138,000 x 27,000 x 10M with 64 and 128 factors: seconds per iteration on DEVICE next to the CPU solver's
#      on the same matrix (bench --compare-device cpu), then a 2-iteration 64-factor run with each kernel stage's time
#      (bench --kernel-profile);
#   3. train on a MovieLens-sized synthetic sample on DEVICE and on the CPU: NDCG@10 of both.
# Environment overrides (for a dry run of the script's logic elsewhere): CHECK_USERS, CHECK_ITEMS, CHECK_INTERACTIONS,
# CHECK_FACTORS ("64 128"), CHECK_ITERATIONS, CHECK_SAMPLE_USERS/ITEMS/INTERACTIONS, CHECK_SKIP_SELFTEST=1,
# CHECK_SKIP_PROFILE=1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
device="${1:-cuda}"
users="${CHECK_USERS:-138000}"
items="${CHECK_ITEMS:-27000}"
interactions="${CHECK_INTERACTIONS:-10000000}"
factors_list="${CHECK_FACTORS:-64 128}"
iterations="${CHECK_ITERATIONS:-5}"
sample_users="${CHECK_SAMPLE_USERS:-610}"
sample_items="${CHECK_SAMPLE_ITEMS:-9700}"
sample_interactions="${CHECK_SAMPLE_INTERACTIONS:-100000}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$here/dotnet-runtime.tar.gz"
export DOTNET_ROOT="$work/dotnet" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
job() { "$DOTNET_ROOT/dotnet" "$here/app/training-job.dll" "$@"; }
# The first value of a number field in a JSON document (whitespace and line breaks removed first).
json_number() { tr -d ' \n\r' | grep -o "\"$1\":[-0-9.eE+]*" | head -n 1 | cut -d: -f2; }

echo "== machine"
uname -m
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,compute_cap,memory.total --format=csv,noheader || true
fi
status=0

echo "== 1. kernel self-test on $device"
if [ "${CHECK_SKIP_SELFTEST:-0}" != 1 ]; then
  job gpu-selftest --device "$device" || status=1
fi

echo "== 2. bench ${users} x ${items} x ${interactions}, ${iterations} iterations: $device against the CPU solver"
for factors in $factors_list; do
  result="$(job bench --users "$users" --items "$items" --interactions "$interactions" --factors "$factors" \
    --iterations "$iterations" --device "$device" --compare-device cpu 2>"$work/bench.log")" || { cat "$work/bench.log" >&2; status=1; continue; }
  device_s="$(printf '%s' "$result" | sed 's/.*"result":{//' | json_number secondsPerIteration)"
  cpu_s="$(printf '%s' "$result" | sed 's/.*"comparison":{//' | json_number secondsPerIteration)"
  ratio="$(printf '%s' "$result" | json_number comparisonOverResult)"
  name="$(printf '%s' "$result" | grep -o '"name":"[^"]*"' | head -n 1 | cut -d'"' -f4)"
  echo "factors $factors: $device ${device_s} s/iteration, CPU ${cpu_s} s/iteration (CPU/device ${ratio}) on ${name}"
done

if [ "${CHECK_SKIP_PROFILE:-0}" != 1 ]; then
  profile_factors="${factors_list%% *}"
  echo "== 2b. kernel stages on $device, ${profile_factors} factors (the device is awaited after every stage)"
  job bench --users "$users" --items "$items" --interactions "$interactions" --factors "$profile_factors" \
    --iterations 2 --device "$device" --kernel-profile 2>"$work/profile.log" >/dev/null || { cat "$work/profile.log" >&2; status=1; }
  grep '^kernels in iteration' "$work/profile.log" || true
fi

echo "== 3. train on a synthetic sample (${sample_users} users, ${sample_items} items, ${sample_interactions} ratings)"
job generate --out "$work/data" --users "$sample_users" --items "$sample_items" --interactions "$sample_interactions" --seed 7 >/dev/null 2>&1
for target in "$device" cpu; do
  outcome="$(job train --ratings "$work/data/ratings.csv" --items "$work/data/movies.csv" --out "$work/models-$target" \
    --device "$target" 2>"$work/train-$target.log")" || { cat "$work/train-$target.log" >&2; status=1; continue; }
  ndcg="$(printf '%s' "$outcome" | json_number 'ndcg@10')"
  seconds="$(printf '%s' "$outcome" | json_number secondsPerIteration)"
  echo "train on $target: NDCG@10 ${ndcg}, ${seconds} s/iteration ($(grep -m 1 '^fit:' "$work/train-$target.log" || true))"
done

echo "== done (exit $status)"
exit "$status"
