// `catchment design` (and `design experiment`) on the capability shape.
import type { Command } from "commander";
import { designSchema } from "../design/config.js";
import { designPrepared, prepareDesign } from "../design/design.js";
import { writeDesign } from "../design/outputs.js";
import { checkLine } from "../design/check.js";
import { prepareOutputFolder } from "../flood/outputs.js";
import { progressBar } from "../train/progress.js";
import { watchInterrupt } from "../util/interrupt.js";
import { addCapabilityCommand, listOption, numberOption } from "./capability.js";
import { registerDesignExperiment } from "./design-experiment.js";

export function registerDesign(program: Command): void {
  const cmd = addCapabilityCommand(program, {
    name: "design",
    description: "lower the predicted flood hazard in an area of interest by gradient descent on the terrain (and/or buildings) through the surrogate, within constraints; checked by simulating both layouts",
    schema: designSchema,
    config: "optional",
    pathKeys: ["dem", "buildings", "model", "aoi", "protect.*", "out"],
    notPath: (v) => v === "buildings" || /^\s*hr\s*>/i.test(v),
    common: ["threads", "device"],
    options: [
      { flags: "--dem <raster>", description: "DEM (ground) at the model's cell size, projected CRS in metres" },
      { flags: "--buildings <vector|raster>", description: "footprints or heights, as flood simulate reads them" },
      { flags: "--buildings-where <sql>", description: "filter for the footprints" },
      { flags: "--building-height-attribute <field>", description: "footprint attribute with heights" },
      { flags: "--building-height <m>", description: "height of footprints without one and of new building cells (default: the model's scenario)", parse: numberOption("--building-height") },
      { flags: "--model <dir>", description: "a surrogate model folder (default: the shipped models/surrogate)" },
      { flags: "--aoi <polygon|raster|hr>T>", description: "area of interest: a polygon file, a 0/1 raster, or hr>0.1 (cells whose predicted HR exceeds 0.1; default)" },
      { flags: "--modify <what>", description: "terrain (default), buildings or both" },
      { flags: "--mode <mode>", description: "iterative (default; the AOI recomputed each iteration) or one-step" },
      { flags: "--step <m>", description: "one-step: the largest change of the step (default 0.5)", parse: numberOption("--step") },
      { flags: "--iterations <n>", description: "iterative: at most this many (default 200)", parse: numberOption("--iterations", { integer: true, min: 1 }) },
      { flags: "--clip <m>", description: "iterative: largest change per cell and iteration (default 0.1)", parse: numberOption("--clip") },
      { flags: "--protect <list>", description: "cells that must not change: polygon files, 0/1 rasters, or buildings (every building cell, its ground and height); comma-separated", parse: listOption },
      { flags: "--max-change <m>", description: "largest change of any cell (m)", parse: numberOption("--max-change") },
      { flags: "--budget <m3>", description: "earthwork budget, cut plus fill (m³)", parse: numberOption("--budget") },
      { flags: "--balance", description: "balance cut and fill (net volume zero)" },
      { flags: "--smoothness <m>", description: "length over which each step is smoothed, in metres (default 12; 0 = cell by cell)", parse: numberOption("--smoothness", { min: 0 }) },
      { flags: "--no-check", description: "do not re-simulate the original and the design" },
      { flags: "--out <dir>", description: "output folder (may exist; written only when the design is done)" },
    ],
    run(cfg, ctx) {
      const t0 = performance.now();
      const inputs = prepareDesign(cfg, ctx.device);
      prepareOutputFolder(cfg.out);
      const total = cfg.mode === "one-step" ? 1 : cfg.iterations;
      const bar = progressBar(`design ${cfg.mode}`, total);
      const interrupt = watchInterrupt("stopping after this iteration; the design so far is kept and checked");
      let r;
      try {
        r = designPrepared(
          cfg,
          inputs,
          {
            device: ctx.device,
            threads: ctx.threads,
            shouldStop: () => interrupt.requested,
            onIteration: (it) => bar.update(it.iteration, { "mean HR": it.objective.toFixed(4), AOI: it.aoi_cells, "cut m3": it.cut_m3.toFixed(0), "fill m3": it.fill_m3.toFixed(0) }),
            onCheckProgress: (what) => process.stderr.write(`${what}\n`),
          },
          t0,
        );
      } finally {
        bar.stop();
        interrupt.release();
      }
      const report = writeDesign(cfg.out, cfg, r) as { predicted: { mean_hr_aoi_before: number; mean_hr_aoi_after: number; change_pct: number } };
      for (const note of inputs.notes) process.stderr.write(`note: ${note}\n`);
      const p = report.predicted;
      console.log(
        `${cfg.out}: ${r.outcome.history.length} iteration${r.outcome.history.length === 1 ? "" : "s"} (${r.outcome.stopped}), cut ${r.constraints.cut_m3.toFixed(1)} m³, fill ${r.constraints.fill_m3.toFixed(1)} m³, max |Δz| ${r.constraints.max_abs_change_m.toFixed(3)} m, constraints ${r.constraints.all_hold ? "hold" : "VIOLATED"}; predicted mean HR in the AOI ${p.mean_hr_aoi_before.toFixed(4)} → ${p.mean_hr_aoi_after.toFixed(4)} (${p.change_pct.toFixed(1)} %)`,
      );
      if (r.check) console.log(checkLine(r.check));
    },
  });
  registerDesignExperiment(cmd);
}
