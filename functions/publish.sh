#!/usr/bin/env bash
# Assembles the deployable Function App (Flex Consumption "one deploy" zip):
#   publish/app/host.json                     the Functions host configuration (repository root)
#   publish/app/<Name>/function.json          one folder per function (functions/Bindings/<Name>/)
#   publish/app/handler + its files           the custom handler, self-contained linux-x64
#   publish/functionapp.zip                   the same folder, zipped for 'az functionapp deployment source config-zip'
# Usage: functions/publish.sh [--configuration Release] [--output DIR]   (DIR defaults to publish/ at the repository root)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
configuration="Release"
output="$root/publish"

while [ "$#" -gt 0 ]; do
  case "$1" in
    --configuration) configuration="${2:?--configuration needs a value}"; shift 2 ;;
    --output) output="${2:?--output needs a value}"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "publish.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

app="$output/app"
zip_file="$output/functionapp.zip"
rm -rf "$app" "$zip_file"
mkdir -p "$app"

dotnet publish "$root/functions/Recommender.Functions.csproj" \
  --configuration "$configuration" \
  --runtime linux-x64 \
  --self-contained true \
  --output "$app" \
  -p:UseAppHost=true

cp "$root/host.json" "$app/host.json"
count=0
for dir in "$root"/functions/Bindings/*/; do
  name="$(basename "$dir")"
  if [ ! -f "$dir/function.json" ]; then
    echo "publish.sh: $dir has no function.json" >&2
    exit 1
  fi
  mkdir -p "$app/$name"
  cp "$dir/function.json" "$app/$name/function.json"
  count=$((count + 1))
done

# The host starts the handler named by host.json's defaultExecutablePath; it must be executable inside the zip.
chmod +x "$app/handler"

# zip keeps the execute bit; Python's zipfile is the fallback where zip is not installed.
rm -f "$zip_file"
if command -v zip >/dev/null 2>&1; then
  (cd "$app" && zip -q -r -X "$zip_file" .)
else
  python3 - "$app" "$zip_file" <<'PY'
import os, sys, zipfile
app, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for base, _, files in os.walk(app):
        for f in sorted(files):
            path = os.path.join(base, f)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, app))
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as src:
                z.writestr(info, src.read())
PY
fi

echo "publish.sh: $count functions, handler ($configuration, linux-x64 self-contained) in $app; zip: $zip_file"
