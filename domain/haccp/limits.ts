/**
 * A monitored unit's critical limit: the temperature its readings must stay at or below (cold
 * holding, frozen) or at or above (hot holding). A reading exactly at the limit is in range.
 *
 * Defaults are the FDA Food Code's metric figures (temperatures are hundredths of a °C):
 * - cold holding 5 °C / 41 °F or less: 3-501.16(A)(2);
 * - hot holding 57 °C / 135 °F or above: 3-501.16(A)(1);
 * - frozen −18 °C / 0 °F or less: the Code says only "maintained frozen" (3-501.11); −18 °C is the
 *   industry convention;
 * - receiving refrigerated TCS food at 5 °C / 41 °F or less: 3-202.11(A);
 * - a blast chiller holds what it has cooled as cold holding does (the cooling log judges the cooling itself, 3-501.14).
 */
export const UNIT_TYPES = ['walk-in-cooler', 'reach-in-cooler', 'freezer', 'hot-holding', 'blast-chiller', 'receiving'] as const;
export type UnitType = (typeof UNIT_TYPES)[number];

export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  'walk-in-cooler': 'Walk-in cooler',
  'reach-in-cooler': 'Reach-in cooler',
  freezer: 'Freezer',
  'hot-holding': 'Hot holding',
  'blast-chiller': 'Blast chiller',
  receiving: 'Receiving',
};

/** 'max': readings must stay at or below the limit (cold); 'min': at or above it (hot). */
export type LimitKind = 'max' | 'min';

export interface CriticalLimit {
  kind: LimitKind;
  limitCentiC: number;
}

const COLD_HOLDING_MAX_CENTI_C = 500;
const HOT_HOLDING_MIN_CENTI_C = 5700;
const FROZEN_MAX_CENTI_C = -1800;

export const DEFAULT_LIMITS: Record<UnitType, CriticalLimit> = {
  'walk-in-cooler': { kind: 'max', limitCentiC: COLD_HOLDING_MAX_CENTI_C },
  'reach-in-cooler': { kind: 'max', limitCentiC: COLD_HOLDING_MAX_CENTI_C },
  freezer: { kind: 'max', limitCentiC: FROZEN_MAX_CENTI_C },
  'hot-holding': { kind: 'min', limitCentiC: HOT_HOLDING_MIN_CENTI_C },
  'blast-chiller': { kind: 'max', limitCentiC: COLD_HOLDING_MAX_CENTI_C },
  receiving: { kind: 'max', limitCentiC: COLD_HOLDING_MAX_CENTI_C },
};

/** An override a person may set: −40 °C to +100 °C, whole hundredths. */
export const LIMIT_MIN_CENTI_C = -4000;
export const LIMIT_MAX_CENTI_C = 10_000;

/** The alarm waits this long before paging anyone (door openings, defrost cycles); the record still shows every reading. */
export const DEFAULT_ALARM_DELAY_MIN = 30;
export const MAX_ALARM_DELAY_MIN = 180;

/** The limit in force for a unit of this type: its override, or the Food Code's default. */
export function limitOf(type: UnitType, overrideCentiC: number | null): CriticalLimit {
  const base = DEFAULT_LIMITS[type];
  return overrideCentiC === null ? base : { kind: base.kind, limitCentiC: overrideCentiC };
}

/** At the limit is in range (the Code's "or less" / "or above"). */
export function isInRange(tempCentiC: number, limit: CriticalLimit): boolean {
  return limit.kind === 'max' ? tempCentiC <= limit.limitCentiC : tempCentiC >= limit.limitCentiC;
}

export function isUnitType(value: unknown): value is UnitType {
  return typeof value === 'string' && (UNIT_TYPES as readonly string[]).includes(value);
}
