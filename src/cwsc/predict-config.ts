// `catchment cwsc predict` config: where the input grids are, and the comparison grid.
import { z } from "zod";

export const predictSchema = z
  .object({
    inputs: z
      .object({
        bioclim: z.string(),
        xanthos: z.string().optional(),
        extra: z.array(z.object({ name: z.string(), path: z.string(), band: z.number().int().min(1).default(1) }).strict()).default([]),
      })
      .strict(),
    /** Xanthos folder whose soil_moisture.csv (FAO maximum soil moisture) the map is compared with */
    compare_with: z.string().optional(),
  })
  .strict();
