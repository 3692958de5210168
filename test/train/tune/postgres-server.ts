// A throw-away PostgreSQL server for tests: initdb in a temporary folder as the postgres user (the
// server refuses to run as root), a free TCP port on 127.0.0.1, its unix socket in the same folder,
// stopped and removed afterwards.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

export interface PostgresServer {
  url: string;
  stop(): void;
}

/** The newest Debian PostgreSQL's bin folder, or null when none is installed. */
export function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(base, versions[0], "bin") : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  if (!bin) throw new Error("PostgreSQL is not installed (Debian package postgresql; scripts/setup.sh installs it)");
  const dir = mkdtempSync(join(tmpdir(), "catchment-pg-"));
  const asRoot = userInfo().uid === 0;
  const pgUser = asRoot ? "postgres" : userInfo().username;
  if (asRoot) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, id("-u"), id("-g"));
  }
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : cmd, asRoot ? ["-u", "postgres", "--", cmd, ...args] : args, { stdio: ["ignore", "pipe", "pipe"], cwd: dir });
  const data = join(dir, "data");
  run(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", pgUser, "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  run(join(bin, "pg_ctl"), ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  return {
    url: `postgresql://${pgUser}@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
