// Numbers as the page shows them.
export const num = (v: unknown, digits = 3): string => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(digits) : "–");
/** A hazard rating: four significant digits, however small. */
export const hr = (v: unknown): string => (typeof v === "number" && Number.isFinite(v) ? (v === 0 ? "0" : Math.abs(v) >= 1 ? v.toFixed(3) : v.toPrecision(4)) : "–");
export const pct = (v: unknown): string => (typeof v === "number" && Number.isFinite(v) ? `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)} %` : "–");
export const int = (v: unknown): string => (typeof v === "number" && Number.isFinite(v) ? Math.round(v).toLocaleString("en") : "–");
export const seconds = (s: number): string => (s < 1 ? `${Math.round(s * 1000)} ms` : s < 120 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`);
export const rgb = (c: [number, number, number]) => `rgb(${c.join(",")})`;
