#!/usr/bin/env bash
# Sets up what is missing, then runs the main job on the bundled sample: an LSTM rainfall-runoff
# model for the Minam River, tested against the SAC-SMA simulation. Each run gets its own folder.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
out="runs/quickstart/$(date +%Y%m%d-%H%M%S)"
node dist/src/cli/main.js quickstart --config examples/quickstart.yml --out "$out" "$@"
