// `catchment dem degrade`: a fine DEM file to synthetic global-DEM-like GeoTIFFs (at their own 30 m
// or 90 m cells, named synthetic_<product>.tif) plus the reference on the target grid, and
// degradation.json that records the model, the profiles and the seeds.
import { join } from "node:path";
import { Raster, writeRaster } from "../geo/index.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { GdemName, degradeScene, gdemProfiles, mixSeed } from "./degrade.js";
import { FineDemInput, prepareSource } from "./sources.js";

export interface DegradeFilesOptions {
  dem: FineDemInput;
  cell: number;
  gdems: GdemName[];
  seed: number;
  canopyCover: number;
  out: string;
}

export interface DegradeFilesResult {
  reference: string;
  products: { name: GdemName; path: string; cell: number }[];
  notes: string[];
}

export function degradeFiles(o: DegradeFilesOptions): DegradeFilesResult {
  const p = prepareSource(o.dem, o.cell, []);
  const { width, height, dem } = p.source;
  const variants = degradeScene(dem, width, height, o.gdems.map((g) => gdemProfiles[g]), { seed: o.seed, cell: o.cell, buildings: p.source.buildings, canopyCover: o.canopyCover });
  const [x0, , , y0] = p.grid.geotransform;
  const products = variants.map((v) => {
    const c = v.coarse;
    const size = c.factor * o.cell;
    const raster: Raster = {
      width: c.width,
      height: c.height,
      geotransform: [x0 + c.offsetX * o.cell, size, 0, y0 - c.offsetY * o.cell, 0, -size],
      crs: p.grid.crs,
      bands: [{ name: `synthetic_${v.name}`, type: "Float32", nodata: -9999, data: Float32Array.from(c.data, (z) => (Number.isNaN(z) ? -9999 : z)) }],
    };
    const path = join(o.out, `synthetic_${v.name}.tif`);
    writeRaster(path, raster);
    return { name: v.name, path, cell: size };
  });
  const reference = join(o.out, "reference.tif");
  writeRaster(reference, { ...p.raster, bands: [{ name: "reference", type: "Float32", nodata: -9999, data: Float32Array.from(dem, (z) => (Number.isNaN(z) ? -9999 : z)) }] });
  writeFileAtomic(
    join(o.out, "degradation.json"),
    JSON.stringify(
      {
        synthetic: true,
        note: "SYNTHETIC global-DEM-like products made by catchment's degradation model (src/dem/degrade.ts) from a fine DEM; not real ALOS/ASTER/NASADEM/SRTM data",
        source: o.dem.path,
        cell_m: o.cell,
        seed: o.seed,
        variant_seeds: Object.fromEntries(o.gdems.map((g) => [g, mixSeed(o.seed, gdemProfiles[g].seed)])),
        canopy_cover: o.canopyCover,
        profiles: o.gdems.map((g) => gdemProfiles[g]),
        notes: p.notes,
      },
      null,
      2,
    ) + "\n",
  );
  return { reference, products, notes: p.notes };
}
