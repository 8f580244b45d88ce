import { z } from 'zod';
import { BATCH_KIND } from '../sync/fact-batch';
import { decodeJsonBatch, encodeJsonBatch } from './json-batch';

/**
 * A cooling or reheating log is a run of facts: its start (what food, which process), each probe
 * reading (typed in by hand or picked from a sensor's stored readings), and what was done when a
 * stage failed. Nothing is changed afterwards; the verdict is worked out from them (cooling.ts).
 */
const base = {
  id: z.string().min(1).max(64),
  logId: z.string().min(1).max(64),
  atMs: z.number().int(),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
};

export const coolingEventFact = z.discriminatedUnion('type', [
  z.strictObject({ ...base, type: z.literal('start'), process: z.enum(['cooling', 'reheating']), food: z.string().min(1).max(120) }),
  z.strictObject({
    ...base,
    type: z.literal('reading'),
    tempCentiC: z.number().int().min(-5000).max(30000),
    /** The sensor whose stored reading was picked; null for a reading typed in by hand. */
    sensorId: z.string().min(1).max(64).nullable(),
  }),
  z.strictObject({ ...base, type: z.literal('action'), action: z.enum(['reheated', 'discarded', 'other']), note: z.string().max(500) }),
]);
export type CoolingEventFact = z.infer<typeof coolingEventFact>;

export const encodeCoolingBatch = (facts: CoolingEventFact[]) => encodeJsonBatch(BATCH_KIND.coolingEvents, facts);
export const decodeCoolingBatch = (batch: Uint8Array) => decodeJsonBatch(BATCH_KIND.coolingEvents, coolingEventFact, batch, 'cooling log entries');
