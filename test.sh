#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need (NumPy, shellcheck, Azurite) when missing,
# starts Azurite on free loopback ports for the run and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")"
tools/test/install-deps.sh
dotnet build Serverless.sln -c Release
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
tools/azurite/with-azurite.sh \
  dotnet test tests/Recommender.Tests.csproj -c Release --no-build --logger "console;verbosity=normal" | tee "$log" || status=$?
# One plain summary line for CI: "N passed, N failed".
passed="$(sed -n 's/^[[:space:]]*Passed:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)"
failed="$(sed -n 's/^[[:space:]]*Failed:[[:space:]]*\([0-9][0-9]*\).*/\1/p' "$log" | tail -n 1)"
echo "${passed:-0} passed, ${failed:-0} failed"
exit "$status"
