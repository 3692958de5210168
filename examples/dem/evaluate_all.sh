#!/usr/bin/env bash
# Degrade each fine DEM with its own seed (not a training seed), stack, predict with a model and
# evaluate against the reference, flood check included. Prints one `dem:` line per test area:
#   carlisle (test blocks when a mask is given; a surface with its buildings), kentucky, merewether
#   (bare earth; its footprints partly in the synthetic surfaces), merewether+layers (the same with
#   its footprints and road polygon as input layers), procedural_<k> and procedural_<k>+layers (the
#   held-out procedural test areas of `catchment dem procedural`, bare-ground references). Where
#   footprints are known (Merewether, procedural) they are walls in every flood simulation.
#   bash examples/dem/evaluate_all.sh models/dem_ground_5m /tmp/dem-eval [carlisle_test_mask.tif]
# The Carlisle rows are "use internally": their outputs stay out of git. Heavy (a flood simulation
# per DEM): run it as `flock /work/heavy.lock nice -n 5 bash examples/dem/evaluate_all.sh …`.
set -euo pipefail
model=${1:?model folder}; out=${2:?output folder}; mask=${3:-}
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd); data=$(cd "$root/../shared/data" && pwd)
cli="node $root/dist/src/cli/main.js"
mw=$data/merewether_urban_flood
degrade() { # dir dem z_units seed [buildings [where]]
  local d=$1
  mkdir -p "$d"
  $cli dem degrade --dem "$2" --z-units "$3" --seed "$4" ${5:+--buildings "$5"} ${6:+--buildings-where "$6"} --out "$d" > "$d/degrade.log"
}
score() { # label dir stack.yml [evaluate options…]
  local name=$1 d=$2 stack=$3; shift 3
  local tag=${stack%.yml}
  cp "$stack" "$d/$tag.yml" 2>/dev/null || true
  $cli dem stack --config "$d/$tag.yml" --out "$d/$tag.tif" > "$d/$tag.stack.log"
  $cli dem predict --model "$model" --stack "$d/$tag.tif" --out "$d/enhanced_$tag.tif" > "$d/predict_$tag.log" 2>&1
  $cli dem evaluate --enhanced "$d/enhanced_$tag.tif" --reference "$d/reference.tif" --gdem "$d"/synthetic_{alos,aster,nasadem,srtm}.tif \
    --out "$d/eval_$tag" "$@" 2>/dev/null | tee "$d/evaluate_$tag.log" | tail -1 | sed "s/^/$name /"
}
cd "$here"
degrade "$out/carlisle" "$data/carlisle_2005_urban_flood/carlisle_dem_5m_epsg27700.tif" m 9101
score carlisle "$out/carlisle" stack.yml ${mask:+--mask "$mask"}
degrade "$out/kentucky" "$data/dem_pysheds_texas_kentucky/roi_dem_30m_kentucky.tif" us_ft 9102
score kentucky "$out/kentucky" stack.yml
degrade "$out/merewether" "$mw/topography1_epsg32756.tif" m 9103 "$mw/houses_epsg32756.geojson" "used_in_anuga_run = 1"
mwopts=(--buildings "$mw/houses_epsg32756.geojson" --roads "$mw/road_polygon_epsg32756.geojson" --flood-buildings "$mw/houses_epsg32756.geojson")
score merewether "$out/merewether" stack.yml "${mwopts[@]}"
sed -e "s#path: footprints.tif, resampling: nearest#vector: $mw/houses_epsg32756.geojson, where: \"used_in_anuga_run = 1\"#" \
    -e "s#path: roads.tif, resampling: nearest#vector: $mw/road_polygon_epsg32756.geojson, all_touched: true#" stack_layers.yml > "$out/merewether/stack_layers.yml"
(cd "$out/merewether" && score merewether+layers "$out/merewether" stack_layers.yml "${mwopts[@]}")
$cli dem procedural --out "$out/procedural" --count 4 --size 192 --seed 101 > "$out/procedural.log"
for k in 0 1 2 3; do
  a=$out/procedural/area_$k
  degrade "$a" "$a/ground.tif" m $((9110 + k)) "$a/buildings.tif"
  popts=(--buildings "$a/footprints.tif" --roads "$a/roads.tif" --flood-buildings "$a/footprints.tif")
  score procedural_$k "$a" stack.yml "${popts[@]}"
  score procedural_$k+layers "$a" stack_layers.yml "${popts[@]}"
done
