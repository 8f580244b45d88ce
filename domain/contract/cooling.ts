import { z } from 'zod';
import type { ProcessKind, ProcessVerdict } from '../haccp/cooling';
import { method } from './define';
import { epochMs, id, optionalTextFor, shortTextFor } from './limits';

/** Cooling (3-501.14) and reheating (3-403.11) logs at this PC's location. */

const tempCentiC = z.number('A temperature is needed.').int('A temperature is needed.').min(-5000, 'A probe temperature is -50 °C to 300 °C.').max(30000, 'A probe temperature is -50 °C to 300 °C.');

export interface CoolingReadingView {
  id: string;
  atMs: number;
  tempCentiC: number;
  sensorId: string | null;
  actorName: string;
}

export interface CoolingActionView {
  id: string;
  atMs: number;
  action: 'reheated' | 'discarded' | 'other';
  note: string;
  actorName: string;
}

export interface CoolingLogView {
  id: string;
  process: ProcessKind;
  food: string;
  startedByName: string;
  readings: CoolingReadingView[];
  actions: CoolingActionView[];
  /** At the time of the call; the screen judges again every second with the same rule (domain/haccp/cooling.ts). */
  verdict: ProcessVerdict;
}

/** A reading typed in, or a sensor's stored reading picked by its time. */
const reading = z.union([
  z.strictObject({ tempCentiC, atMs: epochMs }),
  z.strictObject({ sensorId: id, atMs: epochMs }),
]);

export const coolingMethods = {
  /** Logs started in the last `days` days, newest first. */
  'cooling.list': method<CoolingLogView[]>()({ input: z.strictObject({ days: z.number().int().min(1).max(366).default(2) }), access: 'haccp.view', mutation: false }),
  'cooling.start': method<CoolingLogView>()({
    input: z.strictObject({ process: z.enum(['cooling', 'reheating']), food: shortTextFor('The food'), first: reading }),
    access: 'haccp.record',
    mutation: true,
  }),
  'cooling.addReading': method<CoolingLogView>()({ input: z.strictObject({ logId: id, reading }), access: 'haccp.record', mutation: true }),
  /** What was done about a failed stage: reheated to 165 °F, discarded, or something else (say what). */
  'cooling.recordAction': method<CoolingLogView>()({
    input: z.strictObject({ logId: id, action: z.enum(['reheated', 'discarded', 'other']), note: optionalTextFor('The note', 500) }),
    access: 'haccp.record',
    mutation: true,
  }),
};
