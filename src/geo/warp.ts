// Resampling and reprojecting rasters onto a reference grid with GDAL's warper.
import { gdal, Dataset } from "./gdal.js";
import { openRaster, gridOf, toDataset, bandName } from "./io.js";
import { describeCrs, srsOf } from "./crs.js";
import { Band, BandArray, GdalType, Grid, Raster, bounds } from "./raster.js";

export type Resampling = "nearest" | "bilinear" | "cubic" | "average";

const resamplingCode: Record<Resampling, string> = {
  nearest: gdal.GRA_NearestNeighbor,
  bilinear: gdal.GRA_Bilinear,
  cubic: gdal.GRA_Cubic,
  average: gdal.GRA_Average,
};

export interface AlignOptions {
  resampling?: Resampling;
  /** 1-based bands of the source; all when omitted. */
  bands?: number[];
  /** Output type; Float32 unless given. Cells outside the source become nodata (NaN for floats). */
  type?: GdalType;
}

/** The reference grid's footprint, transformed from `from`'s CRS, as [minX, minY, maxX, maxY] in `to`'s CRS. */
function transformedBounds(grid: Grid, to: Grid): [number, number, number, number] {
  const [x0, y0, x1, y1] = bounds(grid);
  if (!grid.crs || !to.crs) return [x0, y0, x1, y1];
  const t = new gdal.CoordinateTransformation(srsOf(grid.crs), srsOf(to.crs));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i <= 10; i++) {
    for (const [x, y] of [[x0 + ((x1 - x0) * i) / 10, y0], [x0 + ((x1 - x0) * i) / 10, y1], [x0, y0 + ((y1 - y0) * i) / 10], [x1, y0 + ((y1 - y0) * i) / 10]]) {
      try {
        const p = t.transformPoint(x, y);
        if (Number.isFinite(p.x) && Number.isFinite(p.y)) {
          xs.push(p.x);
          ys.push(p.y);
        }
      } catch {
        /* a point outside the target projection's domain */
      }
    }
  }
  if (xs.length === 0) return [NaN, NaN, NaN, NaN];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function alignTo(source: string | Raster, ref: Grid, o: AlignOptions = {}): Raster {
  const label = typeof source === "string" ? source : "raster";
  const ds: Dataset = typeof source === "string" ? openRaster(source) : toDataset(source);
  try {
    const grid = gridOf(ds);
    const count = ds.bands.count();
    const wanted = o.bands ?? Array.from({ length: count }, (_, i) => i + 1);
    for (const b of wanted) if (b < 1 || b > count) throw new Error(`${label}: has ${count} band${count === 1 ? "" : "s"}, band ${b} was asked for`);
    if (!grid.crs && ref.crs) throw new Error(`${label}: has no CRS, so it cannot be placed on the reference grid (${describeCrs(ref.crs)}); assign one with gdal_edit.py -a_srs`);
    const [ax0, ay0, ax1, ay1] = transformedBounds(grid, ref);
    const [bx0, by0, bx1, by1] = bounds(ref);
    if (!(ax0 < bx1 && ax1 > bx0 && ay0 < by1 && ay1 > by0))
      throw new Error(`${label}: does not intersect the reference grid (its extent in ${describeCrs(ref.crs)} is [${[ax0, ay0, ax1, ay1].map((v) => v.toFixed(1)).join(", ")}], the grid's [${[bx0, by0, bx1, by1].map((v) => v.toFixed(1)).join(", ")}])`);

    const type = o.type ?? "Float32";
    const isFloat = type === "Float32" || type === "Float64";
    const srcNodata = wanted.map((b) => ds.bands.get(b).noDataValue ?? null);
    const dstNodata = srcNodata.map((v) => v ?? (isFloat ? NaN : null));
    const dst = gdal.open("", "w", "MEM", ref.width, ref.height, wanted.length, type);
    dst.geoTransform = ref.geotransform;
    if (ref.crs) dst.srs = srsOf(ref.crs);
    const bands: Band[] = [];
    // one band at a time: each may have its own nodata
    wanted.forEach((b, i) => {
      const out = dst.bands.get(i + 1);
      const nd = dstNodata[i];
      if (nd !== null) {
        out.noDataValue = nd;
        out.fill(nd);
      }
      gdal.reprojectImage({
        src: ds,
        dst,
        s_srs: ds.srs ?? dst.srs ?? gdal.SpatialReference.fromEPSG(4326),
        t_srs: dst.srs ?? ds.srs ?? gdal.SpatialReference.fromEPSG(4326),
        resampling: resamplingCode[o.resampling ?? "bilinear"],
        srcBands: [b],
        dstBands: [i + 1],
        ...(srcNodata[i] !== null ? { srcNodata: srcNodata[i] as number } : {}),
        ...(nd !== null ? { dstNodata: nd } : {}),
      });
      bands.push({ name: bandName(ds.bands.get(b), b), type, nodata: nd, data: out.pixels.read(0, 0, ref.width, ref.height) as BandArray });
    });
    dst.close();
    return { width: ref.width, height: ref.height, geotransform: [...ref.geotransform], crs: ref.crs, bands };
  } finally {
    ds.close();
  }
}
