// `catchment studio`: the design studio in the browser, a local web app on the design capability.
import type { Command } from "commander";
import { resolve } from "node:path";
import { studioSchema } from "../studio/options.js";
import { addCapabilityCommand, numberOption } from "./capability.js";

export function registerStudio(program: Command): void {
  addCapabilityCommand(program, {
    name: "studio",
    description: "the design studio: a local web app to open or upload a DEM, see the predicted flood hazard, draw an area, design, check by simulation and download the result",
    schema: studioSchema,
    config: "none",
    pathKeys: ["model", "data"],
    common: ["threads", "device"],
    options: [
      { flags: "--port <n>", description: "port to listen on (default 8080; 0 = any free port)", parse: numberOption("--port", { integer: true, min: 0 }) },
      { flags: "--host <address>", description: "address to bind (default 127.0.0.1: this machine only)" },
      { flags: "--model <dir>", description: "a surrogate model folder (default: the shipped models/surrogate)" },
      { flags: "--data <dir>", description: "the studio's working folder for uploads and designs (default runs/studio)" },
      { flags: "--max-upload-mb <mb>", description: "largest file a user may upload (default 64)", parse: numberOption("--max-upload-mb") },
      { flags: "--max-cells <n>", description: "largest DEM in cells (default 262144 = 512 × 512)", parse: numberOption("--max-cells", { integer: true, min: 16 }) },
    ],
    async run(cfg, ctx) {
      const { resolveModelDir } = await import("../surrogate/predict.js");
      const { startStudio } = await import("../studio/server.js");
      const model = resolve(resolveModelDir(cfg.model));
      const studio = await startStudio({
        host: cfg.host,
        port: cfg.port,
        model,
        data: resolve(cfg.data),
        threads: ctx.threads,
        device: ctx.device,
        maxUploadBytes: cfg.max_upload_mb * 2 ** 20,
        maxCells: cfg.max_cells,
      });
      if (cfg.host !== "127.0.0.1" && cfg.host !== "localhost" && cfg.host !== "::1") process.stderr.write(`studio: listening on ${cfg.host}: anyone who can reach this address can use the studio\n`);
      console.log(`catchment studio: ${studio.url} (model ${model}, working folder ${resolve(cfg.data)}; Ctrl-C to stop)`);
      await new Promise<void>((done) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          void studio.close().then(done);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    },
  });
}
