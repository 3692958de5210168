// The official Earth Engine JavaScript client (@google/earthengine), initialised offline: instead of
// asking the server for the algorithm list, it gets the published signatures of the few algorithms
// the export uses. It can then build and serialise image graphs; it never makes a request.
import { createRequire } from "node:module";
import { SIGNATURES } from "./signatures.js";

/* eslint-disable @typescript-eslint/no-explicit-any */
export type EeImage = any;
export type EeKernel = any;
export type EeModule = any;

let client: EeModule | null = null;

export function earthEngine(): EeModule {
  if (client) return client;
  const ee = createRequire(import.meta.url)("@google/earthengine") as EeModule;
  // ee.ApiFunction.initialize() asks ee.data.getAlgorithms() synchronously when it gets no callback
  ee.data.getAlgorithms = () => structuredClone(SIGNATURES);
  ee.initialize(null, null);
  for (const name of ["Image", "Kernel", "Reducer"]) if (!ee[name]) throw new Error(`Earth Engine client: ee.${name} is missing after offline initialisation`);
  client = ee;
  return ee;
}
