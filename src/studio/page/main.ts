// The design studio's page: open or upload a DEM, see the predicted hazard, draw where and set how,
// run the design with live progress, compare before and after, check by simulation, download.
import "leaflet/dist/leaflet.css";
import "@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css";
import "./studio.css";
import L from "./leaflet-global.js";
import "@geoman-io/leaflet-geoman-free";
import { getJson, Info, JobView, postJson, Project, putFile } from "./api.js";
import { Bounds, createMap, latLngBounds, LayerStack, syncViews } from "./maps.js";
import { renderLegend } from "./legend.js";
import { hr, int, num, pct, seconds } from "./format.js";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id);

function say(el: HTMLElement, text: string, kind: "error" | "ok" | "" = ""): void {
  el.textContent = text;
  el.className = `message${kind ? ` ${kind}` : ""}`;
}

let info: Info;
let project: Project | null = null;
let design: { id: string; result: Record<string, unknown> } | null = null;
let check: { id: string; result: Record<string, unknown> } | null = null;
let running: "design" | "check" | null = null;
let drawing: "aoi" | "protect" | null = null;
let objective: number[] = [];
let total = 1;

const planMap = createMap($("map"));
const plan = new LayerStack(planMap, ["terrain", "hr", "aoi"]);
const aoiGroup = L.featureGroup().addTo(planMap);
const protectGroup = L.featureGroup().addTo(planMap);
let beforeMap: L.Map | null = null, afterMap: L.Map | null = null;
let before: LayerStack | null = null, after: LayerStack | null = null;
let beforeShapes: L.LayerGroup | null = null, afterShapes: L.LayerGroup | null = null;
/** the drawn polygons the latest design used, as outlines on the before/after maps */
let designShapes: { aoi: L.LatLng[][]; protect: L.LatLng[][] } = { aoi: [], protect: [] };

const aoiStyle = { color: "#d62728", weight: 2, fillOpacity: 0.08 };
const protectStyle = { color: "#1f4e9e", weight: 2, fillOpacity: 0.15, dashArray: "6 4" };

// ---------- terrain: examples and uploads ----------

async function showProject(p: Project, t0: number): Promise<void> {
  project = p;
  design = null;
  check = null;
  aoiGroup.clearLayers();
  protectGroup.clearLayers();
  updateCounts();
  $("results").hidden = true;
  $<HTMLButtonElement>("tab-compare").disabled = true;
  showView("plan");
  const b = p.bounds;
  planMap.fitBounds(latLngBounds(b));
  planMap.setMaxBounds(latLngBounds(b).pad(1));
  await plan.set("aoi", null, b);
  await Promise.all([plan.set("terrain", p.urls.terrain, b), plan.set("hr", p.urls.hr, b, { opacity: 0.85, pixelated: true })]);
  const ms = performance.now() - t0;
  const timing = $("timing");
  timing.dataset.ms = String(Math.round(ms));
  timing.textContent = `HR shown ${Math.round(ms)} ms after the click (surrogate ${Math.round(p.predict_ms)} ms for ${p.tiles} tile${p.tiles > 1 ? "s" : ""})`;
  const area = (p.width * p.height * p.cell_m * p.cell_m) / 1e4;
  $("project-info").innerHTML =
    `<strong>${p.dem_name}</strong>${p.buildings_name ? ` + ${p.buildings_name}` : ""}<br>` +
    `${p.width} × ${p.height} cells of ${p.cell_m} m (${area.toFixed(1)} ha), ${p.crs}, ${int(p.building_cells)} building cells<br>` +
    `predicted HR: mean <span id="hr-mean">${hr(p.hr.mean)}</span>, max <span id="hr-max">${hr(p.hr.max)}</span>; ${int(p.hr.cells_above_0_1)} cells above 0.1, ${int(p.hr.cells_above_0_5)} above 0.5` +
    [...p.notes.map((n) => `<br><span class="muted">note: ${escapeHtml(n)}</span>`), ...p.warnings.map((w) => `<br><span class="muted">warning: ${escapeHtml(w)}</span>`)].join("");
  renderLegend($("legend"), info.legend, null);
  setRunnable();
  if (aoiKind() === "hr") void previewAoi();
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);

async function openExample(): Promise<void> {
  const t0 = performance.now();
  const id = $<HTMLSelectElement>("example-select").value;
  say($("data-message"), "opening the example…");
  try {
    const { project: p } = await postJson<{ project: Project }>("/api/open-example", { id });
    await showProject(p, t0);
    say($("data-message"), "", "");
  } catch (e) {
    say($("data-message"), (e as Error).message, "error");
  }
}

async function upload(kind: "dem" | "buildings", el: HTMLInputElement): Promise<void> {
  const file = el.files?.[0];
  el.value = "";
  if (!file) return;
  const t0 = performance.now();
  if (file.size > info.limits.max_upload_mb * 2 ** 20) return say($("data-message"), `${file.name}: ${(file.size / 2 ** 20).toFixed(1)} MB, larger than the studio's limit of ${info.limits.max_upload_mb} MB per file`, "error");
  say($("data-message"), `uploading and checking ${file.name}…`);
  try {
    const { project: p } = await putFile<{ project: Project }>(`/api/upload/${kind}?name=${encodeURIComponent(file.name)}`, file);
    await showProject(p, t0);
    say($("data-message"), `${file.name}: opened`, "ok");
  } catch (e) {
    say($("data-message"), (e as Error).message, "error");
  }
}

// ---------- where: drawn areas or HR above a threshold ----------

const aoiKind = () => (document.querySelector<HTMLInputElement>('input[name="aoi-kind"]:checked')?.value ?? "polygons") as "polygons" | "hr";

function startDrawing(what: "aoi" | "protect"): void {
  if (!project) return say($("data-message"), "open an example or upload a DEM first", "error");
  planMap.pm.disableDraw();
  drawing = what;
  if (what === "aoi") {
    (document.querySelector<HTMLInputElement>('input[name="aoi-kind"][value="polygons"]') as HTMLInputElement).checked = true;
    aoiGroup.addTo(planMap);
  }
  const style = what === "aoi" ? aoiStyle : protectStyle;
  planMap.pm.enableDraw("Polygon", { snappable: false, pathOptions: style, templineStyle: style, hintlineStyle: { ...style, dashArray: "4 4" } });
  $("draw-aoi").classList.toggle("drawing", what === "aoi");
  $("draw-protect").classList.toggle("drawing", what === "protect");
  $("draw-hint").textContent = "click the corners on the map; click the first corner again to close the polygon (Esc to stop)";
  void plan.set("aoi", null, project.bounds);
}

function stopDrawing(): void {
  drawing = null;
  planMap.pm.disableDraw();
  $("draw-aoi").classList.remove("drawing");
  $("draw-protect").classList.remove("drawing");
  $("draw-hint").textContent = "";
}

planMap.on("pm:create", (e: { layer: L.Layer }) => {
  const layer = e.layer as L.Polygon;
  if (drawing === "protect") {
    layer.setStyle(protectStyle);
    protectGroup.addLayer(layer);
  } else {
    layer.setStyle(aoiStyle);
    aoiGroup.addLayer(layer);
  }
  stopDrawing();
  updateCounts();
});

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape" && drawing) stopDrawing();
});

function rings(group: L.FeatureGroup): [number, number][][] {
  return group.getLayers().map((l) => ((l as L.Polygon).getLatLngs()[0] as L.LatLng[]).map((ll) => [ll.lng, ll.lat] as [number, number]));
}

function updateCounts(): void {
  const a = aoiGroup.getLayers().length, p = protectGroup.getLayers().length;
  $("aoi-count").textContent = a ? `${a} drawn` : "none drawn";
  $("protect-count").textContent = p ? `${p} drawn` : "none";
}

let previewTimer: number | undefined;
async function previewAoi(): Promise<void> {
  if (!project) return;
  // drawn areas of interest are shown only while they are the ones in use
  if (aoiKind() === "hr") aoiGroup.remove();
  else aoiGroup.addTo(planMap);
  if (aoiKind() !== "hr") {
    await plan.set("aoi", null, project.bounds);
    return;
  }
  const threshold = Number(input("aoi-threshold").value);
  try {
    const r = await postJson<{ cells: number; url: string }>("/api/aoi-preview", { threshold });
    await plan.set("aoi", r.url, project.bounds, { opacity: 0.5, pixelated: true });
    $("aoi-count").textContent = `${int(r.cells)} cells above ${threshold}`;
    say($("design-message"), r.cells ? "" : `no cell's predicted HR is above ${threshold}: lower the threshold or draw an area`, r.cells ? "" : "error");
  } catch (e) {
    say($("design-message"), (e as Error).message, "error");
  }
}

// ---------- how: the design settings, run, progress, cancel ----------

const optionalNumber = (id: string) => (input(id).value.trim() === "" ? undefined : Number(input(id).value));

function designRequest(): Record<string, unknown> {
  const kind = aoiKind();
  const maxChange = optionalNumber("max-change"), budget = optionalNumber("budget");
  return {
    aoi: kind === "hr" ? { kind: "hr", threshold: Number(input("aoi-threshold").value) } : { kind: "polygons", polygons: rings(aoiGroup) },
    protect: rings(protectGroup),
    protect_buildings: input("protect-buildings").checked,
    modify: $<HTMLSelectElement>("modify").value,
    mode: $<HTMLSelectElement>("mode").value,
    iterations: optionalNumber("iterations"),
    clip: optionalNumber("clip"),
    step: optionalNumber("step"),
    smoothness: optionalNumber("smoothness"),
    balance: input("balance").checked,
    max_change: maxChange && maxChange > 0 ? maxChange : null,
    budget: budget && budget > 0 ? budget : null,
  };
}

function setRunnable(): void {
  $<HTMLButtonElement>("run").disabled = !project || running !== null;
  $<HTMLButtonElement>("cancel").disabled = running !== "design";
  $<HTMLButtonElement>("check").disabled = !design || running !== null;
  $<HTMLButtonElement>("cancel-check").disabled = running !== "check";
  for (const id of ["open-example", "dem-file", "buildings-file"]) ($(id) as HTMLButtonElement).disabled = running !== null;
}

async function runDesign(): Promise<void> {
  if (!project) return;
  if (aoiKind() === "polygons" && aoiGroup.getLayers().length === 0) return say($("design-message"), "draw an area of interest first, or pick cells with HR above a threshold", "error");
  stopDrawing();
  say($("design-message"), "");
  objective = [];
  drawSparkline();
  $<HTMLProgressElement>("progress").value = 0;
  $("progress-text").textContent = "starting…";
  $("progress-live").textContent = "";
  delete $("progress-live").dataset.iteration;
  delete $("progress-text").dataset.stopped;
  try {
    const { job } = await postJson<{ job: JobView }>("/api/design", designRequest());
    running = "design";
    const outline = (g: L.FeatureGroup) => g.getLayers().map((l) => (l as L.Polygon).getLatLngs()[0] as L.LatLng[]);
    designShapes = { aoi: aoiKind() === "polygons" ? outline(aoiGroup) : [], protect: outline(protectGroup) };
    design = null;
    check = null;
    $("results").hidden = true;
    (window as unknown as { studioDesignStarted: number }).studioDesignStarted = performance.now();
    $("progress-text").dataset.job = job.id;
  } catch (e) {
    say($("design-message"), (e as Error).message, "error");
    $("progress-text").textContent = "";
  }
  setRunnable();
}

function drawSparkline(): void {
  const svg = $("sparkline");
  if (objective.length < 2) {
    svg.innerHTML = "";
    return;
  }
  const lo = Math.min(...objective), hi = Math.max(...objective);
  const span = hi - lo || 1;
  const n = Math.max(total, objective.length);
  const pts = objective.map((v, i) => `${((i / Math.max(1, n - 1)) * 300).toFixed(1)},${(55 - ((v - lo) / span) * 50).toFixed(1)}`).join(" ");
  svg.innerHTML = `<polyline points="${pts}"></polyline>`;
}

function onDesignEvent(job: JobView, ev: Record<string, unknown>): void {
  const text = $("progress-text");
  const bar = $<HTMLProgressElement>("progress");
  switch (ev.type) {
    case "status":
      text.textContent = String(ev.text);
      break;
    case "started":
      total = Number(ev.total);
      bar.max = total;
      text.textContent = `designing: ${int(ev.aoi_cells)} cells in the area of interest`;
      break;
    case "iteration":
      objective.push(Number(ev.objective));
      bar.value = Number(ev.iteration);
      $("progress-live").dataset.iteration = String(ev.iteration);
      $("progress-live").textContent = `iteration ${ev.iteration} / ${ev.total} · mean HR in the area ${hr(ev.objective)} · cut ${int(ev.cut_m3)} m³ · fill ${int(ev.fill_m3)} m³ · max |Δz| ${num(ev.max_abs_change_m, 2)} m · ${seconds(Number(ev.seconds))}`;
      drawSparkline();
      break;
    case "cancelling":
      text.textContent = "stopping after this iteration; the design so far is kept…";
      break;
    case "done":
      running = null;
      design = { id: job.id, result: ev.result as Record<string, unknown> };
      showDesign();
      break;
    case "failed":
      running = null;
      text.textContent = "";
      say($("design-message"), String(ev.error), "error");
      break;
    case "cancelled":
      running = null;
      text.textContent = "cancelled";
      break;
  }
  setRunnable();
}

// ---------- results: indicators, before/after, check, downloads ----------

function fillIndicators(prefix: "pred" | "sim", x: Record<string, number | null>): void {
  $(`${prefix}-before`).textContent = hr(x.mean_hr_before);
  $(`${prefix}-after`).textContent = hr(x.mean_hr_after);
  $(`${prefix}-change`).textContent = pct(x.mean_hr_rel_diff);
  $(`${prefix}-a01`).textContent = `${int(x.area_hr01_before)} → ${int(x.area_hr01_after)}`;
  $(`${prefix}-iou01`).textContent = num(x.iou_hr01, 3);
  $(`${prefix}-a05`).textContent = `${int(x.area_hr05_before)} → ${int(x.area_hr05_after)}`;
  $(`${prefix}-iou05`).textContent = num(x.iou_hr05, 3);
  $(`${prefix}-out`).textContent = `${hr(x.mean_hr_outside_before)} → ${hr(x.mean_hr_outside_after)}`;
}

function listDownloads(): void {
  if (!design) return;
  const files = [...(design.result.files as string[]), ...(check ? (check.result.files as string[]) : [])];
  $("downloads").innerHTML = [...new Set(files)].map((f) => `<li><a href="/api/jobs/${design!.id}/${f}?download=1" download="${f}" data-file="${f}">${f}</a></li>`).join("");
}

function showDesign(): void {
  if (!design || !project) return;
  const r = design.result;
  const c = r.constraints as Record<string, unknown>;
  const spi = r.seconds_per_iteration as { first: number; median_after_first: number };
  const why: Record<string, string> = { iterations: "all asked for", "one step": "one step", interrupted: "cancelled: the design so far", "empty aoi": "no cell of the area is above the threshold any more", "no gradient": "the hazard no longer responds to the terrain" };
  $("progress-text").textContent = `${r.iterations} iteration${r.iterations === 1 ? "" : "s"} (${why[String(r.stopped)] ?? r.stopped})`;
  $("progress-text").dataset.stopped = String(r.stopped);
  $("results").hidden = false;
  $("result-summary").innerHTML =
    `${r.mode}, ${r.modify}; area of interest: ${escapeHtml(String(r.aoi))} (${int(r.aoi_cells)} cells). ${r.iterations} iteration${r.iterations === 1 ? "" : "s"} in ${seconds(Number(r.design_seconds))}` +
    (Number.isFinite(spi.median_after_first) ? `: <span id="per-iteration" data-seconds="${spi.median_after_first}">${seconds(spi.median_after_first)}</span> per iteration after the first (${seconds(spi.first)})` : "") +
    ((r.notes as string[]).length ? `<br><span class="muted">${(r.notes as string[]).map(escapeHtml).join("<br>")}</span>` : "");
  fillIndicators("pred", r.indicators as Record<string, number | null>);
  fillIndicators("sim", {});
  $("earthwork").textContent = `cut ${int(r.cut_m3)} m³ · fill ${int(r.fill_m3)} m³ · net ${int(r.net_m3)} m³ · max |Δz| ${num(r.max_abs_change_m, 2)} m · constraints ${c.all_hold ? "hold" : "VIOLATED"}`;
  $("check-text").textContent = "";
  say($("check-message"), "");
  $<HTMLProgressElement>("check-progress").value = 0;
  (document.querySelector<HTMLInputElement>('input[name="compare-source"][value="predicted"]') as HTMLInputElement).checked = true;
  (document.querySelector<HTMLInputElement>('input[name="compare-source"][value="simulated"]') as HTMLInputElement).disabled = true;
  listDownloads();
  $<HTMLButtonElement>("tab-compare").disabled = false;
  showView("compare");
}

let phaseStart = 0, firstPhaseSeconds = 0, phase = 0, phaseTimer: number | undefined;

async function runCheck(): Promise<void> {
  if (!design) return;
  say($("check-message"), "");
  try {
    await postJson<{ job: JobView }>("/api/check", { design: design.id });
    running = "check";
    phase = 0;
    firstPhaseSeconds = 0;
    $("check-live").textContent = "";
    delete $("check-live").dataset.phase;
    delete $("check-text").dataset.done;
    $("check-text").textContent = "starting the simulations…";
    $<HTMLProgressElement>("check-progress").value = 0;
  } catch (e) {
    say($("check-message"), (e as Error).message, "error");
  }
  setRunnable();
}

function tickCheck(): void {
  const el = $("check-live");
  const t = (performance.now() - phaseStart) / 1000;
  const what = phase === 1 ? "simulating the original layout" : "simulating the design";
  const eta = phase === 2 && firstPhaseSeconds > 0 ? ` of about ${seconds(firstPhaseSeconds)}` : "";
  el.textContent = `${phase} / 2 · ${what} · ${seconds(t)}${eta}`;
  const bar = $<HTMLProgressElement>("check-progress");
  bar.max = 2;
  bar.value = phase - 1 + (phase === 2 && firstPhaseSeconds > 0 ? Math.min(0.95, t / firstPhaseSeconds) : Math.min(0.9, t / (t + 5)));
}

function onCheckEvent(job: JobView, ev: Record<string, unknown>): void {
  const text = $("check-text");
  switch (ev.type) {
    case "status":
      if (phase === 2) {
        window.clearInterval(phaseTimer);
        $("check-live").textContent = "2 / 2 · both layouts simulated";
      }
      text.textContent = String(ev.text);
      break;
    case "phase":
      if (phase === 1) firstPhaseSeconds = (performance.now() - phaseStart) / 1000;
      phase = Number(ev.index);
      phaseStart = performance.now();
      $("check-live").dataset.phase = String(phase);
      text.textContent = "";
      window.clearInterval(phaseTimer);
      phaseTimer = window.setInterval(tickCheck, 250);
      tickCheck();
      break;
    case "done": {
      window.clearInterval(phaseTimer);
      $("check-live").textContent = `2 / 2 · both layouts simulated`;
      running = null;
      check = { id: job.id, result: ev.result as Record<string, unknown> };
      const r = check.result;
      $<HTMLProgressElement>("check-progress").value = 2;
      fillIndicators("sim", r.simulated as Record<string, number | null>);
      const mb = r.mass_balance_error_percent as number[];
      text.textContent = `simulated both layouts in ${seconds(Number(r.simulation_seconds))} (mass balance error ${mb.map((m) => `${m.toFixed(3)} %`).join(", ")}); change of mean HR in the area: simulated ${pct((r.simulated as Record<string, number>).mean_hr_rel_diff)}, surrogate ${pct((r.predicted as Record<string, number>).mean_hr_rel_diff)}`;
      text.dataset.done = "1";
      const sim = document.querySelector<HTMLInputElement>('input[name="compare-source"][value="simulated"]') as HTMLInputElement;
      sim.disabled = false;
      sim.checked = true;
      listDownloads();
      showView("compare");
      break;
    }
    case "failed":
      window.clearInterval(phaseTimer);
      running = null;
      text.textContent = "";
      say($("check-message"), String(ev.error), "error");
      break;
    case "cancelled":
      window.clearInterval(phaseTimer);
      running = null;
      text.textContent = "simulation cancelled";
      break;
  }
  setRunnable();
}

// ---------- views ----------

function showView(which: "plan" | "compare"): void {
  $("plan-view").hidden = which !== "plan";
  $("compare-view").hidden = which !== "compare";
  $("compare-controls").hidden = which !== "compare";
  $("tab-plan").classList.toggle("active", which === "plan");
  $("tab-compare").classList.toggle("active", which === "compare");
  if (which === "plan") {
    planMap.invalidateSize();
    if (project) renderLegend($("legend"), info.legend, null);
    return;
  }
  if (!beforeMap) {
    beforeMap = createMap($("map-before"));
    afterMap = createMap($("map-after"));
    before = new LayerStack(beforeMap, ["terrain", "overlay"]);
    after = new LayerStack(afterMap, ["terrain", "overlay"]);
    syncViews(beforeMap, afterMap);
    beforeShapes = L.layerGroup().addTo(beforeMap);
    afterShapes = L.layerGroup().addTo(afterMap!);
  }
  for (const g of [beforeShapes!, afterShapes!]) {
    g.clearLayers();
    for (const r of designShapes.aoi) g.addLayer(L.polygon(r, { ...aoiStyle, fill: false, interactive: false }));
    for (const r of designShapes.protect) g.addLayer(L.polygon(r, { ...protectStyle, fill: false, interactive: false }));
  }
  beforeMap.invalidateSize();
  afterMap!.invalidateSize();
  void renderCompare(true);
}

async function renderCompare(fit = false): Promise<void> {
  if (!design || !project || !before || !after || !beforeMap) return;
  const b: Bounds = project.bounds;
  if (fit) beforeMap.fitBounds(latLngBounds(b));
  const source = document.querySelector<HTMLInputElement>('input[name="compare-source"]:checked')?.value === "simulated" && check ? "simulated" : "predicted";
  const showDz = document.querySelector<HTMLInputElement>('input[name="after-layer"]:checked')?.value === "dz";
  const layers = design.result.layers as Record<string, string>;
  const v = check ? `?v=${check.id}` : "";
  const file = (f: string) => `/api/jobs/${design!.id}/${f}${v}`;
  const hrBefore = source === "simulated" ? "map_sim_hr_before.png" : layers.hr_before;
  const hrAfter = source === "simulated" ? "map_sim_hr_after.png" : layers.hr_after;
  const label = source === "simulated" ? "simulation" : "surrogate";
  $("before-title").textContent = `Before · HR (${label})`;
  $("after-title").textContent = showDz ? "After · Δz (cut blue, fill red)" : `After · HR (${label})`;
  renderLegend($("legend"), info.legend, showDz ? Number(design.result.dz_range_m) : null);
  await Promise.all([
    before.set("terrain", project.urls.terrain, b),
    before.set("overlay", file(hrBefore), b, { opacity: 0.85, pixelated: true }),
    after.set("terrain", file(layers.terrain_after), b),
    after.set("overlay", file(showDz ? layers.dz : hrAfter), b, { opacity: showDz ? 0.9 : 0.85, pixelated: true }),
  ]);
  $("compare-view").dataset.shown = `${source}:${showDz ? "dz" : "hr"}`;
}

// ---------- events from the server ----------

function connectEvents(): void {
  const es = new EventSource("/api/events");
  es.onmessage = (m) => {
    const d = JSON.parse(m.data) as { state?: JobView | null; job?: JobView; event?: Record<string, unknown> };
    if ("state" in d) {
      // a reconnect: a job that ended meanwhile leaves the page idle
      if (d.state?.state !== "running" && running) {
        running = null;
        setRunnable();
      }
      return;
    }
    if (!d.job || !d.event) return;
    if (d.job.kind === "design") onDesignEvent(d.job, d.event);
    else onCheckEvent(d.job, d.event);
  };
}

// ---------- start ----------

async function start(): Promise<void> {
  info = await getJson<Info>("/api/info");
  $("model-info").textContent = `surrogate ${info.model.name}: ${info.model.scenario}`;
  $("limits").textContent = `Uploads: a GeoTIFF DEM in a projected CRS in metres with ${info.model.cell_size_m} m cells (the model's), at most ${int(info.limits.max_cells)} cells and ${info.limits.max_upload_mb} MB; buildings as GeoTIFF heights (or a 0/1 mask) or GeoJSON footprints.`;
  const sel = $<HTMLSelectElement>("example-select");
  sel.innerHTML = info.examples.map((e) => `<option value="${e.id}" title="${escapeHtml(e.description)}">${escapeHtml(e.title)}</option>`).join("");
  const d = info.defaults;
  input("iterations").value = String(d.iterations);
  input("clip").value = String(d.clip);
  input("step").value = String(d.step);
  input("smoothness").value = String(d.smoothness);
  input("aoi-threshold").value = String(d.aoi_threshold);
  input("iterations").max = String(info.limits.max_iterations);
  renderLegend($("legend"), info.legend, null);
  $("open-example").addEventListener("click", () => void openExample());
  input("dem-file").addEventListener("change", () => void upload("dem", input("dem-file")));
  input("buildings-file").addEventListener("change", () => void upload("buildings", input("buildings-file")));
  $("draw-aoi").addEventListener("click", () => startDrawing("aoi"));
  $("draw-protect").addEventListener("click", () => startDrawing("protect"));
  $("clear-aoi").addEventListener("click", () => (aoiGroup.clearLayers(), updateCounts()));
  $("clear-protect").addEventListener("click", () => (protectGroup.clearLayers(), updateCounts()));
  document.querySelectorAll('input[name="aoi-kind"]').forEach((el) => el.addEventListener("change", () => void previewAoi()));
  input("aoi-threshold").addEventListener("input", () => {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(() => void previewAoi(), 150);
  });
  $("run").addEventListener("click", () => void runDesign());
  $("cancel").addEventListener("click", () => void postJson("/api/cancel", {}).catch((e) => say($("design-message"), (e as Error).message, "error")));
  $("check").addEventListener("click", () => void runCheck());
  $("cancel-check").addEventListener("click", () => void postJson("/api/cancel", {}).catch((e) => say($("check-message"), (e as Error).message, "error")));
  $("tab-plan").addEventListener("click", () => showView("plan"));
  $("tab-compare").addEventListener("click", () => showView("compare"));
  document.querySelectorAll('input[name="compare-source"], input[name="after-layer"]').forEach((el) => el.addEventListener("change", () => void renderCompare()));
  planMap.setView([0, 0], 0);
  connectEvents();
  setRunnable();
  document.body.dataset.ready = "1";
}

start().catch((e) => say($("data-message"), `the studio could not start: ${(e as Error).message}`, "error"));
