// From a config to what every step of a run works on: the scenes, their first labels, which pixels
// may be trained on and which are judged.
import { readRaster } from "../geo/io.js";
import { Raster, sameGrid } from "../geo/raster.js";
import { WaterConfig, modelBands } from "./config.js";
import { indexLabels } from "./indices.js";
import { decodeQa, qaLabels, qaProduct, LABEL, Confidence } from "./qa.js";
import { Scene, loadScene, loadSeries } from "./scene.js";
import { testBlocks } from "./split.js";

export interface Prepared {
  kind: "scene" | "series";
  bands: string[];
  scenes: Scene[];
  /** first labels per scene (1 water, 0 land, 255 none) */
  labels: Uint8Array[];
  /** scenes whose labels are trained on (and corrected) */
  train: number[];
  /** scenes judged against the reference */
  test: number[];
  /** per scene: 1 where the pixel may be trained on (null: everywhere) */
  trainMask: (Uint8Array | null)[];
  /** per scene: 1 where the pixel is judged (null: everywhere) */
  testMask: (Uint8Array | null)[];
}

function qaLabelsOf(cfg: WaterConfig, values: ArrayLike<number>, nodata: number | null, source: string): Uint8Array {
  if (cfg.labels.source !== "qa") throw new Error("internal: QA labels without labels.source qa");
  const product = qaProduct(cfg.labels.product);
  try {
    return qaLabels(product, decodeQa(product, values, { minConfidence: cfg.labels.min_confidence as Confidence, nodata }));
  } catch (e) {
    throw new Error(`${source}: ${(e as Error).message}`);
  }
}

function checkBothClasses(labels: Uint8Array[], masks: (Uint8Array | null)[], what: string): void {
  let water = 0;
  let land = 0;
  labels.forEach((l, k) => {
    const m = masks[k];
    for (let i = 0; i < l.length; i++) {
      if (m && !m[i]) continue;
      if (l[i] === LABEL.water) water++;
      else if (l[i] === LABEL.land) land++;
    }
  });
  if (water === 0 || land === 0)
    throw new Error(`${what}: the first labels have only one class in the training area (${water} water, ${land} non-water pixels); the CNN needs both`);
}

export function prepare(cfg: WaterConfig): Prepared {
  const bands = modelBands(cfg);
  if (cfg.scene) {
    const raster = loadScene(cfg.scene);
    let labels: Uint8Array;
    if (cfg.labels.source === "index") labels = indexLabels(cfg, raster, cfg.labels.water, cfg.labels.land);
    else {
      const qaPath = cfg.scene.qa as string;
      const qa = readRaster(qaPath);
      if (!sameGrid(qa, raster)) throw new Error(`${qaPath}: its grid (${qa.width}x${qa.height}) is not the scene's (${raster.width}x${raster.height} on the grid of ${cfg.scene.grid ?? bands[0]})`);
      labels = qaLabelsOf(cfg, qa.bands[0].data, qa.bands[0].nodata, qaPath);
    }
    const test = testBlocks(raster.width, raster.height, cfg.split.block_size, cfg.split.test_fraction, cfg.split.seed);
    const train = Uint8Array.from(test, (t) => 1 - t);
    checkBothClasses([labels], [train], "scene");
    return { kind: "scene", bands, scenes: [{ id: "scene", raster }], labels: [labels], train: [0], test: [0], trainMask: [train], testMask: [test] };
  }
  const s = cfg.series as NonNullable<WaterConfig["series"]>;
  const data = loadSeries(s);
  const labels = data.qa.map((b, t) => qaLabelsOf(cfg, b.data, b.nodata, `${s.qa} band ${t + 1}`));
  const train = data.test.flatMap((isTest, t) => (isTest ? [] : [t]));
  const test = data.test.flatMap((isTest, t) => (isTest ? [t] : []));
  if (test.length === 0) throw new Error(`${s.qa}: ${data.dates.length} dates leave none for testing with test_every ${s.test_every}`);
  checkBothClasses(train.map((t) => labels[t]), train.map(() => null), s.qa);
  return { kind: "series", bands, scenes: data.scenes, labels, train, test, trainMask: data.scenes.map(() => null), testMask: data.scenes.map(() => null) };
}

export function sceneGrid(p: Prepared): Raster {
  return p.scenes[0].raster;
}
