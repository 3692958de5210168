// Hillshade by Horn's (1981) slope and aspect, as gdaldem: illumination in [0, 1] with the sun at
// `azimuth` degrees clockwise from north and `altitude` degrees above the horizon.

export function hillshade(
  dem: ArrayLike<number>,
  width: number,
  height: number,
  cellX: number,
  cellY: number,
  isValid: (v: number) => boolean,
  azimuth = 315,
  altitude = 45,
  zFactor = 1,
): Float32Array {
  const out = new Float32Array(width * height).fill(NaN);
  const zen = ((90 - altitude) * Math.PI) / 180;
  const az = ((360 - azimuth + 90) * Math.PI) / 180;
  const at = (r: number, c: number, fallback: number) => {
    const rr = Math.min(height - 1, Math.max(0, r));
    const cc = Math.min(width - 1, Math.max(0, c));
    const v = dem[rr * width + cc];
    return isValid(v) ? v : fallback;
  };
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const z = dem[r * width + c];
      if (!isValid(z)) continue;
      const [a, b, cc, d, f, g, h, i] = [at(r - 1, c - 1, z), at(r - 1, c, z), at(r - 1, c + 1, z), at(r, c - 1, z), at(r, c + 1, z), at(r + 1, c - 1, z), at(r + 1, c, z), at(r + 1, c + 1, z)];
      const dzdx = (cc + 2 * f + i - (a + 2 * d + g)) / (8 * cellX);
      const dzdy = (g + 2 * h + i - (a + 2 * b + cc)) / (8 * cellY);
      const slope = Math.atan(zFactor * Math.hypot(dzdx, dzdy));
      const aspect = Math.atan2(dzdy, -dzdx);
      const shade = Math.cos(zen) * Math.cos(slope) + Math.sin(zen) * Math.sin(slope) * Math.cos(az - aspect);
      out[r * width + c] = Math.max(0, shade);
    }
  }
  return out;
}
