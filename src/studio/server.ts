// The studio's HTTP server: the bundled page, a JSON API over the library (open an example or
// uploads, predict, design, check, download), and Server-Sent Events for job progress. Quick work
// goes to the predictor process, long work to one job process at a time per session; the server
// itself only routes, checks and streams.
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import { mkdirSync, rmSync } from "node:fs";
import { basename, extname, join, resolve } from "node:path";
import { readSurrogateMeta } from "../surrogate/model-file.js";
import { describeScenario } from "../surrogate/scenario.js";
import { checkDownloads } from "./check-job.js";
import { designDownloads, JobEvent } from "./design-job.js";
import { exampleById, studioExamples } from "./examples.js";
import { readJson, receiveFile, securityHeaders, sendError, sendFile, sendJson } from "./http.js";
import { Job, JobListener, JobRunner } from "./jobs.js";
import { HttpError, inside, pathSegments, safeName } from "./paths.js";
import { Predictor } from "./predictor-client.js";
import { ProjectFiles, ProjectSummary } from "./project.js";
import { legendTables } from "./render.js";
import { designDefaults, MAX_ITERATIONS, MAX_POLYGONS, planDesign } from "./requests.js";
import { nextName, Session, Sessions } from "./sessions.js";
import { ensureBundle } from "./bundle.js";

export interface StudioOptions {
  host: string;
  port: number;
  /** a surrogate model folder (resolved) */
  model: string;
  /** the studio's working folder: sessions, uploads, jobs */
  data: string;
  threads: number;
  device: string;
  maxUploadBytes: number;
  maxCells: number;
}

export interface Studio {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const loopback = (host: string) => host === "127.0.0.1" || host === "localhost" || host === "::1";

function publicJob(j: Job | null) {
  if (!j) return null;
  return { id: j.id, kind: j.kind, state: j.state, design: j.design ?? null, cancel_requested: j.cancelRequested, elapsed_s: (Date.now() - j.started) / 1000, last: j.last, history: j.history, iterations: j.iterations, result: j.result ?? null, error: j.error ?? null };
}

const projectView = (summary: ProjectSummary) => ({ ...summary, urls: { terrain: `/api/projects/${summary.id}/${summary.layers.terrain}`, hr: `/api/projects/${summary.id}/${summary.layers.hr}` } });

/** A display name from the client: its base name without control characters. */
const displayName = (raw: string | null, fallback: string) => basename((raw ?? "").replace(/[\u0000-\u001f\\]/g, "")).slice(0, 100) || fallback;

export async function startStudio(o: StudioOptions): Promise<Studio> {
  const page = await ensureBundle();
  const meta = readSurrogateMeta(o.model);
  const sessions = new Sessions(join(resolve(o.data), "sessions"));
  const predictor = new Predictor({ model: o.model, device: o.device, threads: o.threads });
  const jobs = new JobRunner({ threads: o.threads });
  await predictor.start();

  const info = {
    model: { name: basename(o.model), scenario: describeScenario(meta.scenario), cell_size_m: meta.scenario.cell_size_m, patch_size: meta.scenario.patch_size },
    limits: { max_upload_mb: Math.round(o.maxUploadBytes / 2 ** 20), max_cells: o.maxCells, max_iterations: MAX_ITERATIONS, max_polygons: MAX_POLYGONS },
    examples: studioExamples.map(({ id, title, description }) => ({ id, title, description })),
    legend: legendTables(),
    defaults: designDefaults(),
  };

  const broadcast = (s: Session, payload: unknown) => {
    const text = `data: ${JSON.stringify(payload)}\n\n`;
    for (const r of s.listeners) r.write(text);
  };
  const listenerFor =
    (s: Session): JobListener =>
    (job, event) =>
      broadcast(s, { job: { id: job.id, kind: job.kind, state: job.state, design: job.design ?? null }, event });

  // messages name the model by its folder's name, not its path on this machine
  const modelLabel = { [o.model]: `'${basename(o.model)}'` };

  async function openFiles(s: Session, files: ProjectFiles): Promise<ProjectSummary> {
    files = { ...files, labels: { ...modelLabel, ...files.labels } };
    const dir = inside(s.dir, "projects", nextName(s, "project"));
    try {
      const summary = await predictor.request<ProjectSummary>({ type: "open", files, dir, maxCells: o.maxCells });
      s.project = { summary, files, dir };
      return summary;
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw new HttpError(400, (e as Error).message);
    }
  }

  function runningJob(s: Session): Job | null {
    return s.job && s.job.state === "running" ? s.job : null;
  }

  function refuseIfBusy(s: Session): void {
    const j = runningJob(s);
    if (j) throw new HttpError(409, `a ${j.kind === "design" ? "design" : "simulation check"} is running; cancel it or wait until it is done (one job at a time)`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://studio.invalid");
    const raw = (req.url ?? "/").split("?")[0];
    // a name that points outside the studio's folders is refused before anything else
    const seg = pathSegments(raw);
    if (loopback(o.host)) {
      const port = (server.address() as { port: number }).port;
      const allowed = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
      if (!allowed.includes(req.headers.host ?? "")) throw new HttpError(403, "unknown host");
    }
    if (req.method !== "GET" && req.headers.origin && new URL(req.headers.origin).host !== req.headers.host) throw new HttpError(403, "cross-origin request refused");
    const s = sessions.of(req, res);
    const method = req.method ?? "GET";
    const route = `${method} /${seg[0] ?? ""}${seg[1] !== undefined && seg[0] === "api" ? `/${seg[1]}` : ""}`;

    if (method === "GET" && (raw === "/" || raw === "/index.html")) return sendFile(res, join(page, "index.html"));
    if (method === "GET" && seg[0] === "assets" && seg.length === 2) return sendFile(res, inside(page, safeName(seg[1])), { cache: true });

    switch (route) {
      case "GET /api/info":
        return sendJson(res, 200, info);
      case "GET /api/state":
        return sendJson(res, 200, { project: s.project ? projectView(s.project.summary) : null, job: publicJob(s.job) });
      case "POST /api/open-example": {
        refuseIfBusy(s);
        const body = (await readJson(req)) as { id?: unknown };
        const ex = typeof body.id === "string" ? exampleById(body.id) : undefined;
        if (!ex) throw new HttpError(404, `no example '${String(body.id)}'; the examples are ${studioExamples.map((e) => e.id).join(", ")}`);
        const labels: Record<string, string> = { [ex.dem]: `${ex.id}/dem.tif` };
        if (ex.buildings) labels[ex.buildings] = `${ex.id}/buildings.tif`;
        const summary = await openFiles(s, { dem: ex.dem, buildings: ex.buildings, labels });
        return sendJson(res, 200, { project: projectView(summary) });
      }
      case "PUT /api/upload": {
        refuseIfBusy(s);
        const kind = seg[2];
        if ((kind !== "dem" && kind !== "buildings") || seg.length !== 3) throw new HttpError(404, "upload to /api/upload/dem or /api/upload/buildings");
        const name = displayName(url.searchParams.get("name"), kind);
        const ext = extname(name).toLowerCase();
        const allowed = kind === "dem" ? [".tif", ".tiff"] : [".tif", ".tiff", ".geojson", ".json"];
        if (!allowed.includes(ext)) throw new HttpError(400, `${name}: the studio takes ${kind === "dem" ? "a DEM as GeoTIFF (.tif, .tiff)" : "buildings as GeoTIFF (.tif) or GeoJSON (.geojson)"}`);
        if (kind === "buildings" && !s.project) throw new HttpError(400, `${name}: open a DEM first; buildings are placed on its grid`);
        mkdirSync(inside(s.dir, "uploads"), { recursive: true });
        const path = inside(s.dir, "uploads", `${nextName(s, kind)}${ext}`);
        await receiveFile(req, path, o.maxUploadBytes, name);
        const files: ProjectFiles =
          kind === "dem"
            ? { dem: path, labels: { [path]: name } }
            : { dem: s.project!.files.dem, buildings: path, labels: { ...s.project!.files.labels, [path]: name } };
        try {
          const summary = await openFiles(s, files);
          return sendJson(res, 200, { project: projectView(summary) });
        } catch (e) {
          rmSync(path, { force: true });
          throw e;
        }
      }
      case "POST /api/aoi-preview": {
        if (!s.project) throw new HttpError(400, "open a project first");
        const body = (await readJson(req)) as { threshold?: unknown };
        const t = Number(body.threshold);
        if (!(t >= 0.001 && t <= 100)) throw new HttpError(400, `threshold: expected a number from 0.001 to 100, got '${String(body.threshold)}'`);
        const name = `${nextName(s, "aoi")}.png`;
        const r = await predictor.request<{ cells: number; layer: string }>({ type: "aoi", dir: s.project.dir, threshold: t, name });
        return sendJson(res, 200, { cells: r.cells, url: `/api/projects/${s.project.summary.id}/${r.layer}` });
      }
      case "GET /api/projects": {
        if (seg.length !== 4) throw new HttpError(404, "not found");
        const file = inside(s.dir, "projects", safeName(seg[2]), safeName(seg[3]));
        if (extname(file) !== ".png") throw new HttpError(404, "not found");
        return sendFile(res, file, { cache: true });
      }
      case "POST /api/design": {
        refuseIfBusy(s);
        if (!s.project) throw new HttpError(400, "open a project first (an example or an uploaded DEM)");
        const body = await readJson(req);
        const id = nextName(s, "design");
        const out = inside(s.dir, "jobs", id);
        const p = s.project;
        let plan;
        try {
          plan = planDesign(body, { dem: p.files.dem, buildings: p.files.buildings, model: o.model }, out);
        } catch (e) {
          throw new HttpError(400, (e as Error).message);
        }
        const labels = { ...p.files.labels, [join(out, "aoi.gpkg")]: "the drawn area of interest", [join(out, "protect.gpkg")]: "the drawn protected area", [`--aoi ${plan.cfg.aoi}`]: `HR above ${plan.cfg.aoi.replace(/^hr>/, "")}` };
        const job: Job = { id, kind: "design", dir: out, state: "running", started: Date.now(), cancelRequested: false, last: null, history: [], iterations: [] };
        s.job = job;
        s.jobs.set(id, job);
        s.designFiles.set(id, p.files);
        jobs.start(job, { kind: "design", spec: { plan, device: o.device, threads: o.threads, stopFile: join(out, ".stop"), labels } }, listenerFor(s));
        return sendJson(res, 202, { job: publicJob(job) });
      }
      case "POST /api/check": {
        refuseIfBusy(s);
        const body = (await readJson(req)) as { design?: unknown };
        const design = typeof body.design === "string" ? s.jobs.get(body.design) : undefined;
        if (!design || design.kind !== "design") throw new HttpError(404, `no design '${String(body.design)}' in this session`);
        if (design.state !== "done") throw new HttpError(409, "the design is not finished");
        const files = s.designFiles.get(design.id) as ProjectFiles;
        const id = nextName(s, "check");
        const job: Job = { id, kind: "check", dir: design.dir, design: design.id, state: "running", started: Date.now(), cancelRequested: false, last: null, history: [], iterations: [] };
        s.job = job;
        s.jobs.set(id, job);
        jobs.start(job, { kind: "check", spec: { model: o.model, dem: files.dem, buildings: files.buildings, design: design.dir, device: o.device, threads: o.threads, labels: files.labels } }, listenerFor(s));
        return sendJson(res, 202, { job: publicJob(job) });
      }
      case "POST /api/cancel": {
        const j = runningJob(s);
        if (!j) throw new HttpError(409, "no job is running");
        jobs.cancel(j, listenerFor(s));
        return sendJson(res, 202, { job: publicJob(j) });
      }
      case "GET /api/events": {
        res.writeHead(200, { ...securityHeaders, "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
        res.write(`retry: 1000\ndata: ${JSON.stringify({ state: publicJob(s.job) })}\n\n`);
        s.listeners.add(res);
        const beat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
        req.on("close", () => {
          clearInterval(beat);
          s.listeners.delete(res);
        });
        return;
      }
      case "GET /api/jobs": {
        const job = s.jobs.get(seg[2] ?? "");
        if (!job) throw new HttpError(404, "no such job in this session");
        if (seg.length === 3) return sendJson(res, 200, { job: publicJob(job) });
        if (seg.length !== 4) throw new HttpError(404, "not found");
        const name = safeName(seg[3]);
        if (!designDownloads.includes(name) && !checkDownloads.includes(name) && !/^map_[a-z_]+\.png$/.test(name)) throw new HttpError(404, "not found");
        return sendFile(res, inside(job.dir, name), { download: url.searchParams.has("download") });
      }
    }
    throw new HttpError(404, "not found");
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e) => sendError(res, e));
  });
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once("error", reject);
      server.listen(o.port, o.host, () => resolveListen());
    });
  } catch (e) {
    predictor.stop();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") throw new Error(`--port ${o.port}: already in use on ${o.host}; pick another (--port 0 takes any free port)`);
    if (code === "EADDRNOTAVAIL" || code === "ENOTFOUND") throw new Error(`--host ${o.host}: not an address of this machine`);
    throw e;
  }
  const addr = server.address() as { port: number };
  const shownHost = o.host.includes(":") ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${addr.port}/`,
    server,
    close: async () => {
      jobs.stopAll();
      predictor.stop();
      for (const s of sessions.all()) for (const r of s.listeners) r.end();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type { JobEvent };
