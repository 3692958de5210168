// Tiles for large areas (seed 001): a degree grid (0.135° by default, so that a tile exported at 30 m
// in EPSG:4326 stays under Earth Engine's 512 x 512 pixels per request) over an area of interest;
// local rasters cut into those tiles through GDAL windows (the tile's footprint reprojected into the
// raster's CRS, pixels left as they are); and an Earth Engine script that exports the same tiles.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gdal } from "../geo/gdal.js";
import { openVector } from "../geo/vector.js";
import { openRaster, gridOf, readRaster, writeRaster } from "../geo/io.js";
import { srsOf, crsOf } from "../geo/crs.js";
import { alignTo, Resampling } from "../geo/warp.js";

/** Metres per degree of longitude at the equator, as Earth Engine converts a scale to degrees in EPSG:4326. */
export const METRES_PER_DEGREE = 111319.49079327357;
const A = 6378137;
const E2 = 0.00669437999014;

export interface Tile {
  id: string;
  col: number;
  row: number;
  west: number;
  south: number;
  east: number;
  north: number;
  /** pixels per side when exported in EPSG:4326 at the resolution (scale / 111319.49 m per degree) */
  pixels_epsg4326: number;
  /** ground size on the WGS84 ellipsoid, and pixels at the resolution in a metric CRS */
  width_m: number;
  height_m: number;
  width_px: number;
  height_px: number;
}

export interface Aoi {
  /** in lon/lat (OGC:CRS84) */
  geometry: InstanceType<typeof gdal.Geometry>;
  bbox: [number, number, number, number];
  source: string;
}

const lonLat = () => gdal.SpatialReference.fromUserInput("OGC:CRS84");

/** `w,s,e,n` in degrees, or a vector file whose features (any CRS) make the area. */
export function parseAoi(text: string): Aoi {
  const nums = text.split(",").map((s) => s.trim());
  if (nums.length === 4 && nums.every((s) => s !== "" && Number.isFinite(Number(s)))) {
    const [w, s, e, n] = nums.map(Number);
    if (w > e) throw new Error(`--aoi ${text}: west ${w} is east of east ${e}: the box crosses the antimeridian; split it into two boxes, one on each side of ±180°`);
    if (!(w < e && s < n)) throw new Error(`--aoi ${text}: the box is empty (expected west < east and south < north)`);
    if (w < -180 || e > 180 || s < -90 || n > 90) throw new Error(`--aoi ${text}: outside [-180, 180] x [-90, 90] degrees`);
    const g = gdal.Geometry.fromWKT(`POLYGON((${w} ${s}, ${e} ${s}, ${e} ${n}, ${w} ${n}, ${w} ${s}))`);
    return { geometry: g, bbox: [w, s, e, n], source: text };
  }
  if (!existsSync(text)) throw new Error(`--aoi ${text}: neither a box w,s,e,n nor an existing vector file`);
  const ds = openVector(text);
  const layer = ds.layers.get(0);
  const union = new gdal.MultiPolygon();
  let parts = 0;
  const to = layer.srs ? new gdal.CoordinateTransformation(layer.srs, lonLat()) : null;
  for (const f of layer.features) {
    const g = f.getGeometry();
    if (!g || g.isEmpty()) continue;
    const c = g.clone();
    if (to) c.transform(to);
    const type = c.wkbType;
    if (type === gdal.wkbPolygon || type === gdal.wkbPolygon25D) {
      union.children.add(c as InstanceType<typeof gdal.Polygon>);
      parts++;
    } else if (type === gdal.wkbMultiPolygon || type === gdal.wkbMultiPolygon25D) {
      for (const p of (c as InstanceType<typeof gdal.MultiPolygon>).children) {
        union.children.add(p);
        parts++;
      }
    } else throw new Error(`${text}: feature ${f.fid} is a ${c.name}, not a polygon; an area of interest is made of polygons`);
  }
  ds.close();
  if (parts === 0) throw new Error(`${text}: the area of interest is empty (no polygon)`);
  const env = union.getEnvelope();
  if (!(env.maxX > env.minX && env.maxY > env.minY)) throw new Error(`${text}: the area of interest is empty (zero area)`);
  if (env.maxX - env.minX > 180)
    throw new Error(`${text}: the area spans ${(env.maxX - env.minX).toFixed(1)}° of longitude, so it crosses the antimeridian (or wraps half the globe); split it at ±180°`);
  return { geometry: union, bbox: [env.minX, env.minY, env.maxX, env.maxY], source: text };
}

/** Metres along the meridian between two latitudes, and along the parallel per degree at a latitude (WGS84). */
function meridianMetres(lat0: number, lat1: number): number {
  const steps = 16;
  let s = 0;
  for (let i = 0; i < steps; i++) {
    const phi = ((lat0 + ((i + 0.5) * (lat1 - lat0)) / steps) * Math.PI) / 180;
    s += (A * (1 - E2)) / Math.pow(1 - E2 * Math.sin(phi) ** 2, 1.5);
  }
  return (s / steps) * (((lat1 - lat0) * Math.PI) / 180);
}
function parallelMetresPerDegree(lat: number): number {
  const phi = (lat * Math.PI) / 180;
  return ((A * Math.cos(phi)) / Math.sqrt(1 - E2 * Math.sin(phi) ** 2)) * (Math.PI / 180);
}

export function gridTiles(aoi: Aoi, size = 0.135, resolution = 30): Tile[] {
  if (!(size > 0 && size <= 10)) throw new Error(`--size: expected degrees in (0, 10], got ${size}`);
  if (!(resolution > 0)) throw new Error(`--resolution: expected metres > 0, got ${resolution}`);
  const [w, s, e, n] = aoi.bbox;
  const c0 = Math.floor((w + 180) / size);
  const c1 = Math.ceil((e + 180) / size) - 1;
  const r0 = Math.floor((90 - n) / size);
  const r1 = Math.ceil((90 - s) / size) - 1;
  const tiles: Tile[] = [];
  const round = (v: number) => Number(v.toFixed(10));
  for (let row = r0; row <= r1; row++)
    for (let col = c0; col <= c1; col++) {
      const west = round(-180 + col * size);
      const east = round(Math.min(180, -180 + (col + 1) * size));
      const north = round(90 - row * size);
      const south = round(Math.max(-90, 90 - (row + 1) * size));
      const rect = gdal.Geometry.fromWKT(`POLYGON((${west} ${south}, ${east} ${south}, ${east} ${north}, ${west} ${north}, ${west} ${south}))`);
      if (!rect.intersects(aoi.geometry)) continue;
      const mid = (north + south) / 2;
      const width_m = parallelMetresPerDegree(mid) * (east - west);
      const height_m = meridianMetres(south, north);
      tiles.push({
        id: `r${row}_c${col}`,
        col,
        row,
        west,
        south,
        east,
        north,
        pixels_epsg4326: Math.ceil(((east - west) * METRES_PER_DEGREE) / resolution),
        width_m: Math.round(width_m),
        height_m: Math.round(height_m),
        width_px: Math.ceil(width_m / resolution),
        height_px: Math.ceil(height_m / resolution),
      });
    }
  return tiles;
}

export function tilesGeoJson(tiles: Tile[], size: number, resolution: number): string {
  return JSON.stringify(
    {
      type: "FeatureCollection",
      name: `tiles_${size}deg`,
      properties: { size_degrees: size, resolution_m: resolution },
      features: tiles.map((t) => ({
        type: "Feature",
        properties: t,
        geometry: { type: "Polygon", coordinates: [[[t.west, t.south], [t.east, t.south], [t.east, t.north], [t.west, t.north], [t.west, t.south]]] },
      })),
    },
    null,
    1,
  );
}

export interface CutResult {
  tile: string;
  file: string;
  window: { x: number; y: number; width: number; height: number };
}

/**
 * The tiles as rasters in EPSG:4326 (the grid Earth Engine exports them on): the source reprojected
 * by GDAL's warper at `resolution` metres (resolution / 111319.49 degrees per pixel).
 */
export function warpToTiles(path: string, tiles: Tile[], outDir: string, resolution: number, resampling: Resampling = "bilinear"): CutResult[] {
  const deg = resolution / METRES_PER_DEGREE;
  const crs = crsOf(gdal.SpatialReference.fromEPSG(4326));
  const out: CutResult[] = [];
  for (const t of tiles) {
    const width = Math.max(1, Math.round((t.east - t.west) / deg));
    const height = Math.max(1, Math.round((t.north - t.south) / deg));
    const grid = { width, height, geotransform: [t.west, (t.east - t.west) / width, 0, t.north, 0, -(t.north - t.south) / height] as [number, number, number, number, number, number], crs };
    let r;
    try {
      r = alignTo(path, grid, { resampling });
    } catch (e) {
      if (/does not intersect/.test((e as Error).message)) continue;
      throw e;
    }
    const file = join(outDir, `${t.id}.tif`);
    writeRaster(file, r);
    out.push({ tile: t.id, file, window: { x: 0, y: 0, width, height } });
  }
  return out;
}

/** Cuts a raster (any CRS) into the tiles it overlaps, one GeoTIFF per tile, through GDAL windows. */
export function cutRaster(path: string, tiles: Tile[], outDir: string): CutResult[] {
  const ds = openRaster(path);
  const grid = gridOf(ds);
  ds.close();
  if (!grid.crs) throw new Error(`${path}: has no CRS, so degree tiles cannot be placed on it`);
  const [x0, dx, , y0, , dy] = grid.geotransform;
  if (grid.geotransform[2] !== 0 || grid.geotransform[4] !== 0) throw new Error(`${path}: a rotated geotransform; warp it north-up first`);
  const to = new gdal.CoordinateTransformation(lonLat(), srsOf(grid.crs));
  const out: CutResult[] = [];
  let lastError: unknown = null;
  for (const t of tiles) {
    // the tile's outline, densified, in the raster's CRS
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i <= 20; i++) {
      const f = i / 20;
      for (const [lon, lat] of [[t.west + f * (t.east - t.west), t.south], [t.west + f * (t.east - t.west), t.north], [t.west, t.south + f * (t.north - t.south)], [t.east, t.south + f * (t.north - t.south)]]) {
        try {
          const p = to.transformPoint(lon, lat);
          if (Number.isFinite(p.x) && Number.isFinite(p.y)) {
            xs.push(p.x);
            ys.push(p.y);
          }
        } catch (e) {
          lastError = e; // outside the projection's domain
        }
      }
    }
    if (xs.length === 0) continue;
    const cols = [(Math.min(...xs) - x0) / dx, (Math.max(...xs) - x0) / dx];
    const rows = [(Math.min(...ys) - y0) / dy, (Math.max(...ys) - y0) / dy];
    const cx0 = Math.max(0, Math.floor(Math.min(...cols)));
    const cx1 = Math.min(grid.width, Math.ceil(Math.max(...cols)));
    const ry0 = Math.max(0, Math.floor(Math.min(...rows)));
    const ry1 = Math.min(grid.height, Math.ceil(Math.max(...rows)));
    if (cx1 <= cx0 || ry1 <= ry0) continue;
    const window = { x: cx0, y: ry0, width: cx1 - cx0, height: ry1 - ry0 };
    const file = join(outDir, `${t.id}.tif`);
    writeRaster(file, readRaster(path, { window }));
    out.push({ tile: t.id, file, window });
  }
  if (out.length === 0 && lastError) throw new Error(`${path}: no tile corner could be transformed from longitude/latitude to the raster's CRS (${lastError instanceof Error ? lastError.message : String(lastError)})`);
  return out;
}

export interface EeTilesScriptOptions {
  collection: string;
  start: string;
  end: string;
  bands?: string[];
  scale: number;
  folder: string;
}

/** A Code Editor script exporting a clear-sky median of the collection for each tile to Drive. */
export function eeTilesScript(tiles: Tile[], o: EeTilesScriptOptions): string {
  return `// Exports the ${tiles.length} tiles of \`catchment water tiles\` from ${o.collection} (${o.start} to ${o.end}),
// the median of each tile's images, at ${o.scale} m in EPSG:4326, one GeoTIFF per tile to Drive folder '${o.folder}'.
// Run it in the Earth Engine Code Editor with an account that has access to the collection.
var TILES = ${JSON.stringify(tiles.map((t) => [t.id, t.west, t.south, t.east, t.north]))};
var COLLECTION = ${JSON.stringify(o.collection)};
var BANDS = ${JSON.stringify(o.bands ?? null)};
TILES.forEach(function (t) {
  var region = ee.Geometry.Rectangle([t[1], t[2], t[3], t[4]], null, false);
  var images = ee.ImageCollection(COLLECTION).filterBounds(region).filterDate(${JSON.stringify(o.start)}, ${JSON.stringify(o.end)});
  var image = images.median();
  if (BANDS) image = image.select(BANDS);
  Export.image.toDrive({
    image: image.clip(region),
    description: 'tile_' + t[0],
    folder: ${JSON.stringify(o.folder)},
    fileNamePrefix: t[0],
    region: region,
    scale: ${o.scale},
    crs: 'EPSG:4326',
    maxPixels: 1e9
  });
});
`;
}
