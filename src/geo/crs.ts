// CRS facts from GDAL: WKT, EPSG code only with certainty, units.
import { gdal, SpatialReference } from "./gdal.js";
import { Crs } from "./raster.js";

export function crsOf(srs: SpatialReference | null): Crs | null {
  if (!srs) return null;
  return { wkt: srs.toWKT(), epsg: epsgOf(srs) };
}

function epsgOf(srs: SpatialReference): number | null {
  const fromAuthority = (s: SpatialReference) => (s.getAuthorityName(null) === "EPSG" ? Number(s.getAuthorityCode(null)) : null);
  const direct = fromAuthority(srs);
  if (direct) return direct;
  try {
    const copy = srs.clone();
    copy.autoIdentifyEPSG();
    return fromAuthority(copy);
  } catch {
    return null;
  }
}

export function srsOf(crs: Crs): SpatialReference {
  return crs.epsg ? gdal.SpatialReference.fromEPSG(crs.epsg) : gdal.SpatialReference.fromWKT(crs.wkt);
}

export function describeCrs(crs: Crs | null): string {
  if (!crs) return "no CRS";
  if (crs.epsg) return `EPSG:${crs.epsg}`;
  const name = /^[A-Z]+CRS\["([^"]+)"/.exec(crs.wkt) ?? /^[A-Z_]+\["([^"]+)"/.exec(crs.wkt);
  return name ? `'${name[1]}'` : "an unnamed CRS";
}

export function isGeographic(crs: Crs): boolean {
  return srsOf(crs).isGeographic();
}

/** Linear unit of a projected CRS: its name and metres per unit. */
export function linearUnits(crs: Crs): { name: string; metres: number } {
  const u = srsOf(crs).getLinearUnits();
  return { name: u.units, metres: u.value };
}

export function sameCrs(a: Crs | null, b: Crs | null): boolean {
  if (!a || !b) return a === b;
  if (a.epsg && b.epsg) return a.epsg === b.epsg;
  return srsOf(a).isSame(srsOf(b));
}

/** A CRS from what a user writes: "EPSG:32632", a WKT or a PROJ string. */
export function parseCrs(text: string, what = "crs"): Crs {
  let srs: SpatialReference;
  try {
    srs = gdal.SpatialReference.fromUserInput(text);
  } catch {
    throw new Error(`${what}: '${text}' is not a CRS GDAL knows; expected e.g. EPSG:32632`);
  }
  return crsOf(srs) as Crs;
}
