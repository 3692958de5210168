// Tables (markdown) from the report.json files that examples/dem/evaluate_all.sh leaves: per test
// area the enhanced DEM against every input (RMSE, MAE, bias, NMAD, flood CSI), and the enhanced DEM
// against the best input by slope class and by land cover.
//   node dist/examples/dem/summarize.js /tmp/dem-eval
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

interface Stats { rmse: number; mae: number; bias: number; nmad: number; cells: number }
interface Report {
  names: string[];
  overall: Record<string, Stats>;
  bySlope: { class: string; stats: Record<string, Stats> }[];
  byCover: { class: string; stats: Record<string, Stats> }[];
  flood: Record<string, { pod: number; far: number; csi: number; max_depth_rmse_m: number }> | null;
  bestGdem: string;
  rmseChangePct: number;
  maeChangePct: number;
}

function reports(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...reports(p));
    else if (f === "report.json") out.push(p);
  }
  return out.sort();
}

const root = process.argv[2];
if (!root || !existsSync(root)) {
  console.error("usage: node dist/examples/dem/summarize.js <evaluate_all output folder>");
  process.exit(1);
}
const f = (v: number, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : "–");
const short = (n: string) => n.replace(/^synthetic_/, "");
const label = (p: string) => relative(root, p).replace(/\/report\.json$/, "").replace(/\/eval_stack_layers$/, " +layers").replace(/\/eval_stack$/, "").replace(/^procedural\//, "");
const all = reports(root).map((p) => ({ label: label(p), r: JSON.parse(readFileSync(p, "utf8")) as Report }));

console.log("| test area | enhanced RMSE / MAE / bias / NMAD (m) | " + "inputs RMSE (MAE) (m) | RMSE change vs best | MAE change vs best | CSI enhanced | CSI inputs |");
console.log("| --- | --- | --- | --- | --- | --- | --- |");
for (const { label: l, r } of all) {
  const e = r.overall.enhanced;
  const inputs = r.names.slice(1).map((n) => `${short(n)} ${f(r.overall[n].rmse)} (${f(r.overall[n].mae)})`).join(", ");
  const csi = r.flood ? r.names.slice(1).map((n) => `${short(n)} ${f(r.flood![n].csi, 3)}`).join(", ") : "–";
  console.log(`| ${l} | ${f(e.rmse)} / ${f(e.mae)} / ${f(e.bias)} / ${f(e.nmad)} | ${inputs} | ${f(r.rmseChangePct, 1)} % | ${f(r.maeChangePct, 1)} % | ${r.flood ? f(r.flood.enhanced.csi, 3) : "–"} | ${csi} |`);
}
for (const [what, key] of [["slope class", "bySlope"], ["land cover", "byCover"]] as const) {
  console.log(`\nRMSE (m) by ${what}, enhanced / best input overall (cells):\n`);
  const classes = [...new Set(all.flatMap((a) => a.r[key].map((c) => c.class)))];
  console.log(`| test area | ${classes.join(" | ")} |`);
  console.log(`| --- | ${classes.map(() => "---").join(" | ")} |`);
  for (const { label: l, r } of all) {
    const cells = classes.map((c) => {
      const s = r[key].find((x) => x.class === c)?.stats;
      return s && s.enhanced.cells ? `${f(s.enhanced.rmse)} / ${f(s[r.bestGdem].rmse)} (${s.enhanced.cells})` : "–";
    });
    console.log(`| ${l} | ${cells.join(" | ")} |`);
  }
}
