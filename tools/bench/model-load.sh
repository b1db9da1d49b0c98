#!/usr/bin/env bash
# Model load from blob storage, two storage layers compared in one run against the same Azurite: loads a
# 138,000 users x 27,000 items x 64 factors model (every artifact's SHA-256 verified) with this repository's
# BlobModelStore on the Azure SDK, and with the BlobModelStore of another checkout (e.g. an older commit with its
# own REST client), alternating old/new rounds so both see the same machine load. Prints every timing, then the
# medians and the new/old ratio.
#
# Usage: tools/bench/model-load.sh OLD_CHECKOUT [--rounds 5] [--loads 2] [--users 138000] [--items 27000]
#                                  [--factors 64] [--seen-per-user 36]
#   OLD_CHECKOUT  a checkout whose core/ has Recommender.Core.Storage (e.g. git worktree add ../old d4ee90d)
# Needs: the .NET SDK, node/npm (Azurite).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OLD="${1:?usage: $0 OLD_CHECKOUT [options]}"
shift
ROUNDS=5
LOADS=2
USERS=138000
ITEMS=27000
FACTORS=64
SEEN=36
while (($# > 0)); do
  case "$1" in
    --rounds) ROUNDS="${2:?--rounds needs a value}"; shift 2 ;;
    --loads) LOADS="${2:?--loads needs a value}"; shift 2 ;;
    --users) USERS="${2:?--users needs a value}"; shift 2 ;;
    --items) ITEMS="${2:?--items needs a value}"; shift 2 ;;
    --factors) FACTORS="${2:?--factors needs a value}"; shift 2 ;;
    --seen-per-user) SEEN="${2:?--seen-per-user needs a value}"; shift 2 ;;
    *) echo "model-load: unknown option '$1'" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/model-load.XXXXXX")"
PROJECT="$ROOT/tools/bench/model-load/ModelLoadBench.csproj"
echo "model-load: building both loaders" >&2
dotnet build "$PROJECT" -c Release -o "$WORK/new" >/dev/null
dotnet build "$PROJECT" -c Release -o "$WORK/old" \
  -p:CoreProject="$(cd "$OLD" && pwd)/core/Recommender.Core.csproj" -p:DefineConstants=REST_STORE >/dev/null

# shellcheck source=../azurite/start.sh source-path=SCRIPTDIR
source "$ROOT/tools/azurite/start.sh"
azurite_start
trap 'azurite_stop; rm -rf "$WORK"' EXIT
CS="$AZURITE_CONNECTION_STRING"

dotnet "$WORK/new/ModelLoadBench.dll" publish "$CS" models v1 "$USERS" "$ITEMS" "$FACTORS" "$SEEN"
for ((round = 1; round <= ROUNDS; round++)); do
  for side in old new; do
    dotnet "$WORK/$side/ModelLoadBench.dll" load "$CS" models v1 "$LOADS" | sed -n "s/^load_seconds /$side /p" | tee -a "$WORK/times.txt"
  done
done

median() {
  grep "^$1 " "$WORK/times.txt" | cut -d' ' -f2 | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
old_median="$(median old)"
new_median="$(median new)"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "cpu: $cpu ($(nproc) cores)"
echo "model: $USERS x $ITEMS x $FACTORS, $SEEN seen items per user; $ROUNDS rounds x $LOADS loads per side"
echo "median load seconds: old $old_median, new $new_median, new/old $(awk -v n="$new_median" -v o="$old_median" 'BEGIN { printf "%.2f", n / o }')"
