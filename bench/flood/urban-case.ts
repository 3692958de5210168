// The benchmark's synthetic urban case: 512×512 cells of 2 m on a gentle slope with small relief,
// 15 % of the cells under buildings raised 5 m, 100 mm/h of rain for 1 h.
import { SimulationInput } from "../../src/flood/engine.js";
import { seededRandom } from "../../src/util/random.js";

export function urbanCase(size = 512, duration = 7200): SimulationInput {
  const n = size * size;
  const rand = seededRandom(7);
  const z = Float64Array.from({ length: n }, (_, i) => {
    const x = i % size, y = Math.floor(i / size);
    return 0.01 * x + 0.005 * y + 0.3 * Math.sin(x / 17) * Math.cos(y / 23);
  });
  const building = new Uint8Array(n);
  let covered = 0;
  while (covered < 0.15 * n) {
    const w = 4 + Math.floor(rand() * 8), h = 4 + Math.floor(rand() * 8);
    const x0 = Math.floor(rand() * (size - w)), y0 = Math.floor(rand() * (size - h));
    for (let y = y0; y < y0 + h; y++)
      for (let x = x0; x < x0 + w; x++)
        if (!building[y * size + x]) {
          building[y * size + x] = 1;
          z[y * size + x] += 5;
          covered++;
        }
  }
  return {
    width: size,
    height: size,
    dx: 2,
    z,
    blocked: new Uint8Array(n),
    manning: new Float64Array(n).fill(0.03),
    rain: { t: Float64Array.from([0, 3600]), rate: Float64Array.from([100 / 3.6e6, 0]) },
    boundary: "free",
    duration,
  };
}
