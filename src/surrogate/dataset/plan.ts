// Planning a dataset: real sources materialised on the scenario's cells (sources/*.tif), windows cut
// by a grid sampler, windows without buildings dropped, a split that never puts overlapping windows of
// one place in two splits, procedural patches, and bump variants of the training patches. The plan
// is a pure function of the config, so a resumed or sharded build plans the same patches.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { alignTo, blockSplit, describeCrs, Grid, isGeographic, linearUnits, parseCrs, readGrid, readRaster, Raster, slidingWindows, vectorBounds, writeRaster, isValid, Crs } from "../../geo/index.js";
import { shuffled } from "../../util/random.js";
import { catchmentVersion } from "../../util/run-info.js";
import { buildingHeightsOnGrid as buildingHeightsOn } from "../../flood/inputs.js";
import { DatasetConfig } from "./config.js";
import { DATASET_FORMAT, DATASET_VERSION, Manifest, PatchSpec, SourceInfo, SplitName } from "./manifest.js";

/** A seed for (base seed, stream, index) that differs for every patch and variant. */
export function mixSeed(base: number, stream: number, index: number): number {
  let h = (base * 0x9e3779b1) ^ (stream * 0x85ebca6b) ^ (index * 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function checkMetres(label: string, crs: Crs | null): void {
  if (!crs) return;
  if (isGeographic(crs)) throw new Error(`${label}: in a geographic CRS (${describeCrs(crs)}); surrogate patches need a projected CRS in metres`);
  const u = linearUnits(crs);
  if (Math.abs(u.metres - 1) > 1e-9) throw new Error(`${label}: its CRS (${describeCrs(crs)}) is in ${u.name}; reproject it to a CRS in metres`);
}

/** The DEM on the scenario's cell size: copied when it already has it (±5 %), else averaged (coarser) or bilinear (finer). */
function groundOnCells(dem: string, cell: number, notes: string[]): Raster {
  const g = readGrid(dem);
  checkMetres(dem, g.crs);
  const dx = Math.abs(g.geotransform[1]);
  if (Math.abs(dx - cell) <= 0.05 * cell) return readRaster(dem, { bands: [1] });
  const W = Math.floor((g.width * dx) / cell);
  const H = Math.floor((g.height * Math.abs(g.geotransform[5])) / cell);
  const target: Grid = { width: W, height: H, geotransform: [g.geotransform[0], cell, 0, g.geotransform[3], 0, -cell], crs: g.crs };
  notes.push(`${dem}: ${dx} m cells ${dx < cell ? "averaged" : "interpolated (bilinear)"} to ${cell} m`);
  return alignTo(dem, target, { resampling: dx < cell ? "average" : "bilinear" });
}

function splitByFractions<T>(items: T[], cfg: DatasetConfig["split"], seed: number): Map<T, SplitName> {
  const order = shuffled(items, seed);
  const nTest = Math.round(order.length * cfg.test);
  const nVal = Math.round(order.length * cfg.validation);
  return new Map(order.map((it, i) => [it, i < nTest ? "test" : i < nTest + nVal ? "validation" : "train"]));
}

export function planDataset(cfg: DatasetConfig, dir: string): Manifest {
  const s = cfg.scenario;
  const P = s.patch_size;
  const cell = s.cell_size_m;
  const sources: SourceInfo[] = [];
  const crsList: string[] = [];
  const crsIndex = (c: Crs | null) => {
    if (!c) return null;
    const k = crsList.indexOf(c.wkt);
    if (k >= 0) return k;
    crsList.push(c.wkt);
    return crsList.length - 1;
  };
  const originals: PatchSpec[] = [];
  mkdirSync(join(dir, "sources"), { recursive: true });

  cfg.procedural.forEach((src, si) => {
    const ids = Array.from({ length: src.count }, (_, k) => `${src.name}-${String(k + 1).padStart(5, "0")}`);
    const split = splitByFractions(ids, cfg.split, mixSeed(cfg.seed, 100 + si, 0));
    ids.forEach((id, k) =>
      originals.push({ id, source: src.name, kind: "procedural", variant: 0, split: split.get(id) as SplitName, seed: mixSeed(cfg.seed, 1 + si, k), geotransform: [0, cell, 0, P * cell, 0, -cell], crs: null }),
    );
    sources.push({ name: src.name, kind: "procedural", notes: [`${src.count} procedural urban patches (src/surrogate/procedural)`] });
  });

  const windowed = (name: string, kind: "real" | "layout", grid: Grid, buildings: Float32Array, ground: Raster | null, stride: number, keep: (w: { x: number; y: number }) => boolean, notes: string[], si: number) => {
    if (grid.width < P || grid.height < P) throw new Error(`${name}: ${grid.width}×${grid.height} cells of ${cell} m, smaller than one ${P}-cell patch`);
    const windows = slidingWindows(grid.width, grid.height, P, stride).filter(keep);
    if (windows.length === 0) throw new Error(`${name}: no ${P}×${P} window with buildings`);
    const block = cfg.split.block_cells ?? 2 * P;
    const parts = blockSplit(windows, grid.width, grid.height, block, [1 - cfg.split.validation - cfg.split.test, cfg.split.validation, cfg.split.test], mixSeed(cfg.seed, 200 + si, 0));
    if (parts.dropped.length) notes.push(`${parts.dropped.length} windows straddling blocks of two splits dropped`);
    const [x0, dx, , y0, , dy] = grid.geotransform;
    for (const split of ["train", "validation", "test"] as const)
      for (const w of parts[split])
        originals.push({
          id: `${name}-x${String(w.x).padStart(5, "0")}-y${String(w.y).padStart(5, "0")}`,
          source: name,
          kind,
          variant: 0,
          split,
          seed: mixSeed(cfg.seed, 300 + si, w.y * grid.width + w.x),
          x: w.x,
          y: w.y,
          geotransform: [x0 + w.x * dx, dx, 0, y0 + w.y * dy, 0, dy],
          crs: crsIndex(grid.crs),
        });
    const groundFile = ground ? `sources/${name}_ground.tif` : undefined;
    const buildingsFile = `sources/${name}_buildings.tif`;
    if (ground && !existsSync(join(dir, groundFile as string))) writeRaster(join(dir, groundFile as string), ground);
    if (!existsSync(join(dir, buildingsFile))) writeRaster(join(dir, buildingsFile), { ...grid, bands: [{ name: "buildings_m", type: "Float32", nodata: null, data: buildings }] });
    sources.push({ name, kind, ground: groundFile, buildings: buildingsFile, width: grid.width, height: grid.height, notes });
  };

  cfg.real.forEach((src, si) => {
    const notes: string[] = [];
    const ground = groundOnCells(src.dem, cell, notes);
    const grid: Grid = { width: ground.width, height: ground.height, geotransform: ground.geotransform, crs: ground.crs };
    const { heights, note } = buildingHeightsOn(src, grid);
    notes.push(note);
    const g = ground.bands[0];
    const W = grid.width;
    windowed(
      src.name,
      "real",
      grid,
      heights,
      ground,
      src.stride ?? P / 2,
      (w) => {
        let built = 0, holes = 0;
        for (let r = w.y; r < w.y + P; r++)
          for (let c = w.x; c < w.x + P; c++) {
            if (heights[r * W + c] > 0) built++;
            if (!isValid(g.data[r * W + c], g.nodata)) holes++;
          }
        return built > 0 && holes <= src.max_nodata_fraction * P * P;
      },
      notes,
      si,
    );
  });

  cfg.layouts.forEach((src, si) => {
    const crs = parseCrs(src.crs, `layouts.${si}.crs`);
    checkMetres(`layouts.${si}.crs`, crs);
    const [minX, minY, maxX, maxY] = vectorBounds({ path: src.buildings, where: src.buildings_where }, crs);
    const W = Math.ceil((maxX - minX) / cell);
    const H = Math.ceil((maxY - minY) / cell);
    const grid: Grid = { width: W, height: H, geotransform: [Math.floor(minX / cell) * cell, cell, 0, Math.ceil(maxY / cell) * cell, 0, -cell], crs };
    const { heights, note } = buildingHeightsOn(src, grid);
    const notes = [note, "real footprints on procedural ground"];
    windowed(
      src.name,
      "layout",
      grid,
      heights,
      null,
      src.stride ?? P / 2,
      (w) => {
        let built = 0;
        for (let r = w.y; r < w.y + P; r++) for (let c = w.x; c < w.x + P; c++) if (heights[r * W + c] > 0) built++;
        return built >= src.min_building_fraction * P * P;
      },
      notes,
      si,
    );
  });

  const patches: PatchSpec[] = [...originals];
  const v = cfg.bumps.variants;
  originals
    .filter((p) => p.split === "train")
    .forEach((p, k) => {
      for (let b = 1; b <= v; b++) patches.push({ ...p, id: `${p.id}-b${b}`, variant: b, parent: p.id, bumpSeed: mixSeed(cfg.seed, 900 + b, k) });
    });
  const ids = new Set<string>();
  for (const p of patches) {
    if (ids.has(p.id)) throw new Error(`two patches are named ${p.id}: give the sources different names`);
    ids.add(p.id);
  }
  return { format: DATASET_FORMAT, version: DATASET_VERSION, catchment_version: catchmentVersion(), created: new Date().toISOString(), scenario: s, config: cfg, sources, crs: crsList, patches };
}
