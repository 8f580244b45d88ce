import type { ElitechDateTime } from '../../../domain/devices/elitech-frame';
import { OpsFlowError } from '../../../domain/errors';

/**
 * Loggers keep wall-clock time with no zone. These convert between that and UTC for an IANA
 * zone, with the zone's offset taken from Intl (the tz database Node ships).
 *
 * Wall-clock values are "as if UTC" milliseconds (elitechWallClockMs), so plain arithmetic works.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new OpsFlowError('BAD_INPUT', `"${timeZone}" is not a time zone OpsFlow knows. Check the location's time zone setting.`, { timeZone });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** How far the zone's clocks are ahead of UTC at an instant (negative west of Greenwich). */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const wholeSecondMs = Math.floor(utcMs / 1000) * 1000;
  const parts = formatterFor(timeZone).formatToParts(new Date(wholeSecondMs));
  const field = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wallMs = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wallMs - wholeSecondMs;
}

export function utcToWallClockMs(utcMs: number, timeZone: string): number {
  return utcMs + zoneOffsetMs(utcMs, timeZone);
}

const DAY_MS = 86_400_000;

/**
 * The UTC instant a wall-clock reading stands for. Zones change offset at most once in a day,
 * so the offsets a day before and a day after are the only candidates. Ambiguity is settled as
 * Temporal's default ('compatible') does: a wall time that happens twice (autumn) is the earlier
 * instant; one that never happens (spring) is read with the offset from before the jump.
 */
export function wallClockToUtcMs(wallMs: number, timeZone: string): number {
  const before = wallMs - zoneOffsetMs(wallMs - DAY_MS, timeZone);
  const after = wallMs - zoneOffsetMs(wallMs + DAY_MS, timeZone);
  const fits = (utcMs: number): boolean => utcToWallClockMs(utcMs, timeZone) === wallMs;
  if (fits(before) && fits(after)) return Math.min(before, after);
  if (fits(after)) return after;
  return before;
}

/** The fields of a wall-clock value, for a logger clock set. */
export function wallClockFields(wallMs: number): ElitechDateTime {
  const d = new Date(wallMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}
