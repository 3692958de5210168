// `catchment design experiment` (filled in next).
import type { Command } from "commander";

export function registerDesignExperiment(design: Command): void {
  void design;
}
