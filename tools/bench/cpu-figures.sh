#!/usr/bin/env bash
# The README's CPU figures in one run on a quiet x86-64 machine with no .NET and no network, from the folder
# tools/gpu/prepare.sh builds (the training job and a .NET runtime):
#   ./cpu-figures.sh [RATINGS_DIR]    (RATINGS_DIR holds MovieLens ratings.csv and movies.csv; without it step 3 is skipped)
#   1. bench at 138,000 x 27,000 x 10M, 64 factors, 2 threads: each CPU kernel set the machine can run (the default,
#      then with AVX-512 switched off (DOTNET_EnableAVX512=0)), alternating, two rounds each;
#   2. bench-serving at 27,000 x 64, top-10: every path the machine can run (default, then without AVX-VNNI), and
#      batched against single-user scoring under 8 concurrent callers;
#   3. quality --tune 45 on the MovieLens files (2 threads).
# Each step's output is written to FIGURES_DIR (default: the working directory) as it finishes.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ratings_dir="${1:-}"
out="${FIGURES_DIR:-$PWD}"
mkdir -p "$out"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$here/dotnet-runtime.tar.gz"
export DOTNET_ROOT="$work/dotnet" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
job() { "$DOTNET_ROOT/dotnet" "$here/app/training-job.dll" "$@"; }

{
  echo "== machine"
  grep -m 1 'model name' /proc/cpuinfo
  nproc
  grep -m 1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl|avx512_vnni|avx_vnni|avx512_bf16)$' | tr '\n' ' '
  echo
  uptime
} | tee "$out/machine.txt"

echo "== 1. ALS bench, 2 threads"
for round in 1 2; do
  for avx512 in 1 0; do
    DOTNET_EnableAVX512=$avx512 job bench --users 138000 --items 27000 --interactions 10000000 --factors 64 \
      --iterations 5 --threads 2 >"$out/als-avx512-$avx512-round$round.json" 2>"$out/als-avx512-$avx512-round$round.log"
    echo "round $round, DOTNET_EnableAVX512=$avx512: $(tr -d ' \n' <"$out/als-avx512-$avx512-round$round.json" | grep -o '"secondsPerIteration":[0-9.eE+-]*' | head -n 1) $(tr -d ' \n' <"$out/als-avx512-$avx512-round$round.json" | grep -o '"cpuKernels":"[^"]*"' | head -n 1)"
  done
done | tee "$out/als.txt"

echo "== 2. serving"
for vnni in 1 0; do
  DOTNET_EnableAVXVNNI=$vnni job bench-serving --items 27000 --factors 64 --requests 50000 \
    >"$out/serving-avxvnni$vnni.txt" 2>&1
  tail -n 30 "$out/serving-avxvnni$vnni.txt"
done
job bench-serving --items 27000 --factors 64 --requests 20000 --batch 8 --concurrency 8 >"$out/serving-batch.txt" 2>&1
tail -n 30 "$out/serving-batch.txt"

if [ -n "$ratings_dir" ]; then
  echo "== 3. quality --tune 45"
  job quality --ratings "$ratings_dir/ratings.csv" --items "$ratings_dir/movies.csv" --similar-to 1 --threads 2 --tune 45 \
    >"$out/quality.md" 2>"$out/quality.log"
  head -n 16 "$out/quality.md"
  grep 'tune seed' "$out/quality.log"
fi
uptime | tee -a "$out/machine.txt"
