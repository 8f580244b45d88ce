import { z } from 'zod';
import { LIMIT_MAX_CENTI_C, LIMIT_MIN_CENTI_C, MAX_ALARM_DELAY_MIN, UNIT_TYPES } from './limits';

/** The maps of a location's ops document HACCP keeps: one Y.Map per monitored unit, per alert. */
export const HACCP_OPS_MAPS = { units: 'haccpUnits', alerts: 'alerts' } as const;

export const unitRecord = z.object({
  name: z.string().min(1).max(120),
  type: z.enum(UNIT_TYPES),
  /** Null: the Food Code's default for the type (limits.ts). */
  limitCentiC: z.number().int().min(LIMIT_MIN_CENTI_C).max(LIMIT_MAX_CENTI_C).nullable(),
  alarmDelayMin: z.number().int().min(0).max(MAX_ALARM_DELAY_MIN),
  active: z.boolean(),
  createdAtMs: z.number().int(),
});
export type UnitRecord = z.infer<typeof unitRecord>;
