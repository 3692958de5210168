// The studio server's JSON API, as the page calls it: an error answer becomes an Error whose
// message is the server's one line.
export interface Legend {
  hazard_classes: { from: number; up_to: number | null; label: string; color: [number, number, number] }[];
  hr_shown_from: number;
  dz_shown_from: number;
  diverging: [number, number, number][];
}

export interface Info {
  model: { name: string; scenario: string; cell_size_m: number; patch_size: number };
  limits: { max_upload_mb: number; max_cells: number; max_iterations: number; max_polygons: number };
  examples: { id: string; title: string; description: string }[];
  legend: Legend;
  defaults: Record<string, number | string | boolean>;
}

export interface Project {
  id: string;
  dem_name: string;
  buildings_name: string | null;
  width: number;
  height: number;
  cell_m: number;
  bounds: [number, number, number, number];
  crs: string;
  building_cells: number;
  notes: string[];
  warnings: string[];
  hr: { mean: number; max: number; cells_above_0_1: number; cells_above_0_5: number };
  tiles: number;
  predict_ms: number;
  urls: { terrain: string; hr: string };
}

export type Indicators = Record<string, number | null>;

export interface JobView {
  id: string;
  kind: "design" | "check";
  state: "running" | "done" | "failed" | "cancelled";
  design: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  iterations?: { iteration: number; objective: number; cut_m3: number; fill_m3: number }[];
}

async function answer<T>(r: Response): Promise<T> {
  const text = await r.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new Error(`the server answered ${r.status} ${r.statusText}`);
  }
  if (!r.ok) throw new Error((body as { error?: string })?.error ?? `the server answered ${r.status}`);
  return body as T;
}

export const getJson = <T>(url: string) => fetch(url, { credentials: "same-origin" }).then((r) => answer<T>(r));

export const postJson = <T>(url: string, body: unknown) =>
  fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).then((r) => answer<T>(r));

export const putFile = <T>(url: string, file: File) => fetch(url, { method: "PUT", credentials: "same-origin", body: file }).then((r) => answer<T>(r));
