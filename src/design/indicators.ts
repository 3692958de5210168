// Seed 002's indicators of a design, from the hazard maps of the original and the designed layout
// inside the area of interest A: difference and relative difference of mean HR, size difference and
// relative size difference of the high-HR areas {HR > ε}, and their IoU (original vs designed).

export const EPSILONS = [0.1, 0.5] as const;

export interface Indicators {
  mean_hr_before: number;
  mean_hr_after: number;
  mean_hr_diff: number;
  mean_hr_rel_diff: number;
  [key: string]: number;
}

function meanOver(hr: ArrayLike<number>, area: ArrayLike<number>, inside: boolean): number {
  let s = 0, n = 0;
  for (let i = 0; i < hr.length; i++)
    if ((area[i] > 0) === inside && Number.isFinite(hr[i])) {
      s += hr[i];
      n++;
    }
  return n ? s / n : NaN;
}

export function designIndicators(before: ArrayLike<number>, after: ArrayLike<number>, aoi: ArrayLike<number>): Indicators {
  const b = meanOver(before, aoi, true), a = meanOver(after, aoi, true);
  const out: Indicators = { mean_hr_before: b, mean_hr_after: a, mean_hr_diff: a - b, mean_hr_rel_diff: b > 0 ? (a - b) / b : NaN };
  for (const e of EPSILONS) {
    let nb = 0, na = 0, both = 0, either = 0;
    for (let i = 0; i < aoi.length; i++) {
      if (!(aoi[i] > 0)) continue;
      const hb = before[i] > e, ha = after[i] > e;
      if (hb) nb++;
      if (ha) na++;
      if (hb && ha) both++;
      if (hb || ha) either++;
    }
    const tag = String(e).replace(".", "");
    out[`area_hr${tag}_before`] = nb;
    out[`area_hr${tag}_after`] = na;
    out[`size_diff_hr${tag}`] = na - nb;
    out[`rel_size_diff_hr${tag}`] = nb > 0 ? (na - nb) / nb : NaN;
    out[`iou_hr${tag}`] = either > 0 ? both / either : NaN;
  }
  out.mean_hr_outside_before = meanOver(before, aoi, false);
  out.mean_hr_outside_after = meanOver(after, aoi, false);
  return out;
}
