#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need (PoCL, NumPy, shellcheck, Azurite) when missing,
# starts Azurite on free loopback ports for the run and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")"
tools/test/install-deps.sh
dotnet build Serverless.sln -c Release
tools/azurite/with-azurite.sh \
  dotnet test tests/Recommender.Tests.csproj -c Release --no-build --logger "console;verbosity=normal"
