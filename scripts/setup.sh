#!/usr/bin/env bash
# Idempotent set-up for a fresh Debian machine (as root) or an existing checkout: installs what is
# missing and rebuilds what is out of date, nothing else.
#   bash scripts/setup.sh            system packages, npm ci, native addon, TypeScript
#   bash scripts/setup.sh --peers    also Debian's python3-torch and python3-optuna (the peers for bench/)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

packages=(libtorch-dev libopenblas0-pthread libgdal-dev gdal-bin g++ make python3 chromium postgresql)
[[ "${1:-}" == "--peers" ]] && packages+=(python3-torch python3-optuna python3-scipy)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}; run this script as root or install them" >&2
    exit 1
  fi
  say "installing ${missing[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# gdal-async is built from source against Debian's GDAL (about two minutes); these are read by
# its install script (node-pre-gyp) from the environment
export npm_config_build_from_source=true npm_config_shared_gdal=true
# by content, not modification time: a checkout or merge touches the lock file without changing it
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ ! -f node_modules/.package-lock.json || "$(cat node_modules/.catchment-lock 2>/dev/null || true)" != "$lock_sum" ]]; then
  say "npm ci (builds gdal-async against the system GDAL)"
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s' "$lock_sum" > node_modules/.catchment-lock
fi

addon=native/build/Release/catchment_native.node
native_sum=$(cat native/binding.gyp native/src/* | sha256sum | cut -d' ' -f1)
if [[ ! -f $addon || "$(cat native/build/.sources 2>/dev/null || true)" != "$native_sum" || "${LIBTORCH:-}" != "$(cat native/build/.libtorch 2>/dev/null || true)" ]]; then
  say "building the libtorch addon${LIBTORCH:+ against $LIBTORCH} (about a minute)"
  (cd native && ../node_modules/.bin/node-gyp rebuild --nodedir=/usr -j "$(nproc)" --loglevel=error)
  printf '%s' "${LIBTORCH:-}" > native/build/.libtorch
  printf '%s' "$native_sum" > native/build/.sources
fi

say "compiling TypeScript"
node_modules/.bin/tsc -p tsconfig.json

# the design studio's page (esbuild; skipped when the bundle is newer than its sources)
node scripts/bundle-studio.mjs
