// Potential evapotranspiration where a data set has none: Thornthwaite (1948) from a monthly
// temperature climatology, with day length from latitude (FAO-56 eqs. 24, 25, 34) and Willmott et
// al. (1985)'s form above 26.5 °C. The monthly mean temperature is a sinusoid around the annual
// mean (bio1) whose warmest and coldest quarters have the means bio10 and bio11, warmest in July
// north of the equator and January south of it.
//
// Why not Hargreaves: it needs the mean diurnal range, and the bioclim grid's bio2 is not that (it
// reads 20 °C at Paris and 32 °C at Hudson Bay, two to three times the mean daily range: it looks
// like a range of monthly extremes, as bio5 and bio6 do), so Hargreaves would inflate PET by ~60 %.

/** FAO-56's day of year for the middle of each month. */
const MID_MONTH_DAY = [15, 46, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349];
/** Mean of cos over a three-month quarter centred on the extreme of a 12-month sinusoid: (1 + 2 cos 30°) / 3. */
const QUARTER_FACTOR = (1 + 2 * Math.cos(Math.PI / 6)) / 3;

/** Daylight hours at a latitude (degrees) on a day of the year (FAO-56 eq. 34). */
export function dayLength(latDeg: number, dayOfYear: number): number {
  const phi = (latDeg * Math.PI) / 180;
  const delta = 0.409 * Math.sin((2 * Math.PI * dayOfYear) / 365 - 1.39);
  const ws = Math.acos(Math.min(1, Math.max(-1, -Math.tan(phi) * Math.tan(delta))));
  return (24 / Math.PI) * ws;
}

/**
 * Thornthwaite PET (mm per month) of each month of a 12-month temperature climatology (°C),
 * for months of `days` days and `hours` of daylight.
 */
export function thornthwaite(temps: number[], hours: number[], days: number[]): number[] {
  const I = temps.reduce((s, t) => s + (t > 0 ? (t / 5) ** 1.514 : 0), 0);
  if (I === 0) return temps.map(() => 0);
  const a = 6.75e-7 * I ** 3 - 7.71e-5 * I ** 2 + 1.792e-2 * I + 0.49239;
  return temps.map((t, m) => {
    const unadjusted = t <= 0 ? 0 : t < 26.5 ? 16 * ((10 * t) / I) ** a : -415.85 + 32.24 * t - 0.43 * t * t;
    return unadjusted * (hours[m] / 12) * (days[m] / 30);
  });
}

export interface BioclimTemperature {
  /** bio1 annual mean, bio10 warmest-quarter mean, bio11 coldest-quarter mean, °C */
  bio1: number;
  bio10: number;
  bio11: number;
}

/** Monthly mean temperature (°C) of the sinusoidal climatology, January first. */
export function monthlyTemperature(latDeg: number, t: BioclimTemperature): number[] {
  const amplitude = Math.max(0, (t.bio10 - t.bio11) / (2 * QUARTER_FACTOR));
  const warmest = latDeg >= 0 ? 6 : 0;
  return Array.from({ length: 12 }, (_, m) => t.bio1 + amplitude * Math.cos((2 * Math.PI * (m - warmest)) / 12));
}

/** Daily-mean PET (mm/day) of each calendar month at a cell, January first. */
export function petClimatology(latDeg: number, t: BioclimTemperature): number[] {
  const hours = MID_MONTH_DAY.map((d) => dayLength(latDeg, d));
  // per day: Thornthwaite for 1-day "months"
  return thornthwaite(monthlyTemperature(latDeg, t), hours, new Array(12).fill(1));
}

export function daysInMonth(year: number, month1: number): number {
  return new Date(Date.UTC(year, month1, 0)).getUTCDate();
}
