#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need (NumPy, shellcheck, Azurite) when missing,
# starts Azurite on free loopback ports for the run and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")"
tools/test/install-deps.sh
dotnet build Serverless.sln -c Release
# MovieLens may not be redistributed, so a clone does not carry it: its tests run when the shared copy sits beside the
# repository (or RECOMMENDER_MOVIELENS_DIR already names one) and are reported as skipped otherwise.
movielens="../shared/datasets/ml-latest-small"
if [[ -z "${RECOMMENDER_MOVIELENS_DIR:-}" && -f "$movielens/ratings.csv" ]]; then
  RECOMMENDER_MOVIELENS_DIR="$(cd "$movielens" && pwd)"
  export RECOMMENDER_MOVIELENS_DIR
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
tools/azurite/with-azurite.sh \
  dotnet test tests/Recommender.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" | tee "$log" || status=$?
# One plain summary line for CI: "N passed, N failed, N skipped".
count() { sed -n "s/^[[:space:]]*$1:[[:space:]]*\([0-9][0-9]*\).*/\1/p" "$log" | tail -n 1; }
passed="$(count Passed)"
failed="$(count Failed)"
skipped="$(count Skipped)"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
exit "$status"
