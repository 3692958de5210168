// Calendar dates as ISO strings (YYYY-MM-DD); neuralhydrology's DD/MM/YYYY is accepted too.

export function parseDate(text: string, what: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : dmy ? [dmy[3], dmy[2], dmy[1]] : [];
  if (!y) throw new Error(`${what}: '${text}' is not a date; expected YYYY-MM-DD or DD/MM/YYYY`);
  const date = new Date(`${y}-${m}-${d}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) throw new Error(`${what}: '${text}' is not a calendar date`);
  return `${y}-${m}-${d}`;
}

/** Days since 1970-01-01 of an ISO date. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}
