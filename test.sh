#!/usr/bin/env bash
# Runs the whole test suite. Installs and starts what the tests need by itself.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Serverless.sln -c Release
dotnet test tests/Recommender.Tests.csproj -c Release --no-build --logger "console;verbosity=normal"
