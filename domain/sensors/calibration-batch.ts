import { z } from 'zod';
import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind, packBatch } from '../sync/fact-batch';

/**
 * A calibration is a fact: who set which offset on which sensor, when, and why. The sensor record
 * in the ops document holds the offset in force; these events are its history and are never
 * changed. They are rare (a few a year per sensor), so a batch is plain JSON like the audit log's.
 */
export const calibrationFact = z.strictObject({
  id: z.string().min(1).max(64),
  sensorId: z.string().min(1).max(64),
  deviceSerial: z.string().min(1).max(64),
  channel: z.string().max(32),
  atMs: z.number().int(),
  offsetCentiC: z.number().int().min(-1000).max(1000),
  previousOffsetCentiC: z.number().int().min(-1000).max(1000),
  dueMs: z.number().int().nullable(),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
  note: z.string().max(500),
});
export type CalibrationFact = z.infer<typeof calibrationFact>;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeCalibrationBatch(facts: CalibrationFact[]): Uint8Array {
  return packBatch(BATCH_KIND.calibration, encoder.encode(JSON.stringify(facts)));
}

/** A batch from another device is untrusted input: anything malformed is refused whole. */
export function decodeCalibrationBatch(batch: Uint8Array): CalibrationFact[] {
  if (batchKind(batch) !== BATCH_KIND.calibration) throw new OpsFlowError('FRAME_INVALID', 'This is not a batch of calibration events.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(batchBody(batch)));
  } catch {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of calibration events could not be read; it was ignored.');
  }
  const checked = z.array(calibrationFact).min(1).safeParse(parsed);
  if (!checked.success) throw new OpsFlowError('FRAME_INVALID', 'A batch of calibration events is malformed; it was ignored.');
  return checked.data;
}
