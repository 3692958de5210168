// A stand-in for a capability's training command in the runner's tests (started with TUNE_FAKE_RUN
// set; as a plain test file it does nothing): writes loss.csv one epoch at a time like the trainer,
// honours CATCHMENT_STOP_FILE between epochs, or ignores it, or fails, as told.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const spec = process.env.TUNE_FAKE_RUN;
if (spec) {
  const { runDir, epochs, mode, values } = JSON.parse(spec) as { runDir: string; epochs: number; mode: "obey" | "ignore" | "fail"; values: number[] };
  const busy = new Int32Array(new SharedArrayBuffer(4));
  // like the trainer: a SIGINT handler that a synchronous loop never lets run
  process.on("SIGINT", () => process.exit(130));
  const rows = ["epoch,train_loss,score"];
  for (let e = 1; e <= epochs; e++) {
    Atomics.wait(busy, 0, 0, 150);
    if (mode === "fail" && e === 2) {
      process.stderr.write("catchment: the data folder vanished\n");
      process.exit(1);
    }
    rows.push(`${e},${1 / e},${e % 2 === 0 ? values[e - 1] : ""}`);
    writeFileSync(join(runDir, "loss.csv"), rows.join("\n") + "\n");
    const stop = process.env.CATCHMENT_STOP_FILE;
    if (mode === "obey" && stop && existsSync(stop)) {
      process.stderr.write("catchment: interrupted\n");
      process.exit(130);
    }
  }
}
