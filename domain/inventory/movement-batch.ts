import { z } from 'zod';
import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind, packBatch } from '../sync/fact-batch';
import { movementFact, type MovementFact } from './movements';

/**
 * Stock movements travel as batches in the location's monthly log document: one batch per thing a
 * person did (a delivery of 30 lines, a count's 500 adjustments), set once and never changed. Plain
 * JSON: a batch is small, and its size is bounded by what one person posts at once.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeMovementBatch(facts: readonly MovementFact[]): Uint8Array {
  return packBatch(BATCH_KIND.stockMovements, encoder.encode(JSON.stringify(facts)));
}

/** A batch from another device is untrusted input: anything malformed is refused whole. */
export function decodeMovementBatch(batch: Uint8Array): MovementFact[] {
  if (batchKind(batch) !== BATCH_KIND.stockMovements) throw new OpsFlowError('FRAME_INVALID', 'This is not a batch of stock movements.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(batchBody(batch)));
  } catch {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of stock movements could not be read; it was ignored.');
  }
  const checked = z.array(movementFact).min(1).max(100_000).safeParse(parsed);
  if (!checked.success) throw new OpsFlowError('FRAME_INVALID', 'A batch of stock movements is malformed; it was ignored.');
  return checked.data;
}
