/**
 * The `threshold` query parameter of the routes that screen. Left out, it stays undefined and
 * the screener applies its scoring model's threshold, so a retrained model brings its own; the
 * OpenAPI document says which number that is today.
 */
import { z } from 'zod';
import { defaultThresholdText } from '../screening/default-threshold.js';

export function thresholdParam() {
  return z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(`score at or above which a result is a match (${defaultThresholdText()})`);
}
