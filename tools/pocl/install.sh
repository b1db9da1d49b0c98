#!/usr/bin/env bash
# Makes sure an OpenCL runtime with at least one device is present, installing PoCL (a CPU OpenCL device)
# when it is not. Idempotent: does nothing when libOpenCL.so.1 loads and clinfo lists a device.
# Used by the README test command so the OpenCL tests run on machines without a GPU.
set -euo pipefail

packages=(ocl-icd-libopencl1 pocl-opencl-icd clinfo)

has_opencl_library() {
  ldconfig -p 2>/dev/null | grep -q 'libOpenCL\.so\.1 '
}

has_opencl_device() {
  command -v clinfo >/dev/null 2>&1 && clinfo -l 2>/dev/null | grep -q 'Device #'
}

if has_opencl_library && has_opencl_device; then
  echo "OpenCL: device present, nothing to install."
  clinfo -l
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "OpenCL: no device found and apt-get is missing; install an OpenCL ICD loader and driver (e.g. PoCL) by hand." >&2
  exit 1
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "OpenCL: installing ${packages[*]} needs root (no sudo found)." >&2
    exit 1
  fi
fi

echo "OpenCL: installing ${packages[*]}..."
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}"

if ! has_opencl_device; then
  echo "OpenCL: PoCL was installed but clinfo still lists no device." >&2
  exit 1
fi

clinfo -l
