// The benchmark's test functions (Surjanovic & Bingham, Virtual Library of Simulation Experiments):
// their domains, minima (refined by Nelder-Mead from the published minimisers), and a noisy variant whose noise both sides read from the same table.
// bench/tune/peer.py defines the same functions in Python.

export interface TestFunction {
  name: string;
  /** [low, high] per dimension. */
  bounds: [number, number][];
  optimum: number;
  f: (x: number[]) => number;
  /** Gaussian noise of this standard deviation is added to what the sampler sees. */
  noise?: number;
}

function branin([x1, x2]: number[]): number {
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * Math.cos(x1) + 10;
}

const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((r) => r.map((v) => v * 1e-4));
const H3_A = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
];
const H3_P = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((r) => r.map((v) => v * 1e-4));
const ALPHA = [1, 1.2, 3, 3.2];

function hartmann(A: number[][], P: number[][]) {
  return (x: number[]) => {
    let s = 0;
    for (let i = 0; i < 4; i++) {
      let e = 0;
      for (let j = 0; j < x.length; j++) e += A[i][j] * (x[j] - P[i][j]) ** 2;
      s += ALPHA[i] * Math.exp(-e);
    }
    return -s;
  };
}

function rosenbrock(x: number[]): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] * x[i]) ** 2 + (x[i] - 1) ** 2;
  return s;
}

export const FUNCTIONS: TestFunction[] = [
  { name: "branin", bounds: [[-5, 10], [0, 15]], optimum: 0.39788735772973816, f: branin },
  { name: "hartmann6", bounds: Array.from({ length: 6 }, () => [0, 1] as [number, number]), optimum: -3.3223680114155147, f: hartmann(H6_A, H6_P) },
  { name: "rosenbrock4", bounds: Array.from({ length: 4 }, () => [-5, 10] as [number, number]), optimum: 0, f: rosenbrock },
  { name: "noisy", bounds: Array.from({ length: 3 }, () => [0, 1] as [number, number]), optimum: -3.862779787332663, f: hartmann(H3_A, H3_P), noise: 0.1 },
];

/** Standard normal draws from a seed (Box-Muller on mulberry32), written to the peer so both sides add the same noise. */
export function noiseTable(seed: number, n: number): number[] {
  let a = (seed * 2654435761) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next()));
}
