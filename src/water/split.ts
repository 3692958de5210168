// The spatial split of a scene: square blocks go wholly to training or to testing (seeded), so that
// test pixels are not neighbours of training pixels inside the same block.
import { shuffled } from "../util/random.js";

/** 1 where the pixel lies in a test block. */
export function testBlocks(width: number, height: number, blockSize: number, testFraction: number, seed: number): Uint8Array {
  const bx = Math.ceil(width / blockSize);
  const by = Math.ceil(height / blockSize);
  const blocks = bx * by;
  if (blocks < 2) throw new Error(`split: a ${width}x${height} scene has a single block of ${blockSize} pixels; choose a smaller split.block_size`);
  const nTest = Math.min(blocks - 1, Math.max(1, Math.round(blocks * testFraction)));
  const test = new Set(shuffled(Array.from({ length: blocks }, (_, i) => i), seed).slice(0, nTest));
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = Math.floor(y / blockSize) * bx;
    for (let x = 0; x < width; x++) if (test.has(row + Math.floor(x / blockSize))) out[y * width + x] = 1;
  }
  return out;
}
