/**
 * Facts travel as immutable, content-addressed batches set once into the `batches` map of a log
 * document. The first byte says what the batch holds; the rest is that kind's own encoding.
 */
export const FACT_BATCHES_MAP = 'batches';

export const BATCH_KIND = {
  audit: 1,
  readings: 2,
  calibration: 3,
  backupRecords: 4,
  checklistCompletions: 10,
  checklistSignoffs: 11,
  coolingEvents: 12,
  stockMovements: 15,
  correctiveActions: 5,
  correctiveSignoffs: 6,
  receivingChecks: 16,
} as const;
export type BatchKind = (typeof BATCH_KIND)[keyof typeof BATCH_KIND];

export function packBatch(kind: BatchKind, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 1);
  out[0] = kind;
  out.set(body, 1);
  return out;
}

export function batchKind(batch: Uint8Array): number {
  return batch[0] ?? -1;
}

export function batchBody(batch: Uint8Array): Uint8Array {
  return batch.subarray(1);
}
