import { canonicalJson } from '../audit/chain';
import type { LimitKind } from '../haccp/limits';

/**
 * The inspector's report: what it shows for one location and range, as plain data. The PDF and the
 * CSV are renderings of this object, and its digest is the SHA-256 of `reportCanonicalText`, so
 * `opsflow report verify` can assemble it again from the data and compare.
 */

export const REPORT_FORMAT_VERSION = 1;
export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/** What a report was asked for. `asOfMs` is the instant it was made: states that depend on "now" (a checklist still open, a cooling stage running, a calibration due) are judged at it, so verifying later judges the same way. */
export interface ReportParams {
  locationId: string;
  fromDay: string;
  toDay: string;
  twiceDaily: boolean;
  asOfMs: number;
}

export interface ReportLocation {
  id: string;
  name: string;
  address: string;
  timeZone: string;
  temperatureUnit: 'C' | 'F';
}

export interface TimedTemp {
  atMs: number;
  tempCentiC: number;
}

export interface UnitDay {
  day: string;
  readings: number;
  minCentiC: number | null;
  maxCentiC: number | null;
  /** The first reading at or after 08:00 and 20:00 at the location (only when twice-daily readings were asked for). */
  am?: TimedTemp | null;
  pm?: TimedTemp | null;
}

export interface ReportUnit {
  id: string;
  name: string;
  type: string;
  limitKind: LimitKind;
  limitCentiC: number;
  sensors: string[];
  days: UnitDay[];
  /** SHA-256 over every stored reading of the unit's sensors in the range: the min/max rest on them, so a changed reading changes the digest even when the extremes stay. */
  readingsSha256: string;
}

/** What the corrective-actions feature says about one excursion; null: none recorded yet. */
export interface CorrectiveActionRecord {
  summary: string;
  recordedBy: string;
  recordedAtMs: number;
  signedBy: string | null;
  signedAtMs: number | null;
}

export interface ReportExcursion {
  key: string;
  unit: string;
  sensor: string;
  startMs: number;
  endMs: number | null;
  durationMin: number;
  peakCentiC: number;
  limitKind: LimitKind;
  limitCentiC: number;
  correctiveAction: CorrectiveActionRecord | null;
}

export type ChecklistReportState = 'done' | 'late' | 'missed' | 'open' | 'upcoming';

export interface ReportChecklist {
  day: string;
  name: string;
  label: string;
  dueAtMs: number;
  state: ChecklistReportState;
  completedAtMs: number | null;
  completedBy: string | null;
  failedItems: number;
  amendments: number;
  signedBy: string | null;
  signedAtMs: number | null;
  /** Every record of the occurrence (the first and its amendments) with its answers: in the digest and the CSV. */
  records: { id: string; completedAtMs: number; by: string; answers: unknown[]; note: string }[];
}

export interface ReportCoolingLog {
  id: string;
  process: string;
  food: string;
  startedBy: string;
  startedAtMs: number;
  state: string;
  stages: { name: string; state: string; deadlineMs: number; reachedAtMs: number | null }[];
  readings: (TimedTemp & { by: string })[];
  actions: { atMs: number; action: string; note: string; by: string }[];
}

export type CalibrationState = 'current' | 'due within 30 days' | 'overdue' | 'never calibrated';

export interface ReportSensor {
  id: string;
  name: string;
  unit: string | null;
  deviceSerial: string;
  offsetCentiC: number;
  calibratedAtMs: number | null;
  dueMs: number | null;
  state: CalibrationState;
}

/** A receiving temperature check of TCS food at the door (Food Code 3-202.11). */
export interface ReportReceivingCheck {
  id: string;
  atMs: number;
  item: string;
  supplier: string | null;
  holding: string;
  tempCentiC: number;
  receivedFrozen: boolean;
  passed: boolean;
  decision: string;
  correctiveAction: string;
  by: string;
}

export interface InspectionReport {
  version: number;
  params: ReportParams;
  location: ReportLocation;
  units: ReportUnit[];
  excursions: ReportExcursion[];
  checklists: ReportChecklist[];
  cooling: ReportCoolingLog[];
  sensors: ReportSensor[];
  receiving: ReportReceivingCheck[];
}

const DAY_MS = 86_400_000;
export const CALIBRATION_SOON_MS = 30 * DAY_MS;

/** A sensor's calibration as the report states it at `asOfMs`: overdue past its due date, "due" within 30 days of it. */
export function calibrationState(calibratedAtMs: number | null, dueMs: number | null, asOfMs: number): CalibrationState {
  if (calibratedAtMs === null && dueMs === null) return 'never calibrated';
  if (dueMs !== null && dueMs < asOfMs) return 'overdue';
  if (dueMs !== null && dueMs - asOfMs <= CALIBRATION_SOON_MS) return 'due within 30 days';
  return 'current';
}

/** The key corrective actions are looked up by: one out-of-range run of one sensor. */
export function excursionKey(sensorId: string, startMs: number): string {
  return `${sensorId}/${startMs}`;
}

/** The text the digest is taken of: canonical JSON (sorted keys) of the whole report. */
export function reportCanonicalText(report: InspectionReport): string {
  return canonicalJson(report);
}

/** A whole inclusive range of days, at most a year, `from` not after `to`; a sentence otherwise. */
export function rangeProblem(fromDay: string, toDay: string): string | null {
  // A round trip refuses "2026-11-31", which Date would roll over into December.
  const isDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) === d;
  if (!isDay(fromDay)) return `"${fromDay}" is not a day (write 2026-03-01).`;
  if (!isDay(toDay)) return `"${toDay}" is not a day (write 2026-03-31).`;
  if (fromDay > toDay) return `The report cannot start (${fromDay}) after it ends (${toDay}).`;
  if (Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`) > 366 * DAY_MS) return 'A report covers at most a year: split the range.';
  return null;
}
