// Ctrl-C (or SIGTERM) for long work: the first asks the work to stop at its next safe point, a
// second quits at once. The work polls `requested` and throws an Interrupted error, which the CLI
// turns into exit code 130. A JS signal listener only runs when the event loop gets a turn, which a
// synchronous loop (training, simulation) never gives it; so the native addon, once loaded,
// registers a probe that counts signals the moment they arrive. A parent process can also ask by
// creating the file named in CATCHMENT_STOP_FILE, which `requested` looks for each time it is read.
import { existsSync } from "node:fs";

export class Interrupted extends Error {}

export interface InterruptWatch {
  readonly requested: boolean;
  release(): void;
}

/** A signal counter that works during synchronous code: `arm` installs it, `count` reads it. */
export interface SignalProbe {
  arm(): void;
  count(): number;
}

let probe: SignalProbe | undefined;

export function registerSignalProbe(p: SignalProbe): void {
  probe = p;
}

export function watchInterrupt(message?: string): InterruptWatch {
  let requested = false;
  const onSignal = () => {
    if (requested) process.exit(130);
    requested = true;
    if (message && !probe) process.stderr.write(`\n${message} (Ctrl-C again to quit at once)\n`);
  };
  // SIGTERM too: a job started in the background (nohup … &) has SIGINT ignored by the shell
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // after Node installed its handler, which the probe chains to
  probe?.arm();
  const baseline = probe?.count() ?? 0;
  const stopFile = process.env.CATCHMENT_STOP_FILE;
  return {
    get requested() {
      if (!requested && probe && probe.count() > baseline) requested = true;
      if (!requested && stopFile && existsSync(stopFile)) {
        requested = true;
        if (message) process.stderr.write(`\n${stopFile} appeared: ${message}\n`);
      }
      return requested;
    },
    release: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
