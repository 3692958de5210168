// Surrogate networks by name; the config's `model` enum comes from here.
import { Registry } from "../../util/registry.js";
import { SurrogateArch, SurrogateUNet } from "./unet.js";

export type SurrogateNet = SurrogateUNet;

export const surrogateModels = new Registry<(arch: SurrogateArch) => SurrogateNet>("surrogate model").add("unet", (a) => new SurrogateUNet(a));

export function createSurrogate(arch: SurrogateArch): SurrogateNet {
  return surrogateModels.get(arch.model)(arch);
}
