// The global 0.5° lattice every cwsc grid lives on: 720 columns from 180° W, 360 rows from 90° N,
// cell (row, col) at index row · 720 + col. Rasters on other grids are refused by name.
import { Grid, Raster, isValid } from "../../geo/raster.js";

export const LATTICE = { width: 720, height: 360, cell: 0.5, west: -180, north: 90 } as const;
export const LATTICE_CELLS = LATTICE.width * LATTICE.height;

export const latticeGrid = (): Grid => ({
  width: LATTICE.width,
  height: LATTICE.height,
  geotransform: [LATTICE.west, LATTICE.cell, 0, LATTICE.north, 0, -LATTICE.cell],
  crs: { wkt: 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]', epsg: 4326 },
});

/** The lattice cell holding a point, or −1 outside ±90° latitude. Longitudes wrap. */
export function cellAt(lon: number, lat: number): number {
  if (!(lat <= 90 && lat >= -90) || !Number.isFinite(lon)) return -1;
  const row = Math.min(LATTICE.height - 1, Math.floor((LATTICE.north - lat) / LATTICE.cell));
  const col = (((Math.floor((lon - LATTICE.west) / LATTICE.cell) % LATTICE.width) + LATTICE.width) % LATTICE.width);
  return row * LATTICE.width + col;
}

export const cellLon = (cell: number) => LATTICE.west + ((cell % LATTICE.width) + 0.5) * LATTICE.cell;
export const cellLat = (cell: number) => LATTICE.north - (Math.floor(cell / LATTICE.width) + 0.5) * LATTICE.cell;

/** Cells whose centres lie within a disk of the given area (km²) around a point; at least the cell holding the point. */
export function cellsAround(lon: number, lat: number, areaKm2: number): Int32Array {
  const home = cellAt(lon, lat);
  if (home < 0) throw new RangeError(`point (${lon}, ${lat}) is not on the globe`);
  const radius = Math.sqrt(Math.max(areaKm2, 0) / Math.PI);
  const kmPerDegLat = 111.195;
  const reach = Math.ceil(radius / (kmPerDegLat * LATTICE.cell * Math.max(0.05, Math.cos((lat * Math.PI) / 180)))) + 1;
  const out = new Set<number>([home]);
  const r0 = Math.floor(home / LATTICE.width);
  const c0 = home % LATTICE.width;
  for (let dr = -reach; dr <= reach; dr++)
    for (let dc = -reach; dc <= reach; dc++) {
      const r = r0 + dr;
      if (r < 0 || r >= LATTICE.height) continue;
      const cell = r * LATTICE.width + ((((c0 + dc) % LATTICE.width) + LATTICE.width) % LATTICE.width);
      const dy = (cellLat(cell) - lat) * kmPerDegLat;
      let dlon = Math.abs(cellLon(cell) - lon) % 360;
      if (dlon > 180) dlon = 360 - dlon;
      const dx = dlon * kmPerDegLat * Math.cos((lat * Math.PI) / 180);
      if (Math.hypot(dx, dy) <= radius) out.add(cell);
    }
  return Int32Array.from([...out].sort((a, b) => a - b));
}

/**
 * Where a raster sits on the lattice: the lattice row and column of its top-left cell. Throws a
 * one-line error naming the file unless it is north-up, geographic, with 0.5° cells aligned to the lattice.
 */
export function latticeOffset(grid: Grid, source: string): { row: number; col: number } {
  const [x0, dx, rx, y0, ry, dy] = grid.geotransform;
  const near = (a: number, b: number) => Math.abs(a - b) < 1e-6;
  if (grid.crs && grid.crs.epsg !== null && grid.crs.epsg !== 4326)
    throw new Error(`${source}: CRS is EPSG:${grid.crs.epsg}; cwsc grids are on the 0.5° WGS 84 lattice (EPSG:4326)`);
  if (!near(rx, 0) || !near(ry, 0) || !near(dx, LATTICE.cell) || !near(dy, -LATTICE.cell))
    throw new Error(`${source}: cells are ${dx}° × ${-dy}°${rx || ry ? " and rotated" : ""}; expected a north-up grid of 0.5° cells (the 0.5° lattice)`);
  const col = (x0 - LATTICE.west) / LATTICE.cell;
  const row = (LATTICE.north - y0) / LATTICE.cell;
  if (!near(col, Math.round(col)) || !near(row, Math.round(row)))
    throw new Error(`${source}: the grid's corner (${x0}, ${y0}) is not on the 0.5° lattice (corners at multiples of 0.5°)`);
  const r = Math.round(row);
  const c = Math.round(col);
  if (r < 0 || c < 0 || r + grid.height > LATTICE.height || c + grid.width > LATTICE.width)
    throw new Error(`${source}: the grid (${grid.width} × ${grid.height} cells from (${x0}, ${y0})) reaches beyond the globe's 0.5° lattice`);
  return { row: r, col: c };
}

/** One band of a raster placed on the whole lattice as Float32 with NaN where it has no valid value. */
export function bandOnLattice(r: Raster, band: number, source: string): Float32Array {
  const { row, col } = latticeOffset(r, source);
  const b = r.bands[band];
  const out = new Float32Array(LATTICE_CELLS).fill(NaN);
  for (let y = 0; y < r.height; y++)
    for (let x = 0; x < r.width; x++) {
      const v = b.data[y * r.width + x];
      if (isValid(v, b.nodata)) out[(row + y) * LATTICE.width + col + x] = v;
    }
  return out;
}
