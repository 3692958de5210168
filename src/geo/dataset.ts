// A raster dataset that carries its grid, CRS and bounds and reads windows lazily through GDAL:
// nothing is read until a window is asked for, and then only that window. One file, several files
// stacked as bands (those off the first file's grid are warped onto it on the fly by a GDAL warped
// VRT), or a raster already in memory. Samples are typed arrays; tensors live above geo.
import { gdal, Dataset, RasterBand } from "./gdal.js";
import { openRaster, gridOf, bandName } from "./io.js";
import { describeCrs, sameCrs, srsOf } from "./crs.js";
import { BandArray, Crs, GdalType, Grid, Raster, arrayFor, bounds, cellSize, isValid, sameGrid } from "./raster.js";
import { Window } from "./patches.js";
import { Resampling } from "./warp.js";
import { Bounds, GeoWindow, geoWindow, offsetGeotransform } from "./windows.js";
import { RunningStats } from "../util/running-stats.js";
import { BandNormalization } from "./patches.js";

export interface DatasetBand {
  name: string;
  type: GdalType;
  nodata: number | null;
}

/** One band of a sample is a [height, width] block of `data`. */
export interface Sample {
  window: GeoWindow;
  bands: string[];
  /** [channels, height, width] */
  shape: [number, number, number];
  /** row-major, band after band; nodata cells hold `fill` (NaN unless given) */
  data: Float32Array;
}

export interface SampleOptions {
  /** value for nodata cells (default NaN) */
  fill?: number;
  /** per-band standardisation (v − mean) / std, applied to valid cells */
  normalization?: BandNormalization[];
}

export interface StackedFile {
  path: string;
  /** name of the band in the dataset (default: the file's band name) */
  name?: string;
  /** 1-based band of the file (default 1) */
  band?: number;
  /** nodata value when the file sets none (e.g. 0 for Sentinel-2 L1C bands) */
  nodata?: number;
  /** resampling when the file is not on the dataset's grid (default bilinear) */
  resampling?: Resampling;
}

interface BandSource extends DatasetBand {
  read(x: number, y: number, w: number, h: number, out: Float32Array | BandArray): void;
}

const gdalResampling: Record<Resampling, string> = { nearest: "near", bilinear: "bilinear", cubic: "cubic", average: "average" };
let vrtCounter = 0;

function fileBand(label: string, band: RasterBand, index: number, name?: string, nodata?: number): BandSource {
  const type = band.dataType as GdalType;
  return {
    name: name ?? bandName(band, index),
    type,
    nodata: nodata ?? band.noDataValue ?? null,
    read: (x, y, w, h, out) => {
      try {
        band.pixels.read(x, y, w, h, out as Float32Array, { data_type: out instanceof Float32Array ? gdal.GDT_Float32 : type });
      } catch (e) {
        throw new Error(`${label}: could not read a ${w}×${h} window at (${x}, ${y}) (${(e as Error).message})`);
      }
    },
  };
}

export class RasterDataset {
  readonly grid: Grid;
  readonly bands: readonly DatasetBand[];
  private readonly sources: BandSource[];
  private readonly handles: Dataset[];
  private readonly memoryFiles: string[];

  private constructor(grid: Grid, sources: BandSource[], handles: Dataset[], memoryFiles: string[] = []) {
    this.grid = grid;
    this.sources = sources;
    this.bands = sources.map(({ name, type, nodata }) => ({ name, type, nodata }));
    this.handles = handles;
    this.memoryFiles = memoryFiles;
    const seen = new Set<string>();
    for (const s of sources) {
      if (seen.has(s.name)) throw new Error(`dataset: band name '${s.name}' is used twice; name the bands`);
      seen.add(s.name);
    }
  }

  /** The bands of one raster file (all, or the 1-based `bands`). */
  static open(path: string, o: { bands?: number[]; names?: string[]; nodata?: number } = {}): RasterDataset {
    const ds = openRaster(path);
    const count = ds.bands.count();
    const wanted = o.bands ?? Array.from({ length: count }, (_, i) => i + 1);
    for (const b of wanted)
      if (!Number.isInteger(b) || b < 1 || b > count) {
        ds.close();
        throw new Error(`${path}: has ${count} band${count === 1 ? "" : "s"}, band ${b} was asked for`);
      }
    if (o.names && o.names.length !== wanted.length) throw new Error(`${path}: ${o.names.length} names for ${wanted.length} bands`);
    const sources = wanted.map((b, i) => fileBand(path, ds.bands.get(b), b, o.names?.[i], o.nodata));
    return new RasterDataset(gridOf(ds), sources, [ds]);
  }

  /**
   * Files stacked as bands on the first file's grid (or `ref`). A file on another grid or in
   * another CRS is warped onto it lazily, window by window, by a GDAL warped VRT.
   */
  static stack(files: StackedFile[], o: { ref?: Grid } = {}): RasterDataset {
    if (files.length === 0) throw new Error("dataset: no files to stack");
    const handles: Dataset[] = [];
    const sources: BandSource[] = [];
    const memoryFiles: string[] = [];
    const release = () => {
      for (const h of [...handles].reverse()) h.close();
      for (const f of memoryFiles) gdal.vsimem.release(f);
    };
    try {
      let ref = o.ref;
      for (const f of files) {
        let ds = openRaster(f.path);
        handles.push(ds);
        const grid = gridOf(ds);
        ref ??= grid;
        const band = f.band ?? 1;
        if (!Number.isInteger(band) || band < 1 || band > ds.bands.count()) throw new Error(`${f.path}: has ${ds.bands.count()} band(s), band ${band} was asked for`);
        if (!sameGrid(grid, ref) || !sameCrs(grid.crs, ref.crs)) {
          if (!grid.crs && ref.crs) throw new Error(`${f.path}: has no CRS, so it cannot be placed on the dataset's grid (${describeCrs(ref.crs)})`);
          const name = f.name ?? bandName(ds.bands.get(band), band);
          const memory = (kind: string) => {
            const path = `/vsimem/catchment-dataset-${process.pid}-${vrtCounter++}-${kind}.vrt`;
            memoryFiles.push(path);
            return path;
          };
          // GDAL 3.6's warper takes every band: a VRT of the one band first
          if (ds.bands.count() > 1) {
            ds = gdal.translate(memory("band"), ds, ["-of", "VRT", "-b", String(band)]);
            handles.push(ds);
          }
          const [x0, y0, x1, y1] = bounds(ref);
          const args = ["-of", "VRT", "-te", ...[x0, y0, x1, y1].map(String), "-ts", String(ref.width), String(ref.height), "-r", gdalResampling[f.resampling ?? "bilinear"]];
          if (ref.crs) args.push("-t_srs", ref.crs.epsg ? `EPSG:${ref.crs.epsg}` : srsOf(ref.crs).toWKT());
          if (f.nodata !== undefined) args.push("-srcnodata", String(f.nodata));
          ds = gdal.warp(memory("warp"), null, [ds], args);
          handles.push(ds);
          sources.push(fileBand(f.path, ds.bands.get(1), band, name, f.nodata));
        } else sources.push(fileBand(f.path, ds.bands.get(band), band, f.name, f.nodata));
      }
      return new RasterDataset({ ...ref!, geotransform: [...ref!.geotransform] }, sources, handles, memoryFiles);
    } catch (e) {
      release();
      throw e;
    }
  }

  /** A raster in memory read through the same interface (e.g. a generated terrain). */
  static fromRaster(r: Raster): RasterDataset {
    const sources: BandSource[] = r.bands.map((b) => {
      if (b.data.length !== r.width * r.height) throw new Error(`dataset: band '${b.name}' has ${b.data.length} values for a ${r.width}×${r.height} grid`);
      return {
        name: b.name,
        type: b.type,
        nodata: b.nodata,
        read: (x, y, w, h, out) => {
          for (let row = 0; row < h; row++) {
            const start = (y + row) * r.width + x;
            for (let c = 0; c < w; c++) out[row * w + c] = b.data[start + c];
          }
        },
      };
    });
    return new RasterDataset({ width: r.width, height: r.height, geotransform: [...r.geotransform], crs: r.crs }, sources, []);
  }

  get crs(): Crs | null {
    return this.grid.crs;
  }

  get bounds(): Bounds {
    return bounds(this.grid);
  }

  /** pixel size [x, y] in CRS units */
  get resolution(): [number, number] {
    return cellSize(this.grid);
  }

  private check(w: Window): GeoWindow {
    return geoWindow(this.grid, w.x, w.y, w.size);
  }

  /** The window's pixels in their own types, as a raster with the window's geotransform. */
  read(w: Window): Raster {
    this.check(w);
    const bands = this.sources.map((s) => {
      const data = arrayFor(s.type, w.size * w.size);
      s.read(w.x, w.y, w.size, w.size, data);
      return { name: s.name, type: s.type, nodata: s.nodata, data };
    });
    return { width: w.size, height: w.size, geotransform: offsetGeotransform(this.grid.geotransform, w.x, w.y), crs: this.grid.crs, bands };
  }

  /** The window as Float32 [bands, size, size]. */
  sample(w: Window, o: SampleOptions = {}): Sample {
    const gw = this.check(w);
    const n = w.size * w.size;
    const data = new Float32Array(this.sources.length * n);
    this.readInto(gw, data, o);
    return { window: gw, bands: this.sources.map((s) => s.name), shape: [this.sources.length, w.size, w.size], data };
  }

  /** Samples one at a time, each read when it is reached. */
  *samples(windows: Iterable<Window>, o: SampleOptions = {}): Generator<Sample> {
    for (const w of windows) yield this.sample(w, o);
  }

  /** A batch [N, bands, size, size] of same-sized windows. */
  batch(windows: Window[], o: SampleOptions = {}): { data: Float32Array; shape: [number, number, number, number] } {
    const size = windows[0]?.size ?? 0;
    const C = this.sources.length;
    const data = new Float32Array(windows.length * C * size * size);
    windows.forEach((w, k) => {
      if (w.size !== size) throw new RangeError(`batch: window ${k} is ${w.size} pixels, the first is ${size}; a batch needs one size`);
      this.readInto(this.check(w), data.subarray(k * C * size * size, (k + 1) * C * size * size), o);
    });
    return { data, shape: [windows.length, C, size, size] };
  }

  /** Mean and standard deviation of each band over the valid cells of the windows (the training windows), read window by window. */
  fitNormalization(windows: Iterable<Window>): BandNormalization[] {
    const stats = this.sources.map(() => new RunningStats());
    for (const w of windows) {
      const r = this.read(w);
      r.bands.forEach((b, c) => {
        for (let i = 0; i < b.data.length; i++) if (isValid(b.data[i], b.nodata)) stats[c].add(b.data[i]);
      });
    }
    return this.sources.map((s, c) => {
      if (stats[c].count === 0) throw new Error(`band '${s.name}': no valid cell in the windows to compute normalization statistics from`);
      return { name: s.name, mean: stats[c].mean, std: stats[c].std > 0 ? stats[c].std : 1 };
    });
  }

  close(): void {
    // warped VRTs before the files they read
    for (const h of [...this.handles].reverse()) h.close();
    for (const f of this.memoryFiles) gdal.vsimem.release(f);
    this.handles.length = 0;
    this.memoryFiles.length = 0;
  }

  private readInto(w: GeoWindow, out: Float32Array, o: SampleOptions): void {
    const n = w.size * w.size;
    const norm = o.normalization;
    if (norm && (norm.length !== this.sources.length || norm.some((x, i) => x.name !== this.sources[i].name)))
      throw new Error(`normalization is for bands [${norm.map((x) => x.name).join(", ")}], the dataset has [${this.sources.map((s) => s.name).join(", ")}]`);
    const fill = o.fill ?? NaN;
    this.sources.forEach((s, c) => {
      const part = out.subarray(c * n, (c + 1) * n);
      s.read(w.x, w.y, w.size, w.size, part);
      const nd = s.nodata;
      const mean = norm ? norm[c].mean : 0;
      const std = norm ? norm[c].std : 1;
      // nodata compared in the band's own type: a Float32 copy of e.g. -3.4e38 would not equal it
      const ndF = nd === null ? null : Math.fround(nd);
      for (let i = 0; i < n; i++) {
        const v = part[i];
        part[i] = Number.isNaN(v) || v === ndF ? fill : (v - mean) / std;
      }
    });
  }
}
