#!/usr/bin/env bash
# Prepares the one folder that tools/gpu/device-check.sh (and tools/bench/cpu-figures.sh) runs from on a bare x86-64
# machine with no .NET and no network: a framework-dependent publish of the training job (which carries the hidden
# gpu-selftest command) and a minimal .NET root (the dotnet host, host/fxr and Microsoft.NETCore.App) copied from this
# machine's SDK, packed as one tar.gz so the folder stays under 60 MiB. Usage: tools/gpu/prepare.sh [OUT_DIR]   (default artifacts/gpu-check)
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-artifacts/gpu-check}"
limit_mib=60

dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"
runtime_version="$(dotnet --list-runtimes | awk '$1 == "Microsoft.NETCore.App" { v = $2 } END { print v }')"
fxr_version="$(find "$dotnet_root/host/fxr" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
if [ -z "$runtime_version" ] || [ -z "$fxr_version" ]; then
  echo "prepare: no Microsoft.NETCore.App runtime or host/fxr under $dotnet_root" >&2
  exit 1
fi

rm -rf "$out"
mkdir -p "$out"
dotnet publish training-job/Recommender.TrainingJob.csproj -c Release -o "$out/app" \
  -p:SatelliteResourceLanguages=en -p:DebugType=none >/dev/null

staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/dotnet/shared/Microsoft.NETCore.App" "$staging/dotnet/host/fxr"
cp "$dotnet_root/dotnet" "$staging/dotnet/"
cp -r "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" "$staging/dotnet/shared/Microsoft.NETCore.App/"
cp -r "$dotnet_root/host/fxr/$fxr_version" "$staging/dotnet/host/fxr/"
tar -C "$staging" -czf "$out/dotnet-runtime.tar.gz" dotnet
cp tools/gpu/device-check.sh tools/bench/cpu-figures.sh "$out/"
chmod 0755 "$out/device-check.sh" "$out/cpu-figures.sh"

size_mib=$(( $(du -sk "$out" | cut -f1) / 1024 ))
echo "prepare: $out holds the training job and .NET $runtime_version ($size_mib MiB)"
if [ "$size_mib" -ge "$limit_mib" ]; then
  echo "prepare: $out is $size_mib MiB, over the $limit_mib MiB limit" >&2
  exit 1
fi
