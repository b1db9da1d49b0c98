#!/bin/sh
# Entry point of the training image: runs the training-job assembly with the container's arguments,
# or, when there are none, with TRAINING_ARGS from the environment (how the Container Apps Job
# passes them, so one start request can override a single variable).
set -eu

dll="${TRAINING_JOB_DLL:-/app/training-job.dll}"

if [ "$#" -eq 0 ] && [ -n "${TRAINING_ARGS:-}" ]; then
  # Split TRAINING_ARGS on whitespace on purpose; globbing stays off so '*' is passed through literally.
  set -f
  # shellcheck disable=SC2086
  set -- $TRAINING_ARGS
  set +f
fi

if [ "$#" -eq 0 ]; then
  echo "training image: no arguments given and TRAINING_ARGS is empty; running 'training-job --help'." >&2
  set -- --help
fi

exec dotnet "$dll" "$@"
