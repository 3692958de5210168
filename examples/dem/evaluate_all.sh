#!/usr/bin/env bash
# Degrade each fine DEM with its own seed (not a training seed), stack, predict with a model and
# evaluate against the reference, flood check included. Prints one `dem:` line per DEM.
#   bash examples/dem/evaluate_all.sh models/dem_gdem_5m /tmp/dem-eval [carlisle_test_mask.tif]
# The Carlisle rows are "use internally": their outputs stay out of git.
set -euo pipefail
model=${1:?model folder}; out=${2:?output folder}; mask=${3:-}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd); data=$(cd "$root/../shared/data" && pwd)
cli="node $root/dist/src/cli/main.js"
run() { # name dem z_units seed [mask]
  local name=$1 dem=$2 z=$3 seed=$4 m=${5:-}
  local d="$out/$name"
  mkdir -p "$d"
  $cli dem degrade --dem "$dem" --z-units "$z" --seed "$seed" --out "$d" > "$d/degrade.log"
  cp "$here/stack.yml" "$d/stack.yml"
  $cli dem stack --config "$d/stack.yml" --out "$d/stack.tif" > "$d/stack.log"
  $cli dem predict --model "$model" --stack "$d/stack.tif" --out "$d/enhanced.tif" > "$d/predict.log" 2>&1
  $cli dem evaluate --enhanced "$d/enhanced.tif" --reference "$d/reference.tif" --gdem "$d"/synthetic_{alos,aster,nasadem,srtm}.tif \
    --out "$d/eval" ${m:+--mask "$m"} 2>/dev/null | tee "$d/evaluate.log" | tail -1 | sed "s/^/$name /"
}
run carlisle "$data/carlisle_2005_urban_flood/carlisle_dem_5m_epsg27700.tif" m 9101 "$mask"
run kentucky "$data/dem_pysheds_texas_kentucky/roi_dem_30m_kentucky.tif" us_ft 9102
run merewether "$data/merewether_urban_flood/topography1_epsg32756.tif" m 9103
run landlab_gully "$data/dem_landlab_colorado/west_bijou_gully_lidar_3m.tif" m 9104
