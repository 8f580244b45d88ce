import type { z } from 'zod';

/**
 * The sentence a contract schema refuses `value` with, or null when it passes. Forms check with the
 * engine's own schemas (domain/contract), so the form and a direct call say the same words, and a
 * value out of range is refused, never quietly changed to fit.
 */
export function refusal(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? 'This value is not accepted.');
}
