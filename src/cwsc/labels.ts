// Labels for the network: groups of lattice cells that share one storage capacity. A calibrated
// basin is one group (all its cells carry its capacity: the label is a basin property, and the
// network learns cells whose basin mean is the label); a gridded label raster makes every valid
// cell a group of one, so both kinds go through the same sampling, splitting and evaluation.
// Groups whose calibration KGE is not above the threshold are masked (left out).
import { join } from "node:path";
import { readRaster } from "../geo/io.js";
import { bandOnLattice, cellLat, cellLon } from "./data/lattice.js";
import { columnIndex, numberAt, readTextTable } from "./data/text-table.js";

export interface LabelGroup {
  id: string;
  /** storage capacity, mm */
  value: number;
  kge: number;
  cells: Int32Array;
}

export interface Labels {
  groups: LabelGroup[];
  masked: number;
  /** groups left out because none of their cells is land in the input grids */
  offLand: string[];
}

export type LabelSource = { calibration: string } | { raster: string; kge_raster?: string };

function keepOnLand(groups: LabelGroup[], land: Uint8Array): { groups: LabelGroup[]; offLand: string[] } {
  const offLand: string[] = [];
  const kept = groups
    .map((g) => ({ ...g, cells: g.cells.filter((c) => land[c] === 1) }))
    .filter((g) => (g.cells.length ? true : (offLand.push(g.id), false)));
  return { groups: kept, offLand };
}

export function readLabels(src: LabelSource, land: Uint8Array, kgeThreshold: number): Labels {
  if ("calibration" in src) {
    const t = readTextTable(join(src.calibration, "labels.csv"));
    const [id, cap, kge] = ["id", "capacity_mm", "kge"].map((c) => columnIndex(t, c));
    const cellsTable = readTextTable(join(src.calibration, "cells.csv"));
    const [cid, ccell] = ["id", "cell"].map((c) => columnIndex(cellsTable, c));
    const cells = new Map<string, number[]>();
    cellsTable.rows.forEach((r, i) => {
      if (!cells.has(r[cid])) cells.set(r[cid], []);
      cells.get(r[cid])?.push(numberAt(cellsTable, i, ccell));
    });
    const all = t.rows.map((r, i) => {
      const value = numberAt(t, i, cap);
      if (!(value > 0)) throw new Error(`${t.path}: basin '${r[id]}' has capacity '${r[cap]}', expected a positive number of mm`);
      return { id: r[id], value, kge: numberAt(t, i, kge), cells: Int32Array.from(cells.get(r[id]) ?? []) };
    });
    const unmasked = all.filter((g) => g.kge > kgeThreshold);
    return { ...keepOnLand(unmasked, land), masked: all.length - unmasked.length };
  }
  const r = readRaster(src.raster, { bands: [1] });
  const values = bandOnLattice(r, 0, src.raster);
  const kge = src.kge_raster ? bandOnLattice(readRaster(src.kge_raster, { bands: [1] }), 0, src.kge_raster) : null;
  const groups: LabelGroup[] = [];
  let masked = 0;
  values.forEach((v, c) => {
    if (!Number.isFinite(v)) return;
    if (!(v > 0)) throw new Error(`${src.raster}: cell (${cellLon(c)}, ${cellLat(c)}) has capacity ${v}; expected mm > 0 or nodata`);
    const k = kge ? kge[c] : Infinity;
    if (!(k > kgeThreshold)) {
      masked++;
      return;
    }
    groups.push({ id: `cell_${c}`, value: v, kge: k, cells: Int32Array.of(c) });
  });
  if (groups.length === 0) throw new Error(`${src.raster}: no cell with a capacity${kge ? ` and KGE above ${kgeThreshold}` : ""}`);
  return { ...keepOnLand(groups, land), masked };
}

/** The cell-count-weighted centre of a group, longitude as a circular mean. */
export function groupCentre(g: LabelGroup): { lon: number; lat: number } {
  let x = 0;
  let y = 0;
  let lat = 0;
  for (const c of g.cells) {
    const a = (cellLon(c) * Math.PI) / 180;
    x += Math.cos(a);
    y += Math.sin(a);
    lat += cellLat(c);
  }
  return { lon: (Math.atan2(y, x) * 180) / Math.PI, lat: lat / g.cells.length };
}
