import type { Command } from "commander";
import { resolve } from "node:path";
import { basename, extname } from "node:path";
import {
  Raster,
  alignTo,
  buildStack,
  cellSize,
  formatInfo,
  readGrid,
  rasterInfo,
  rasterize,
  readRaster,
  writeRaster,
  normalizedDifference,
  SpectralIndex,
  Resampling,
  StackInput,
  isValid,
} from "../geo/index.js";
import { hillshade } from "../viz/hillshade.js";
import { renderRaster } from "../viz/raster-png.js";
import { isColormap } from "../viz/colormap.js";
import { writeFileAtomic } from "../util/atomic-write.js";

const resamplings = ["nearest", "bilinear", "cubic", "average"];

function guardOutput(out: string, inputs: string[]): void {
  if (inputs.some((i) => resolve(i) === resolve(out))) throw new Error(`${out}: the output would overwrite an input; choose another --out`);
}

/** name=path#band, path#band or path */
export function parseStackInput(text: string, resampling: Resampling): StackInput {
  const m = /^(?:([A-Za-z_][\w-]*)=)?(.+?)(?:#(\d+))?$/.exec(text);
  if (!m) throw new Error(`stack input '${text}': expected [name=]path[#band]`);
  const path = m[2];
  return { name: m[1] ?? basename(path, extname(path)), path, band: m[3] ? Number(m[3]) : undefined, resampling };
}

export function registerRaster(program: Command): void {
  const raster = program.command("raster").description("raster files: inspect, align and stack, rasterize vectors, render maps");

  raster
    .command("info <file>")
    .description("size, bands, CRS, geotransform, nodata and statistics computed from the pixels")
    .option("--json", "one JSON object")
    .action((file: string, o: { json?: boolean }) => {
      const info = rasterInfo(file);
      console.log(o.json ? JSON.stringify(info) : formatInfo(info));
    });

  raster
    .command("stack <inputs...>")
    .description("resample and reproject inputs ([name=]path[#band]) onto the grid of --ref, in the order given, into one multi-band GeoTIFF")
    .requiredOption("--ref <raster>", "reference grid")
    .requiredOption("--out <tif>", "output GeoTIFF")
    .option("--resampling <method>", resamplings.join("|"), "bilinear")
    .option("--index <spec...>", "add a spectral index from two stacked bands, e.g. ndvi:B08,B04 (nir, red); ndwi: green,nir; mndwi: green,swir1; ndbi: swir1,nir")
    .option("--cog", "write a Cloud-Optimized GeoTIFF")
    .action((inputs: string[], o: { ref: string; out: string; resampling: string; index?: string[]; cog?: boolean }) => {
      if (!resamplings.includes(o.resampling)) throw new Error(`--resampling: expected one of ${resamplings.join(", ")}, got '${o.resampling}'`);
      const parsed = inputs.map((t) => parseStackInput(t, o.resampling as Resampling));
      guardOutput(o.out, [o.ref, ...parsed.map((p) => p.path)]);
      const stack = buildStack(readGrid(o.ref), parsed);
      for (const spec of o.index ?? []) {
        const m = /^(ndvi|ndwi|mndwi|ndbi):([^,]+),([^,]+)$/.exec(spec);
        if (!m) throw new Error(`--index '${spec}': expected KIND:A,B with KIND one of ndvi, ndwi, mndwi, ndbi`);
        const find = (name: string) => {
          const b = stack.bands.find((x) => x.name === name);
          if (!b) throw new Error(`--index '${spec}': no stacked band '${name}'; bands are ${stack.bands.map((x) => x.name).join(", ")}`);
          return b;
        };
        const kind = m[1] as SpectralIndex;
        stack.bands.push(normalizedDifference(find(m[2]), find(m[3]), kind));
      }
      writeRaster(o.out, stack, { cog: o.cog });
      console.log(`${o.out}: ${stack.width}×${stack.height}, bands ${stack.bands.map((b) => b.name).join(", ")}`);
    });

  raster
    .command("rasterize <vector>")
    .description("burn vector features onto the grid of --ref (reprojected on the fly)")
    .requiredOption("--ref <raster>", "reference grid")
    .requiredOption("--out <tif>", "output GeoTIFF")
    .option("--layer <name>", "layer name (default: the first)")
    .option("--where <sql>", "OGR SQL filter, e.g. \"used_in_anuga_run = 1\"")
    .option("--burn <value>", "constant to burn", "1")
    .option("--attribute <field>", "burn this attribute instead (e.g. a building height)")
    .option("--default <value>", "with --attribute: value where the attribute is missing")
    .option("--all-touched", "burn every cell a feature touches")
    .action((vector: string, o: { ref: string; out: string; layer?: string; where?: string; burn: string; attribute?: string; default?: string; allTouched?: boolean }) => {
      guardOutput(o.out, [o.ref, vector]);
      const num = (t: string, what: string) => {
        const v = Number(t);
        if (!Number.isFinite(v)) throw new Error(`${what}: expected a number, got '${t}'`);
        return v;
      };
      const grid = readGrid(o.ref);
      const band = rasterize(
        { path: vector, layer: o.layer, where: o.where },
        grid,
        { burn: num(o.burn, "--burn"), attribute: o.attribute, defaultValue: o.default === undefined ? undefined : num(o.default, "--default"), allTouched: o.allTouched },
      );
      let burned = 0;
      for (const v of band.data) if (v !== 0) burned++;
      writeRaster(o.out, { ...grid, bands: [band] });
      console.log(`${o.out}: ${burned} of ${grid.width * grid.height} cells burned`);
    });

  raster
    .command("render <file>")
    .description("a PNG map of one band with a colormap, optional hillshade, nodata transparent, and a legend")
    .requiredOption("--out <png>", "output PNG")
    .option("--band <n>", "1-based band", "1")
    .option("--colormap <name>", "terrain|depth|velocity|hazard|diverging|gray", "terrain")
    .option("--hillshade <dem>", "draw the hillshade of this DEM (same grid) underneath; use the file itself for a shaded relief")
    .option("--range <lo,hi>", "colour scale range (default: 2nd–98th percentile)")
    .option("--title <text>", "title above the map")
    .option("--units <text>", "legend caption")
    .action((file: string, o: { out: string; band: string; colormap: string; hillshade?: string; range?: string; title?: string; units?: string }) => {
      if (!isColormap(o.colormap)) throw new Error(`--colormap: unknown '${o.colormap}'; expected terrain, depth, velocity, hazard, diverging or gray`);
      const r: Raster = readRaster(file, { bands: [Number(o.band)] });
      let shade: Float32Array | undefined;
      if (o.hillshade) {
        const dem = o.hillshade === file ? r : alignTo(o.hillshade, r, { resampling: "bilinear" });
        const [cx, cy] = cellSize(r);
        const b = dem.bands[0];
        shade = hillshade(b.data, r.width, r.height, cx, cy, (v) => isValid(v, b.nodata));
      }
      let range: [number, number] | undefined;
      if (o.range) {
        const parts = o.range.split(",").map(Number);
        if (parts.length !== 2 || !parts.every(Number.isFinite) || !(parts[1] > parts[0])) throw new Error(`--range: expected lo,hi with lo < hi, got '${o.range}'`);
        range = [parts[0], parts[1]];
      }
      const png = renderRaster(r.bands[0], r.width, r.height, { colormap: o.colormap, title: o.title ?? basename(file), units: o.units ?? r.bands[0].name, range, shade });
      writeFileAtomic(o.out, png);
      console.log(o.out);
    });
}
