// Ctrl-C (or SIGTERM) for long work: the first asks the work to stop at its next safe point, a
// second quits at once. The work polls `requested` and throws an Interrupted error, which the CLI
// turns into exit code 130.

export class Interrupted extends Error {}

export interface InterruptWatch {
  readonly requested: boolean;
  release(): void;
}

export function watchInterrupt(message?: string): InterruptWatch {
  let requested = false;
  const onSignal = () => {
    if (requested) process.exit(130);
    requested = true;
    if (message) process.stderr.write(`\n${message} (Ctrl-C again to quit at once)\n`);
  };
  // SIGTERM too: a job started in the background (nohup … &) has SIGINT ignored by the shell
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    get requested() {
      return requested;
    },
    release: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
