import { z } from 'zod';
import { OpsFlowError } from '../errors';
import { batchBody, batchKind, packBatch, type BatchKind } from '../sync/fact-batch';

/**
 * HACCP records (checklist completions, sign-offs, cooling logs) are facts a person writes a few
 * times a day: plain JSON batches, like the calibration events, checked whole on the way in.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeJsonBatch<T>(kind: BatchKind, facts: T[]): Uint8Array {
  return packBatch(kind, encoder.encode(JSON.stringify(facts)));
}

/** A batch from another device is untrusted input: anything malformed is refused whole. */
export function decodeJsonBatch<S extends z.ZodType>(kind: BatchKind, schema: S, batch: Uint8Array, what: string): z.infer<S>[] {
  if (batchKind(batch) !== kind) throw new OpsFlowError('FRAME_INVALID', `This is not a batch of ${what}.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(batchBody(batch)));
  } catch {
    throw new OpsFlowError('FRAME_INVALID', `A batch of ${what} could not be read; it was ignored.`);
  }
  const checked = z.array(schema).min(1).safeParse(parsed);
  if (!checked.success) throw new OpsFlowError('FRAME_INVALID', `A batch of ${what} is malformed; it was ignored.`);
  return checked.data as z.infer<S>[];
}
