#!/usr/bin/env node
// catchment's command line. Each capability registers its own subcommand; errors print one line.
import { Command } from "commander";
import { catchmentVersion } from "../util/run-info.js";
import { addGlobalOptions } from "./capability.js";
import { registerEngine } from "./engine.js";
import { registerQuickstart } from "./quickstart.js";
import { registerRaster } from "./raster.js";
import { registerFlood } from "./flood.js";
import { registerRunoff } from "./runoff.js";
import { registerSurrogate } from "./surrogate.js";
import { Interrupted } from "../util/interrupt.js";

const program = new Command("catchment").description("deep learning for hydrology and flood risk").version(catchmentVersion()).showHelpAfterError();
addGlobalOptions(program);

registerEngine(program);
registerQuickstart(program);
registerRaster(program);
registerFlood(program);
registerRunoff(program);
registerSurrogate(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof Interrupted) {
    process.stderr.write(`catchment: ${e.message}\n`);
    process.exit(130);
  }
  const err = e as Error;
  process.stderr.write(`catchment: ${err.message}\n`);
  if (process.env.CATCHMENT_DEBUG === "1") process.stderr.write(`${err.stack}\n`);
  process.exit(1);
}
