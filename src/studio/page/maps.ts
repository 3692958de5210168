// Maps in the raster's own coordinates (L.CRS.Simple with x = easting, y = northing), image layers
// drawn by the server at one pixel per cell, and views kept in step between the before/after maps.
import L from "./leaflet-global.js";

export type Bounds = [number, number, number, number];

export const latLngBounds = (b: Bounds) => L.latLngBounds([b[1], b[0]], [b[3], b[2]]);

export function createMap(el: HTMLElement): L.Map {
  return L.map(el, { crs: L.CRS.Simple, minZoom: -6, maxZoom: 8, zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: false, zoomControl: true });
}

/** Named image layers on one map; setting a layer replaces its image, and the promise settles when the image is shown. */
export class LayerStack {
  private layers = new Map<string, L.ImageOverlay>();
  constructor(readonly map: L.Map, private readonly order: string[]) {}

  set(name: string, url: string | null, bounds: Bounds, o: { opacity?: number; pixelated?: boolean } = {}): Promise<void> {
    const old = this.layers.get(name);
    if (!url) {
      if (old) old.remove();
      this.layers.delete(name);
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const layer = L.imageOverlay(url, latLngBounds(bounds), { opacity: o.opacity ?? 1, className: `layer-${name}${o.pixelated ? " pixelated" : ""}`, zIndex: 10 + this.order.indexOf(name), interactive: false });
      layer.once("load", () => {
        old?.remove();
        resolve();
      });
      layer.once("error", () => reject(new Error(`could not load the ${name} layer`)));
      layer.addTo(this.map);
      this.layers.set(name, layer);
    });
  }

  clear(): void {
    for (const l of this.layers.values()) l.remove();
    this.layers.clear();
  }
}

/** Moves and zooms `b` with `a` and the other way round. */
export function syncViews(a: L.Map, b: L.Map): void {
  let busy = false;
  const follow = (from: L.Map, to: L.Map) => () => {
    if (busy) return;
    busy = true;
    to.setView(from.getCenter(), from.getZoom(), { animate: false });
    busy = false;
  };
  a.on("move zoom", follow(a, b));
  b.on("move zoom", follow(b, a));
}
