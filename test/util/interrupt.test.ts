import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "src");

// A synchronous loop never gives Node's event loop a turn, so only the native probe can see Ctrl-C.
const child = (withNative: boolean, stopWhenAsked: boolean) => `
  ${withNative ? `await import(${JSON.stringify(join(dist, "native", "addon.js"))});` : ""}
  const { watchInterrupt } = await import(${JSON.stringify(join(dist, "util", "interrupt.js"))});
  const watch = watchInterrupt();
  process.stdout.write("ready\\n");
  const until = Date.now() + 8000;
  let stopped = false;
  while (Date.now() < until) { if (watch.requested) { stopped = true; if (${stopWhenAsked}) break; } }
  process.stdout.write(stopped ? "stopped\\n" : "ran to the end\\n");
`;

function run(withNative: boolean, signals: number, stopWhenAsked = true): Promise<{ out: string; code: number | null }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--input-type=module", "-e", child(withNative, stopWhenAsked)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => {
      out += d;
      if (out === "ready\n") for (let i = 0; i < signals; i++) setTimeout(() => p.kill("SIGINT"), 300 + 200 * i);
    });
    p.on("close", (code) => resolve({ out, code }));
  });
}

test("Ctrl-C reaches a synchronous loop once the native addon is loaded", async () => {
  const { out, code } = await run(true, 1);
  assert.equal(out, "ready\nstopped\n");
  assert.equal(code, 0);
});

test("a second Ctrl-C quits a loop that does not stop, at once, with code 130", async () => {
  const { out, code } = await run(true, 2, false);
  assert.equal(code, 130);
  assert.ok(!out.includes("ran to the end"));
});
