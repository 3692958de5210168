// `catchment studio`'s settings.
import { z } from "zod";

export const studioSchema = z
  .object({
    port: z.number().int().min(0).max(65535).default(8080),
    host: z.string().min(1).default("127.0.0.1"),
    /** a surrogate model folder (default: the shipped models/surrogate) */
    model: z.string().optional(),
    /** the studio's working folder: sessions, uploads, designs */
    data: z.string().default("runs/studio"),
    /** largest upload per file (MB) */
    max_upload_mb: z.number().positive().default(64),
    /** largest DEM (cells) */
    max_cells: z.number().int().min(16).default(512 * 512),
  })
  .strict();

export type StudioConfig = z.infer<typeof studioSchema>;
