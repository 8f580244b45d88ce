import { createHash } from 'node:crypto';
import { OpsFlowError } from '../../../domain/errors';
import { limitOf } from '../../../domain/haccp/limits';
import {
  REPORT_FORMAT_VERSION,
  calibrationState,
  excursionKey,
  rangeProblem,
  type InspectionReport,
  type ReportChecklist,
  type ReportCoolingLog,
  type ReportParams,
  type ReportUnit,
  type TimedTemp,
  type UnitDay,
} from '../../../domain/report/inspection-report';
import { nextDay, startOfDayInZone, wallTimeInZone } from '../../../domain/time/calendar-days';
import { checklistDay } from '../checklists/checklist-day';
import type { EngineContext } from '../context';
import { coolingLogViews } from '../cooling/cooling-logs';
import { listExcursions } from '../haccp/excursion-queries';
import { unitRowsAt, unitTypeOf } from '../haccp/unit-views';
import type { Store } from '../store';
import { archivedReadings, withArchived } from './archived-readings';
import { REPORT_CORRECTIVE_ACTIONS, type CorrectiveActionsOf } from './corrective-actions-source';
import { receivingChecksIn } from './receiving-source';

const HOUR_MS = 3_600_000;
/** Twice-daily readings: the first reading at or after 08:00 and 20:00, if one came within two hours. */
const TWICE_DAILY_MINUTES = [8 * 60, 20 * 60] as const;
const TWICE_DAILY_WINDOW_MS = 2 * HOUR_MS;

export function locationRow(store: Store, locationId: string) {
  const row = store.q.first(store.db.selectFrom('locations').selectAll().where('id', '=', locationId));
  if (!row) throw new OpsFlowError('NOT_FOUND', 'There is no such location.');
  return row;
}

function daysOf(fromDay: string, toDay: string): string[] {
  const days: string[] = [];
  for (let d = fromDay; d <= toDay; d = nextDay(d)) days.push(d);
  return days;
}

/**
 * A unit's days from one ordered scan of its sensors' readings: min/max and the twice-daily pair
 * per day, and a SHA-256 of every reading row (the digest's hold on readings the extremes hide).
 */
function unitDays(store: EngineContext, sensorIds: string[], days: string[], timeZone: string, twiceDaily: boolean): { days: UnitDay[]; readingsSha256: string } {
  const starts = [...days, nextDay(days[days.length - 1]!)].map((d) => startOfDayInZone(d, timeZone)!);
  const targets = days.map((d) => TWICE_DAILY_MINUTES.map((m) => wallTimeInZone(d, m, timeZone)!));
  const out: UnitDay[] = days.map((day) => ({ day, readings: 0, minCentiC: null, maxCentiC: null, ...(twiceDaily ? { am: null, pm: null } : {}) }));
  const hash = createHash('sha256');
  if (sensorIds.length > 0) {
    // Read before the table's iterator opens: an archive that fails to read must not leave it open.
    const archived = archivedReadings(store, sensorIds, starts[0]!, starts[starts.length - 1]!);
    const hot = store.sqlite
      .prepare(
        `SELECT sensor_id, at_ms, temp_centi_c, flags FROM readings
          WHERE sensor_id IN (${sensorIds.map(() => '?').join(', ')}) AND at_ms >= ? AND at_ms < ?
          ORDER BY sensor_id, at_ms`,
      )
      .raw(true)
      .iterate(...sensorIds, starts[0]!, starts[starts.length - 1]!) as IterableIterator<[string, number, number, number]>;
    const rows = archived.length === 0 ? hot : withArchived(hot, archived);
    let i = 0;
    let sensor = '';
    for (const [sensorId, atMs, temp, flags] of rows) {
      hash.update(`${sensorId},${atMs},${temp},${flags}\n`);
      if (sensorId !== sensor) {
        sensor = sensorId;
        i = 0;
      }
      while (atMs >= starts[i + 1]!) i++;
      const day = out[i]!;
      day.readings++;
      if (day.minCentiC === null || temp < day.minCentiC) day.minCentiC = temp;
      if (day.maxCentiC === null || temp > day.maxCentiC) day.maxCentiC = temp;
      if (twiceDaily) {
        const [amAt, pmAt] = targets[i]!;
        if (atMs >= amAt! && atMs < amAt! + TWICE_DAILY_WINDOW_MS) day.am = earlier(day.am ?? null, { atMs, tempCentiC: temp });
        if (atMs >= pmAt! && atMs < pmAt! + TWICE_DAILY_WINDOW_MS) day.pm = earlier(day.pm ?? null, { atMs, tempCentiC: temp });
      }
    }
  }
  return { days: out, readingsSha256: hash.digest('hex') };
}

function earlier(a: TimedTemp | null, b: TimedTemp): TimedTemp {
  return a === null || b.atMs < a.atMs ? b : a;
}

/** The store as it was at `asOfMs`, for code that judges against `now()`. */
function storeAt(store: Store, asOfMs: number): Store {
  return Object.create(store, { now: { value: () => asOfMs } }) as Store;
}

function checklistRows(store: Store, locationId: string, timeZone: string, days: string[]): ReportChecklist[] {
  return days.flatMap((day) =>
    checklistDay(store, locationId, timeZone, day).occurrences.map((o): ReportChecklist => {
      const first = o.records[0];
      const latest = o.records[o.records.length - 1];
      const signed = [...o.records].reverse().find((r) => r.signoff !== null)?.signoff ?? null;
      return {
        day,
        name: o.templateName,
        label: o.label,
        dueAtMs: o.dueAtMs,
        state: o.state,
        completedAtMs: first?.completedAtMs ?? null,
        completedBy: first?.actorName ?? null,
        failedItems: latest?.failedItems ?? 0,
        amendments: Math.max(0, o.records.length - 1),
        signedBy: signed?.actorName ?? null,
        signedAtMs: signed?.atMs ?? null,
        records: o.records.map((r) => ({ id: r.id, completedAtMs: r.completedAtMs, by: r.actorName, answers: r.answers, note: r.note })),
      };
    }),
  );
}

function coolingRows(store: Store, locationId: string, fromMs: number, toMs: number, asOfMs: number): ReportCoolingLog[] {
  const ids = store.q
    .all(
      store.db
        .selectFrom('cooling_events')
        .select('log_id')
        .where('location_id', '=', locationId)
        .where('type', '=', 'start')
        .where('at_ms', '>=', fromMs)
        .where('at_ms', '<', toMs)
        .orderBy('at_ms')
        .orderBy('log_id'),
    )
    .map((r) => r.log_id);
  return coolingLogViews(store, ids, asOfMs).map((v) => ({
    id: v.id,
    process: v.process,
    food: v.food,
    startedBy: v.startedByName,
    startedAtMs: v.verdict.startedAtMs,
    state: v.verdict.state,
    stages: v.verdict.stages.map((s) => ({ name: s.name, state: s.state, deadlineMs: s.deadlineMs, reachedAtMs: s.reachedAtMs })),
    readings: v.readings.map((r) => ({ atMs: r.atMs, tempCentiC: r.tempCentiC, by: r.actorName })),
    actions: v.actions.map((a) => ({ atMs: a.atMs, action: a.action, note: a.note, by: a.actorName })),
  }));
}

/**
 * Everything the inspector's report shows for a location and range, read from the data as it is
 * now and judged at `params.asOfMs`. Called again by `report verify` with the stamped parameters:
 * the same data gives the same object, so the same digest.
 */
export function assembleReport(ctx: EngineContext, params: ReportParams, correctiveActionsOf: CorrectiveActionsOf = REPORT_CORRECTIVE_ACTIONS): InspectionReport {
  const problem = rangeProblem(params.fromDay, params.toDay);
  if (problem) throw new OpsFlowError('BAD_INPUT', problem);
  const loc = locationRow(ctx, params.locationId);
  const tz = loc.time_zone;
  const at = storeAt(ctx, params.asOfMs);
  const days = daysOf(params.fromDay, params.toDay);
  const fromMs = startOfDayInZone(params.fromDay, tz)!;
  const toMs = startOfDayInZone(nextDay(params.toDay), tz)!;

  const sensors = ctx.q.all(ctx.db.selectFrom('sensors').selectAll().where('location_id', '=', loc.id).orderBy('name').orderBy('id'));
  const unitRows = unitRowsAt(ctx, [loc.id]).filter((u) => u.active === 1 || sensors.some((s) => s.unit_id === u.id));
  const units: ReportUnit[] = unitRows.map((u) => {
    const mine = sensors.filter((s) => s.unit_id === u.id);
    const limit = limitOf(unitTypeOf(u), u.limit_centi_c);
    return {
      id: u.id,
      name: u.name,
      type: u.type,
      limitKind: limit.kind,
      limitCentiC: limit.limitCentiC,
      sensors: mine.map((s) => s.name),
      ...unitDays(ctx, mine.map((s) => s.id), days, tz, params.twiceDaily),
    };
  });

  const runs = listExcursions(ctx, { locationIds: [loc.id], fromMs, toMs });
  const actions = correctiveActionsOf(ctx, runs.map((r) => excursionKey(r.sensorId, r.startMs)));
  const unitNames = new Map(unitRows.map((u) => [u.id, u.name]));

  return {
    version: REPORT_FORMAT_VERSION,
    params,
    location: { id: loc.id, name: loc.name, address: loc.address, timeZone: tz, temperatureUnit: loc.temperature_unit },
    units,
    excursions: runs.map((r) => {
      const key = excursionKey(r.sensorId, r.startMs);
      return {
        key,
        unit: r.unit,
        sensor: r.sensor,
        startMs: r.startMs,
        endMs: r.endMs,
        durationMin: r.durationMin,
        peakCentiC: r.peakCentiC,
        limitKind: r.limitKind,
        limitCentiC: r.limitCentiC,
        correctiveAction: actions.get(key) ?? null,
      };
    }),
    checklists: checklistRows(at, loc.id, tz, days),
    cooling: coolingRows(ctx, loc.id, fromMs, toMs, params.asOfMs),
    sensors: sensors.map((s) => ({
      id: s.id,
      name: s.name,
      unit: s.unit_id ? (unitNames.get(s.unit_id) ?? null) : null,
      deviceSerial: s.device_serial,
      offsetCentiC: s.calibration_offset_centi_c,
      calibratedAtMs: s.calibrated_at_ms,
      dueMs: s.calibration_due_ms,
      state: calibrationState(s.calibrated_at_ms, s.calibration_due_ms, params.asOfMs),
    })),
    receiving: receivingChecksIn(ctx, loc.id, fromMs, toMs),
  };
}
