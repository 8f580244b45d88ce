import { z } from 'zod';
import { LIMIT_MAX_CENTI_C, LIMIT_MIN_CENTI_C, MAX_ALARM_DELAY_MIN, UNIT_TYPES, type LimitKind, type UnitType } from '../haccp/limits';
import type { CorrectiveActionView } from './corrective';
import { method } from './define';
import { epochMs, id, shortTextFor, wholeNumber } from './limits';

/** HACCP: monitored units and their limits, sensors assigned to them, readings by hand, excursions. */

export const unitName = shortTextFor("The unit's name");
export const unitType = z.enum(UNIT_TYPES, `A unit is one of: ${UNIT_TYPES.join(', ')}.`);
/** Null: back to the Food Code's default for the unit's type. */
export const unitLimitCentiC = wholeNumber(LIMIT_MIN_CENTI_C, LIMIT_MAX_CENTI_C, 'A critical limit is -40.00 to +100.00 °C.').nullable();
export const alarmDelayMin = wholeNumber(0, MAX_ALARM_DELAY_MIN, `The alarm delay is 0 to ${MAX_ALARM_DELAY_MIN} minutes (3 hours).`);
/** A probe reading typed in: -50.00 to +150.00 °C. */
export const manualTempCentiC = wholeNumber(-5000, 15_000, 'A probe reading is -50.00 to +150.00 °C.');

export interface UnitView {
  id: string;
  locationId: string;
  name: string;
  type: UnitType;
  limitKind: LimitKind;
  /** The limit in force (the override, or the type's default). */
  limitCentiC: number;
  /** True when the limit is the Food Code's default for the type. */
  defaultLimit: boolean;
  alarmDelayMin: number;
  active: boolean;
  sensors: { id: string; name: string }[];
}

export interface ExcursionView {
  unitId: string;
  unit: string;
  sensorId: string;
  sensor: string;
  locationId: string;
  startMs: number;
  /** Null while open. */
  endMs: number | null;
  durationMin: number;
  peakCentiC: number;
  limitCentiC: number;
  limitKind: LimitKind;
  readings: number;
  /** The corrective action in force (its latest amendment), or null while nobody recorded one. */
  correctiveAction: CorrectiveActionView | null;
}

export const haccpMethods = {
  'haccp.listUnits': method<UnitView[]>()({ input: z.strictObject({ locationId: id.optional() }), access: 'haccp.view', mutation: false }),
  'haccp.addUnit': method<UnitView>()({
    input: z.strictObject({
      name: unitName,
      type: unitType,
      limitCentiC: unitLimitCentiC.optional(),
      alarmDelayMin: alarmDelayMin.optional(),
      /** This PC's location when left out. */
      locationId: id.optional(),
    }),
    access: 'haccp.manageLimits',
    mutation: true,
  }),
  'haccp.updateUnit': method<UnitView>()({
    input: z.strictObject({
      unitId: id,
      name: unitName.optional(),
      limitCentiC: unitLimitCentiC.optional(),
      alarmDelayMin: alarmDelayMin.optional(),
      active: z.boolean().optional(),
    }),
    access: 'haccp.manageLimits',
    mutation: true,
  }),
  /** The unit a sensor watches from now on (null: none); readings already stored keep their verdict. */
  'haccp.assignSensor': method<UnitView | null>()({
    input: z.strictObject({ sensorId: id, unitId: id.nullable() }),
    access: 'sensors.manage',
    mutation: true,
  }),
  /** A probe reading taken by hand, stored as a reading with source "manual" on the unit's hand probe. */
  'haccp.recordReading': method<{ sensorId: string; inRange: boolean; limitCentiC: number }>()({
    input: z.strictObject({ unitId: id, tempCentiC: manualTempCentiC, atMs: epochMs.optional() }),
    access: 'haccp.record',
    mutation: true,
  }),
  'haccp.excursions': method<ExcursionView[]>()({
    input: z.strictObject({ locationId: id.optional(), unitId: id.optional(), fromMs: epochMs.optional(), toMs: epochMs.optional() }),
    access: 'haccp.view',
    mutation: false,
  }),
};
