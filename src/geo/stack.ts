// Named multi-band stacks on one reference grid, bands in a declared order.
import { Grid, Raster } from "./raster.js";
import { alignTo, Resampling } from "./warp.js";

export interface StackInput {
  name: string;
  path: string;
  /** 1-based band of the file; required when the file has more than one band. */
  band?: number;
  resampling?: Resampling;
}

/** The order of seed 000's DEM-downscaling stacks, by input kind. */
export const downscalingOrder = [
  "global_dem",
  "landsat8_band",
  "landsat8_index",
  "sentinel2_band",
  "sentinel2_index",
  "sentinel1_band",
  "osm_layer",
  "target_dem",
] as const;
export type DownscalingKind = (typeof downscalingOrder)[number];

/** Sorts inputs by kind in seed order, keeping the given order within a kind. */
export function inDownscalingOrder<T extends { kind: DownscalingKind }>(inputs: T[]): T[] {
  return inputs.map((x, i) => [x, i] as const).sort((a, b) => downscalingOrder.indexOf(a[0].kind) - downscalingOrder.indexOf(b[0].kind) || a[1] - b[1]).map(([x]) => x);
}

export function buildStack(ref: Grid, inputs: StackInput[]): Raster {
  const seen = new Set<string>();
  const bands = inputs.map((input) => {
    if (seen.has(input.name)) throw new Error(`stack: band name '${input.name}' is used twice`);
    seen.add(input.name);
    const r = alignTo(input.path, ref, { resampling: input.resampling ?? "bilinear", bands: input.band ? [input.band] : undefined, type: "Float32" });
    if (r.bands.length !== 1) throw new Error(`${input.path}: has ${r.bands.length} bands; say which one to stack as '${input.name}' (band: N)`);
    return { ...r.bands[0], name: input.name };
  });
  return { width: ref.width, height: ref.height, geotransform: [...ref.geotransform], crs: ref.crs, bands };
}
