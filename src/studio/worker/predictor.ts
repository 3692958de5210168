// The predictor: one long-lived process that holds the surrogate and answers the page's quick
// questions (open a DEM and buildings: check, predict, draw; the cells above an HR threshold)
// without blocking the server. Warmed up at start, so that the first answer is as quick as the rest.
import { join } from "node:path";
import { Grid } from "../../geo/index.js";
import { loadSurrogateModel, SurrogateModel } from "../../surrogate/model-file.js";
import { predictPrepared } from "../../surrogate/predict.js";
import { setNumThreads } from "../../torch/index.js";
import { writeFileAtomic } from "../../util/atomic-write.js";
import { hrMask, openProject, ProjectFiles } from "../project.js";
import { maskPng } from "../render.js";

export type PredictorRequest =
  | { id: number; type: "open"; files: ProjectFiles; dir: string; maxCells: number }
  | { id: number; type: "aoi"; dir: string; threshold: number; name: string };

interface Opened {
  grid: Grid;
  hr: Float32Array;
  blocked: Uint8Array;
}

const model: SurrogateModel = loadSurrogateModel(process.env.STUDIO_MODEL as string, process.env.STUDIO_DEVICE ?? "cpu");
const device = process.env.STUDIO_DEVICE ?? "cpu";
setNumThreads(Number(process.env.CATCHMENT_THREADS) || 1);

// the first forward pass sets up the engine's kernels (about a second); do it before anyone waits
{
  const P = model.meta.scenario.patch_size;
  const n = P * P;
  predictPrepared(model, { grid: { width: P, height: P, geotransform: [0, model.meta.scenario.cell_size_m, 0, 0, 0, -model.meta.scenario.cell_size_m], crs: null }, ground: new Float32Array(n), buildings: new Float32Array(n), blocked: new Uint8Array(n), notes: [] }, { device });
}

const opened = new Map<string, Opened>();

function handle(msg: PredictorRequest): unknown {
  if (msg.type === "open") {
    const o = openProject(model, msg.files, msg.dir, msg.maxCells, device);
    opened.set(msg.dir, { grid: o.grid, hr: o.hr, blocked: o.blocked });
    // keep the latest few projects' predictions
    while (opened.size > 8) opened.delete(opened.keys().next().value as string);
    return o.summary;
  }
  const o = opened.get(msg.dir);
  if (!o) throw new Error("the project is no longer open; open it again");
  const mask = hrMask(o.hr, o.blocked, msg.threshold);
  writeFileAtomic(join(msg.dir, msg.name), maskPng(o.grid, mask, [214, 39, 40]));
  return { cells: mask.reduce((a, v) => a + v, 0), layer: msg.name };
}

process.on("message", (msg: PredictorRequest) => {
  try {
    process.send?.({ id: msg.id, ok: true, result: handle(msg) });
  } catch (e) {
    process.send?.({ id: msg.id, ok: false, error: (e as Error).message });
  }
});
process.send?.({ ready: true, scenario: model.meta.scenario });
process.on("SIGINT", () => {});
process.on("disconnect", () => process.exit(0));
