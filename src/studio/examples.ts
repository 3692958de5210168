// The bundled examples the page offers, read from the package's examples/ folder (never written).
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

export interface StudioExample {
  id: string;
  title: string;
  description: string;
  dem: string;
  buildings?: string;
}

export const studioExamples: StudioExample[] = [
  {
    id: "demo-patch",
    title: "Synthetic urban patch",
    description: "256 m × 256 m of streets and buildings, 2 m cells (EPSG:32632; made by catchment's procedural generator)",
    dem: join(packageRoot, "examples", "surrogate", "demo-patch", "dem.tif"),
    buildings: join(packageRoot, "examples", "surrogate", "demo-patch", "buildings.tif"),
  },
];

export function exampleById(id: string): StudioExample | undefined {
  return studioExamples.find((e) => e.id === id);
}
