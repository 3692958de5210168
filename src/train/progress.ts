// A progress bar with rate and ETA on a terminal; one plain line per update interval otherwise
// (CI logs, pipes), so long work always shows it is alive.
import { SingleBar, Presets } from "cli-progress";

export interface Progress {
  update(value: number, fields?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new SingleBar(
      {
        format: `${label} |{bar}| {value}/{total} {rate}/s ETA {eta_formatted} {status}`,
        etaBuffer: 50,
        hideCursor: true,
        stream,
      },
      Presets.shades_classic,
    );
    const start = Date.now();
    bar.start(total, 0, { rate: "0.0", status: "" });
    return {
      update(value, fields = {}) {
        const rate = (value / Math.max((Date.now() - start) / 1000, 1e-3)).toFixed(1);
        bar.update(value, { rate, status: Object.entries(fields).map(([k, v]) => `${k} ${v}`).join(" ") });
      },
      stop: () => bar.stop(),
    };
  }
  const start = Date.now();
  let lastPrint = 0;
  return {
    update(value, fields = {}) {
      const now = Date.now();
      if (value < total && now - lastPrint < 10_000) return;
      lastPrint = now;
      const elapsed = (now - start) / 1000;
      const rate = value / Math.max(elapsed, 1e-3);
      const eta = rate > 0 ? (total - value) / rate : NaN;
      const extra = Object.entries(fields).map(([k, v]) => ` ${k} ${v}`).join("");
      stream.write(`${label} ${value}/${total} ${rate.toFixed(1)}/s ETA ${Number.isFinite(eta) ? eta.toFixed(0) + "s" : "?"}${extra}\n`);
    },
    stop() {},
  };
}
