// Cells of a north-up grid picked by coordinates in its CRS: the cell of a point, the cells within
// a radius, along a polyline, or along a stretch of an edge. Cells are row-major indices
// (row · width + column).
import { Grid } from "./raster.js";

function northUp(grid: Grid): [number, number, number, number] {
  const [x0, dx, rx, y0, ry, dy] = grid.geotransform;
  if (rx !== 0 || ry !== 0) throw new Error(`cells: the grid is rotated (geotransform ${grid.geotransform.join(", ")}); only north-up grids are supported`);
  return [x0, dx, y0, dy];
}

/** The cell holding (x, y), or −1 outside the grid. */
export function cellOf(grid: Grid, x: number, y: number): number {
  const [x0, dx, y0, dy] = northUp(grid);
  const c = Math.floor((x - x0) / dx);
  const r = Math.floor((y - y0) / dy);
  return c >= 0 && c < grid.width && r >= 0 && r < grid.height ? r * grid.width + c : -1;
}

/** The cells whose centres lie within `radius` of (x, y), row by row. */
export function cellsWithin(grid: Grid, x: number, y: number, radius: number): number[] {
  const [x0, dx, y0, dy] = northUp(grid);
  const span = (p: number, o: number, d: number, n: number): [number, number] => {
    const a = (p - radius - o) / d - 0.5, b = (p + radius - o) / d - 0.5;
    return [Math.max(0, Math.floor(Math.min(a, b))), Math.min(n - 1, Math.ceil(Math.max(a, b)))];
  };
  const [r0, r1] = span(y, y0, dy, grid.height);
  const [c0, c1] = span(x, x0, dx, grid.width);
  const out: number[] = [];
  for (let r = r0; r <= r1; r++) {
    const cy = y0 + (r + 0.5) * dy;
    for (let c = c0; c <= c1; c++) {
      const cx = x0 + (c + 0.5) * dx;
      if ((cx - x) ** 2 + (cy - y) ** 2 <= radius * radius) out.push(r * grid.width + c);
    }
  }
  return out;
}

/**
 * Every cell a polyline passes through, in order along it, without repeats (the grid traversal
 * of Amanatides & Woo 1987, so a line that clips the corner of a cell counts it). Parts outside the
 * grid are skipped.
 */
export function cellsAlong(grid: Grid, vertices: [number, number][]): number[] {
  const [x0, dx, y0, dy] = northUp(grid);
  const seen = new Set<number>();
  const out: number[] = [];
  const add = (c: number, r: number) => {
    if (c < 0 || c >= grid.width || r < 0 || r >= grid.height) return;
    const cell = r * grid.width + c;
    if (!seen.has(cell)) {
      seen.add(cell);
      out.push(cell);
    }
  };
  for (let k = 0; k + 1 < vertices.length; k++) {
    // in pixel coordinates (u = column, v = row, continuous)
    const u0 = (vertices[k][0] - x0) / dx, v0 = (vertices[k][1] - y0) / dy;
    const u1 = (vertices[k + 1][0] - x0) / dx, v1 = (vertices[k + 1][1] - y0) / dy;
    let c = Math.floor(u0), r = Math.floor(v0);
    const cEnd = Math.floor(u1), rEnd = Math.floor(v1);
    const du = u1 - u0, dv = v1 - v0;
    const stepC = Math.sign(du), stepR = Math.sign(dv);
    // parameter t ∈ [0, 1] along the segment at the next column and row boundary, and per cell
    const tDeltaC = du !== 0 ? Math.abs(1 / du) : Infinity;
    const tDeltaR = dv !== 0 ? Math.abs(1 / dv) : Infinity;
    let tMaxC = du > 0 ? (c + 1 - u0) / du : du < 0 ? (c - u0) / du : Infinity;
    let tMaxR = dv > 0 ? (r + 1 - v0) / dv : dv < 0 ? (r - v0) / dv : Infinity;
    add(c, r);
    const steps = Math.abs(cEnd - c) + Math.abs(rEnd - r);
    for (let i = 0; i < steps; i++) {
      if (tMaxC < tMaxR) {
        c += stepC;
        tMaxC += tDeltaC;
      } else if (tMaxR < tMaxC) {
        r += stepR;
        tMaxR += tDeltaR;
      } else {
        // through a corner: the two cells beside it are touched only at a point; step diagonally
        c += stepC;
        r += stepR;
        tMaxC += tDeltaC;
        tMaxR += tDeltaR;
        i++;
      }
      add(c, r);
    }
  }
  return out;
}

export type Edge = "N" | "S" | "E" | "W";

/** The cells along one edge of the grid whose centres lie between two coordinates (x for N/S, y for E/W). */
export function edgeCells(grid: Grid, side: Edge, from: number, to: number): number[] {
  const [x0, dx, y0, dy] = northUp(grid);
  const lo = Math.min(from, to), hi = Math.max(from, to);
  const out: number[] = [];
  if (side === "N" || side === "S") {
    const r = (side === "N") === dy < 0 ? 0 : grid.height - 1;
    for (let c = 0; c < grid.width; c++) {
      const x = x0 + (c + 0.5) * dx;
      if (x >= lo && x <= hi) out.push(r * grid.width + c);
    }
  } else {
    const c = (side === "W") === dx > 0 ? 0 : grid.width - 1;
    for (let r = 0; r < grid.height; r++) {
      const y = y0 + (r + 0.5) * dy;
      if (y >= lo && y <= hi) out.push(r * grid.width + c);
    }
  }
  return out;
}
