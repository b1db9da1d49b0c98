#!/usr/bin/env bash
# Runs the whole test suite. Installs and starts what the tests need by itself.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Serverless.sln -c Release
# Storage tests talk to a real Azurite: with-azurite.sh installs the pinned version (npm ci, first run only),
# starts it on free loopback ports, exports RecommenderStorage for the tests and stops it afterwards.
tools/azurite/with-azurite.sh \
  dotnet test tests/Recommender.Tests.csproj -c Release --no-build --logger "console;verbosity=normal"
