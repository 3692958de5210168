// The quickstart: one basin, one LSTM, trained on the bundled Minam River sample.
import { z } from "zod";
import { parseDate } from "../../util/dates.js";

const date = (what: string) => z.string().transform((s, ctx) => {
  try {
    return parseDate(s, what);
  } catch (e) {
    ctx.addIssue({ code: "custom", message: (e as Error).message });
    return z.NEVER;
  }
});

export const quickstartSchema = z
  .object({
    data: z.string(),
    dynamic_inputs: z.array(z.string()).min(1),
    target: z.string(),
    benchmark: z.string().optional(),
    train_start_date: date("train_start_date"),
    train_end_date: date("train_end_date"),
    test_start_date: date("test_start_date"),
    test_end_date: date("test_end_date"),
    seq_length: z.number().int().min(1).default(270),
    hidden_size: z.number().int().min(1).default(32),
    output_dropout: z.number().min(0).max(0.9).default(0.1),
    learning_rate: z.number().positive().default(0.005),
    batch_size: z.number().int().min(1).default(64),
    epochs: z.number().int().min(1).default(20),
    clip_gradient_norm: z.number().positive().optional(),
    seed: z.number().int().default(1),
  })
  .strict();

export type QuickstartConfig = z.infer<typeof quickstartSchema>;
