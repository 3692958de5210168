// `catchment cwsc calibrate|train|predict|evaluate`: catchment water storage capacity from
// monthly water-balance calibration and a residual network on global 0.5° grids.
import type { Command } from "commander";
import { resolve } from "node:path";
import { loadConfig } from "../util/config.js";
import { getNumThreads } from "../torch/index.js";
import { calibrateSchema } from "../cwsc/calibration/config.js";
import { calibrate } from "../cwsc/calibration/calibrate.js";
import { configDir, resolveRelative } from "../cwsc/run-dir.js";
import { applyThreads } from "./threads.js";

const CALIBRATE_PATHS = new Set(["dir", "bioclim"]);

function seedOverride(seed: string | undefined): Record<string, unknown> {
  if (seed === undefined) return {};
  const n = Number(seed);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--seed: expected a whole number ≥ 0, got '${seed}'`);
  return { seed: n };
}

export function registerCwsc(program: Command): void {
  const cwsc = program.command("cwsc").description("catchment water storage capacity: monthly water-balance calibration and a global 0.5° ResNet map");
  cwsc
    .command("calibrate")
    .description("calibrate abcd, GR2M and DWBM by KGE with SCE-UA, alone and jointly with one shared storage capacity per basin")
    .requiredOption("--config <file>", "YAML config (see examples/cwsc/calibrate.yml)")
    .option("--run-dir <dir>", "the run's folder", "runs/cwsc/calibrate")
    .option("--seed <n>", "override the config's seed")
    .option("--resume", "continue the run in --run-dir from its finished stages")
    .action(function (this: Command, o: { config: string; runDir: string; seed?: string; resume?: boolean }) {
      applyThreads(this);
      const raw = loadConfig(o.config, calibrateSchema, seedOverride(o.seed));
      const cfg = resolveRelative(raw, configDir(o.config), (k) => CALIBRATE_PATHS.has(k));
      const r = calibrate(cfg, resolve(o.runDir), { resume: !!o.resume, threads: getNumThreads() });
      const s = r.summary;
      const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? "n/a" : v.toFixed(3));
      console.log(`run folder: ${r.runDir}`);
      console.log(`${s.basins} basins; median KGE ${Object.entries(s.median_kge).map(([m, v]) => `${m} ${fmt(v)}`).join(", ")}`);
      if (s.median_joint_kge !== null) console.log(`median joint KGE ${fmt(s.median_joint_kge)} (best single model ${s.best_single_model}: ${fmt(s.median_best_single_kge)})`);
      console.log(`labels: ${s.basins - s.masked} basins with KGE > ${cfg.kge_threshold}, ${s.masked} masked`);
    });
}
