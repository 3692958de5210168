// Named colormaps: continuous ones as colour stops on [0, 1], and the discrete flood-hazard classes
// of the UK's FD2320 (Defra/EA 2006) on HR values.

export type Rgb = [number, number, number];
export type ColormapName = "terrain" | "depth" | "velocity" | "hazard" | "diverging" | "gray";

const stops: Record<Exclude<ColormapName, "hazard">, [number, Rgb][]> = {
  terrain: [
    [0, [38, 115, 77]],
    [0.25, [118, 171, 94]],
    [0.5, [222, 214, 145]],
    [0.75, [166, 121, 84]],
    [1, [245, 245, 245]],
  ],
  depth: [
    [0, [222, 240, 255]],
    [0.3, [120, 190, 235]],
    [0.7, [30, 110, 200]],
    [1, [8, 40, 110]],
  ],
  velocity: [
    [0, [255, 247, 188]],
    [0.5, [254, 153, 41]],
    [1, [140, 45, 4]],
  ],
  diverging: [
    [0, [33, 102, 172]],
    [0.5, [247, 247, 247]],
    [1, [178, 24, 43]],
  ],
  gray: [
    [0, [0, 0, 0]],
    [1, [255, 255, 255]],
  ],
};

/** FD2320 hazard classes of HR = d(v + 0.5) + DF. */
export const hazardClasses: { upTo: number; label: string; color: Rgb }[] = [
  { upTo: 0.75, label: "low (< 0.75)", color: [255, 255, 178] },
  { upTo: 1.25, label: "moderate: danger for some", color: [254, 178, 76] },
  { upTo: 2.0, label: "significant: danger for most", color: [240, 59, 32] },
  { upTo: Infinity, label: "extreme: danger for all (> 2)", color: [128, 0, 38] },
];

export function isDiscrete(name: ColormapName): boolean {
  return name === "hazard";
}

/** Colour of a value; continuous maps take t in [0, 1] (clamped), the hazard map takes HR itself. */
export function colorAt(name: ColormapName, value: number): Rgb {
  if (name === "hazard") return (hazardClasses.find((c) => value < c.upTo) ?? hazardClasses[hazardClasses.length - 1]).color;
  const s = stops[name];
  const t = Math.min(1, Math.max(0, value));
  for (let i = 1; i < s.length; i++) {
    if (t <= s[i][0]) {
      const [t0, c0] = s[i - 1];
      const [t1, c1] = s[i];
      const f = (t - t0) / (t1 - t0);
      return [0, 1, 2].map((k) => Math.round(c0[k] + f * (c1[k] - c0[k]))) as Rgb;
    }
  }
  return s[s.length - 1][1];
}

export function isColormap(name: string): name is ColormapName {
  return ["terrain", "depth", "velocity", "hazard", "diverging", "gray"].includes(name);
}
