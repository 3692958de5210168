// Ctrl-C for long work: the first press asks the work to stop at its next safe point, a second
// press quits at once. The work polls `requested` and throws an Interrupted error, which the CLI
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
  process.on("SIGINT", onSignal);
  return {
    get requested() {
      return requested;
    },
    release: () => process.off("SIGINT", onSignal),
  };
}
