// The legend under the maps: FD2320's hazard classes (the colours of the HR layers) and, when Δz
// is shown, the diverging scale of cut and fill.
import type { Legend } from "./api.js";
import { rgb } from "./format.js";

export function renderLegend(el: HTMLElement, legend: Legend, dzRange: number | null): void {
  const classes = legend.hazard_classes
    .map((c) => `<span><i class="swatch" style="background:${rgb(c.color)}"></i>${c.label}</span>`)
    .join("");
  let html = `<strong>Hazard rating HR = d(v + 0.5)</strong>${classes}<span class="muted">FD2320 classes; the lowest fades as HR falls; below ${legend.hr_shown_from} not drawn</span>`;
  if (dzRange !== null) {
    const stops = legend.diverging.map((c, i) => `${rgb(c)} ${(100 * i) / (legend.diverging.length - 1)}%`).join(", ");
    html += `<span><strong>Δz</strong> −${dzRange.toFixed(2)} m (cut)<i class="ramp" style="background:linear-gradient(to right, ${stops})"></i>+${dzRange.toFixed(2)} m (fill)</span>`;
  }
  el.innerHTML = html;
}
