// Procedural urban layout on a patch: a street network (a rotated grid, an irregular network of
// Voronoi edges, or none), streets lowered below the kerb with a crowned surface, and blocks filled
// with buildings of varied footprint (rectangles, L-shapes, courtyards), height and density, some
// blocks left open (parks, squares).
import { Rng } from "../../util/random.js";

export type StreetKind = "grid" | "organic" | "none";
export type BlockKind = "residential" | "dense" | "commercial" | "park";

export interface LayoutParams {
  streets: StreetKind;
  orientation: number;
  spacingM: [number, number];
  /** only one family of parallel streets (ribbon development) */
  oneWay: boolean;
  streetWidthM: number;
  kerbM: number;
  crownM: number;
  seeds: number;
}

export function drawLayoutParams(rng: Rng): LayoutParams {
  const streets: StreetKind = rng.chance(0.08) ? "none" : rng.chance(0.4) ? "organic" : "grid";
  return {
    streets,
    orientation: rng.uniform(0, Math.PI / 2),
    spacingM: [rng.uniform(45, 130), rng.uniform(45, 130)],
    oneWay: rng.chance(0.15),
    streetWidthM: rng.uniform(6, 18),
    kerbM: rng.uniform(0.06, 0.2),
    crownM: rng.uniform(0.0, 0.06),
    seeds: rng.int(4, 12),
  };
}

export interface Layout {
  /** 1 on street cells */
  street: Uint8Array;
  /** block index of every cell (−1 on streets) */
  block: Int32Array;
  blockKinds: BlockKind[];
  /** building height above ground per cell, 0 where there is none */
  heights: Float64Array;
  /** lowering of each street cell relative to the ground (kerb and crown), metres */
  streetLowering: Float64Array;
}

interface Net {
  street: Uint8Array;
  block: Int32Array;
  blocks: number;
  /** 0 at a street's centre line, 1 at its kerb (street cells only) */
  across: Float64Array;
  /** street direction of each block (building alignment) */
  blockAngle: number[];
}

function gridNetwork(W: number, H: number, cell: number, p: LayoutParams, rng: Rng): Net {
  const n = W * H;
  const street = new Uint8Array(n);
  const across = new Float64Array(n);
  const ids = new Map<string, number>();
  const block = new Int32Array(n);
  const [sx, sy] = p.spacingM;
  const ox = rng.uniform(0, sx), oy = rng.uniform(0, sy);
  const cos = Math.cos(p.orientation), sin = Math.sin(p.orientation);
  const w = p.streetWidthM;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const x = (c + 0.5) * cell, y = (r + 0.5) * cell;
      const u = x * cos + y * sin + ox, v = -x * sin + y * cos + oy;
      const du = ((u % sx) + sx) % sx, dv = ((v % sy) + sy) % sy;
      const i = r * W + c;
      const inU = du < w;
      const inV = !p.oneWay && dv < w;
      if (inU || inV) {
        street[i] = 1;
        const a = inU ? Math.abs(du - w / 2) / (w / 2) : 1;
        const b = inV ? Math.abs(dv - w / 2) / (w / 2) : 1;
        across[i] = Math.min(a, b);
        block[i] = -1;
      } else {
        const key = `${Math.floor(u / sx)},${p.oneWay ? 0 : Math.floor(v / sy)}`;
        if (!ids.has(key)) ids.set(key, ids.size);
        block[i] = ids.get(key) as number;
      }
    }
  return { street, block, blocks: ids.size, across, blockAngle: Array.from({ length: ids.size }, () => p.orientation) };
}

function organicNetwork(W: number, H: number, cell: number, p: LayoutParams, rng: Rng): Net {
  const n = W * H;
  const L = Math.max(W, H) * cell;
  const seeds = Array.from({ length: p.seeds }, () => [rng.uniform(-0.2 * L, 1.2 * W * cell), rng.uniform(-0.2 * L, 1.2 * H * cell)] as const);
  const street = new Uint8Array(n);
  const across = new Float64Array(n);
  const block = new Int32Array(n);
  const w = p.streetWidthM;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const x = (c + 0.5) * cell, y = (r + 0.5) * cell;
      let d1 = Infinity, d2 = Infinity, k1 = 0;
      seeds.forEach(([sx, sy], k) => {
        const d = Math.hypot(x - sx, y - sy);
        if (d < d1) {
          d2 = d1;
          d1 = d;
          k1 = k;
        } else if (d < d2) d2 = d;
      });
      const i = r * W + c;
      // distance to the Voronoi edge between the two nearest seeds, approximately (d2 − d1) / 2
      const edge = (d2 - d1) / 2;
      if (edge < w / 2) {
        street[i] = 1;
        across[i] = edge / (w / 2);
        block[i] = -1;
      } else block[i] = k1;
    }
  return { street, block, blocks: seeds.length, across, blockAngle: seeds.map(() => rng.uniform(0, Math.PI)) };
}

function noNetwork(W: number, H: number): Net {
  return { street: new Uint8Array(W * H), block: new Int32Array(W * H), blocks: 1, across: new Float64Array(W * H), blockAngle: [0] };
}

function drawBlockKind(rng: Rng): BlockKind {
  const u = rng.random();
  return u < 0.12 ? "park" : u < 0.55 ? "residential" : u < 0.82 ? "dense" : "commercial";
}

const blockStyle: Record<Exclude<BlockKind, "park">, { density: [number, number]; size: [number, number]; height: [number, number]; gap: number; setback: [number, number] }> = {
  residential: { density: [0.12, 0.35], size: [7, 18], height: [3.5, 9], gap: 3, setback: [2, 8] },
  dense: { density: [0.3, 0.65], size: [10, 35], height: [8, 30], gap: 0, setback: [0, 3] },
  commercial: { density: [0.2, 0.5], size: [25, 80], height: [5, 16], gap: 4, setback: [3, 12] },
};

/** Cells within `d` cells of a street (Chebyshev distance by two sweeps). */
function distanceToStreet(street: Uint8Array, W: number, H: number): Float64Array {
  const d = new Float64Array(W * H).fill(Infinity);
  for (let i = 0; i < d.length; i++) if (street[i]) d[i] = 0;
  for (let r = 0; r < H; r++)
    for (let c = 0; c < W; c++) {
      const i = r * W + c;
      if (r > 0) d[i] = Math.min(d[i], d[i - W] + 1);
      if (c > 0) d[i] = Math.min(d[i], d[i - 1] + 1);
      if (r > 0 && c > 0) d[i] = Math.min(d[i], d[i - W - 1] + Math.SQRT2);
      if (r > 0 && c < W - 1) d[i] = Math.min(d[i], d[i - W + 1] + Math.SQRT2);
    }
  for (let r = H - 1; r >= 0; r--)
    for (let c = W - 1; c >= 0; c--) {
      const i = r * W + c;
      if (r < H - 1) d[i] = Math.min(d[i], d[i + W] + 1);
      if (c < W - 1) d[i] = Math.min(d[i], d[i + 1] + 1);
      if (r < H - 1 && c < W - 1) d[i] = Math.min(d[i], d[i + W + 1] + Math.SQRT2);
      if (r < H - 1 && c > 0) d[i] = Math.min(d[i], d[i + W - 1] + Math.SQRT2);
    }
  return d;
}

/** Cells of a footprint: a rotated rectangle, an L, or a courtyard block, centred at (x, y) metres. */
function footprintCells(W: number, H: number, cell: number, x: number, y: number, a: number, b: number, angle: number, shape: "rect" | "L" | "court"): number[] {
  const cos = Math.cos(angle), sin = Math.sin(angle);
  const R = Math.hypot(a, b) / 2 + cell;
  const out: number[] = [];
  for (let r = Math.max(0, Math.floor((y - R) / cell)); r < Math.min(H, Math.ceil((y + R) / cell)); r++)
    for (let c = Math.max(0, Math.floor((x - R) / cell)); c < Math.min(W, Math.ceil((x + R) / cell)); c++) {
      const dx = (c + 0.5) * cell - x, dy = (r + 0.5) * cell - y;
      const u = dx * cos + dy * sin, v = -dx * sin + dy * cos;
      if (Math.abs(u) > a / 2 || Math.abs(v) > b / 2) continue;
      if (shape === "L" && u > 0 && v > 0) continue;
      if (shape === "court" && Math.abs(u) < a / 2 - Math.min(a, b) * 0.3 && Math.abs(v) < b / 2 - Math.min(a, b) * 0.3) continue;
      out.push(r * W + c);
    }
  return out;
}

export function generateLayout(W: number, H: number, cell: number, p: LayoutParams, rng: Rng): Layout {
  const net = p.streets === "grid" ? gridNetwork(W, H, cell, p, rng) : p.streets === "organic" ? organicNetwork(W, H, cell, p, rng) : noNetwork(W, H);
  const n = W * H;
  const kinds: BlockKind[] = Array.from({ length: net.blocks }, () => drawBlockKind(rng));
  // a patch is urban: never all parks
  if (!kinds.some((k) => k !== "park")) kinds[0] = "residential";
  const dist = distanceToStreet(net.street, W, H);
  const heights = new Float64Array(n);
  const taken = new Uint8Array(n);
  const blockCells: number[][] = Array.from({ length: net.blocks }, () => []);
  for (let i = 0; i < n; i++) if (net.block[i] >= 0) blockCells[net.block[i]].push(i);
  blockCells.forEach((cells, b) => {
    const kind = kinds[b];
    if (kind === "park" || cells.length === 0) return;
    const style = blockStyle[kind];
    const density = rng.uniform(...style.density);
    const setback = rng.uniform(...style.setback) / cell;
    const baseHeight = rng.uniform(...style.height);
    const target = density * cells.length;
    let built = 0;
    for (let attempt = 0; attempt < 400 && built < target; attempt++) {
      const i0 = cells[Math.floor(rng.random() * cells.length)];
      const x = ((i0 % W) + 0.5) * cell, y = (Math.floor(i0 / W) + 0.5) * cell;
      const a = rng.uniform(...style.size), bb = rng.uniform(style.size[0], Math.min(style.size[1], a * 1.6));
      const angle = net.blockAngle[b] + (rng.chance(0.85) ? 0 : rng.uniform(-0.4, 0.4));
      const shape = rng.chance(0.7) ? "rect" : a > 14 && rng.chance(0.8) ? "L" : a > 24 ? "court" : "rect";
      const fp = footprintCells(W, H, cell, x, y, a, bb, angle, shape);
      if (fp.length < 4) continue;
      const gap = style.gap / cell;
      let ok = true;
      for (const i of fp) {
        if (net.block[i] !== b || dist[i] < setback || taken[i]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (gap > 0) {
        // keep the gap to other buildings: no taken cell within `gap` cells of the footprint
        const g = Math.ceil(gap);
        for (const i of fp) {
          const r = Math.floor(i / W), c = i % W;
          for (let dr = -g; dr <= g && ok; dr++)
            for (let dc = -g; dc <= g && ok; dc++) {
              const rr = r + dr, cc = c + dc;
              if (rr >= 0 && rr < H && cc >= 0 && cc < W && taken[rr * W + cc]) ok = false;
            }
          if (!ok) break;
        }
        if (!ok) continue;
      }
      const h = Math.max(2.5, baseHeight * rng.logUniform(0.7, 1.4));
      for (const i of fp) {
        taken[i] = 1;
        heights[i] = h;
      }
      built += fp.length;
    }
  });
  const streetLowering = new Float64Array(n);
  for (let i = 0; i < n; i++) if (net.street[i]) streetLowering[i] = p.kerbM - p.crownM * (1 - net.across[i] ** 2);
  return { street: net.street, block: net.block, blockKinds: kinds, heights, streetLowering };
}
