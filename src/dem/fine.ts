// Fine (reference) DEMs onto a target grid in metres: elevations in feet converted, grids in a
// geographic or foot-based CRS reprojected to the UTM zone of their centre (or a CRS given), and
// the cell size set to the target resolution. Every such step is said in `notes`.
import { gdal } from "../geo/gdal.js";
import { alignTo, crsOf, describeCrs, isGeographic, linearUnits, readGrid, Grid, Raster, isValid, cellSize, bounds } from "../geo/index.js";
import { srsOf } from "../geo/crs.js";

export const Z_UNITS = { m: 1, us_ft: 1200 / 3937, ft: 0.3048 } as const;
export type ZUnits = keyof typeof Z_UNITS;

export interface FineDemSpec {
  path: string;
  /** vertical unit of the file's values (default m) */
  z_units?: ZUnits;
  /** CRS to reproject to when the file's is not in metres, e.g. "EPSG:32617"; default: the UTM zone of the centre */
  crs?: string;
}

export interface FineDem {
  raster: Raster;
  notes: string[];
}

function utmZoneOf(grid: Grid): number {
  const [x0, y0, x1, y1] = bounds(grid);
  const srs = grid.crs ? srsOf(grid.crs) : null;
  if (!srs) throw new Error("no CRS");
  const t = new gdal.CoordinateTransformation(srs, gdal.SpatialReference.fromProj4("+proj=longlat +datum=WGS84 +no_defs"));
  const p = t.transformPoint((x0 + x1) / 2, (y0 + y1) / 2);
  const zone = Math.min(60, Math.max(1, Math.floor((p.x + 180) / 6) + 1));
  return (p.y >= 0 ? 32600 : 32700) + zone;
}

/** The grid of `cell`-metre cells covering `grid`'s footprint in `to` (a metre CRS). */
function gridIn(grid: Grid, to: ReturnType<typeof srsOf>, cell: number): Grid {
  const [x0, y0, x1, y1] = bounds(grid);
  const t = new gdal.CoordinateTransformation(srsOf(grid.crs as NonNullable<Grid["crs"]>), to);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 8; i++)
    for (const [x, y] of [[x0 + ((x1 - x0) * i) / 8, y0], [x0 + ((x1 - x0) * i) / 8, y1], [x0, y0 + ((y1 - y0) * i) / 8], [x1, y0 + ((y1 - y0) * i) / 8]]) {
      const p = t.transformPoint(x, y);
      xs.push(p.x);
      ys.push(p.y);
    }
  const left = Math.floor(Math.min(...xs) / cell) * cell;
  const top = Math.ceil(Math.max(...ys) / cell) * cell;
  const width = Math.ceil((Math.max(...xs) - left) / cell);
  const height = Math.ceil((top - Math.min(...ys)) / cell);
  return { width, height, geotransform: [left, cell, 0, top, 0, -cell], crs: crsOf(to) };
}

/** Reads a fine DEM onto a `cell`-metre grid in a metre CRS; nodata becomes NaN. */
export function loadFineDem(spec: FineDemSpec, cell: number): FineDem {
  const notes: string[] = [];
  const src = readGrid(spec.path);
  let metric = src.crs === null || (!isGeographic(src.crs) && Math.abs(linearUnits(src.crs).metres - 1) < 1e-9);
  if (src.crs === null) notes.push(`${spec.path}: no CRS; metres are assumed`);
  if (spec.crs && src.crs) metric = false;
  let grid: Grid;
  if (metric) {
    const [dx, dy] = cellSize(src);
    const width = Math.max(1, Math.round((src.width * dx) / cell));
    const height = Math.max(1, Math.round((src.height * dy) / cell));
    const gt = src.geotransform;
    grid = { width, height, geotransform: [gt[0], cell, 0, gt[3], 0, -cell], crs: src.crs };
  } else {
    const to = spec.crs ? gdal.SpatialReference.fromUserInput(spec.crs) : gdal.SpatialReference.fromEPSG(utmZoneOf(src));
    grid = gridIn(src, to, cell);
    const unit = isGeographic(src.crs as NonNullable<Grid["crs"]>) ? "degrees" : linearUnits(src.crs as NonNullable<Grid["crs"]>).name;
    notes.push(`${spec.path}: its CRS ${describeCrs(src.crs)} is in ${unit}; reprojected to ${describeCrs(grid.crs)}`);
  }
  const [sx] = cellSize(src);
  const srcCellM = metric ? sx : NaN;
  const resampling = Number.isFinite(srcCellM) && srcCellM < cell * 0.75 ? "average" : "bilinear";
  if (!metric || Math.abs(srcCellM - cell) > 1e-6) notes.push(`${spec.path}: resampled to ${cell} m cells (${resampling})`);
  const r = alignTo(spec.path, grid, { resampling, bands: [1], type: "Float32" });
  const b = r.bands[0];
  const k = Z_UNITS[spec.z_units ?? "m"];
  if (k !== 1) notes.push(`${spec.path}: elevations converted from ${spec.z_units} to metres (× ${k.toPrecision(7)})`);
  const data = Float32Array.from(b.data, (v) => (isValid(v, b.nodata) ? v * k : NaN));
  if (!data.some((v) => !Number.isNaN(v))) throw new Error(`${spec.path}: no valid elevation on the ${cell} m grid`);
  return { raster: { ...grid, bands: [{ name: "elevation", type: "Float32", nodata: NaN, data }] }, notes };
}
