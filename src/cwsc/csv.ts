// CSV output with RFC 4180 quoting, for tables whose ids may hold commas or quotes
// ("Gobi desert, Junggar and Turpan depressions").
export function csvField(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toQuotedCsv(header: string[], rows: (string | number)[][]): string {
  return [header.map(csvField).join(","), ...rows.map((r) => r.map(csvField).join(","))].join("\n") + "\n";
}
