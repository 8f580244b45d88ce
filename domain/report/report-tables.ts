import { formatDateTime, formatTime } from '../time/format-time';
import type { InspectionReport, ReportUnit } from './inspection-report';

/**
 * The report as tables of words, the one shape both the PDF and the CSV print: temperatures in the
 * location's unit, times on the location's 24-hour wall clock.
 */
export interface ReportTable {
  title: string;
  /** A sentence under the title (a unit's limit and sensors, a count of what follows). */
  note: string;
  columns: string[];
  /** Relative widths of the columns on paper. */
  widths: number[];
  rows: string[][];
  /** Shown instead of an empty table. */
  empty: string;
}

export function temperatureWords(centiC: number, unit: 'C' | 'F'): string {
  return unit === 'F' ? `${((centiC * 9) / 500 + 32).toFixed(1)} °F` : `${(centiC / 100).toFixed(1)} °C`;
}

function limitSentence(u: Pick<ReportUnit, 'limitKind' | 'limitCentiC'>, unit: 'C' | 'F'): string {
  return `${u.limitKind === 'max' ? 'at most' : 'at least'} ${temperatureWords(u.limitCentiC, unit)}`;
}

function durationWords(minutes: number): string {
  const m = Math.round(minutes);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export function reportTables(report: InspectionReport): ReportTable[] {
  const { temperatureUnit: tu, timeZone } = report.location;
  const style = { timeZone, clock: '24h' as const, dateStyle: 'iso' as const };
  const at = (ms: number | null) => (ms === null ? '' : formatDateTime(ms, style));
  const clock = (ms: number) => formatTime(ms, style);
  const temp = (c: number | null) => (c === null ? '' : temperatureWords(c, tu));
  const twice = report.params.twiceDaily;

  const unitTables: ReportTable[] = report.units.map((u) => ({
    title: `${u.name} (${u.type.replace(/-/g, ' ')})`,
    note: `Critical limit ${limitSentence(u, tu)}. Sensors: ${u.sensors.join(', ') || 'none'}.`,
    columns: ['Day', 'Min', 'Max', 'Readings', ...(twice ? ['Morning (08:00)', 'Evening (20:00)'] : [])],
    widths: twice ? [2, 1.5, 1.5, 1.2, 2.2, 2.2] : [2, 1.5, 1.5, 1.2],
    rows: u.days.map((d) => [
      d.day,
      d.readings === 0 ? 'no readings' : temp(d.minCentiC),
      temp(d.maxCentiC),
      String(d.readings),
      ...(twice ? [d.am ? `${temp(d.am.tempCentiC)} at ${clock(d.am.atMs)}` : 'none', d.pm ? `${temp(d.pm.tempCentiC)} at ${clock(d.pm.atMs)}` : 'none'] : []),
    ]),
    empty: 'No days in the range.',
  }));

  const excursions: ReportTable = {
    title: 'Excursions',
    note: `${report.excursions.length} excursion(s): out of range at least as long as the unit's alarm delay. Every one needs a corrective action signed by a supervisor.`,
    columns: ['Unit / sensor', 'Start', 'End', 'Duration', 'Peak', 'Limit', 'Corrective action', 'Signed off'],
    widths: [2, 1.7, 1.7, 1.4, 1.2, 1.4, 2.8, 1.8],
    rows: report.excursions.map((e) => {
      const ca = e.correctiveAction;
      return [
        `${e.unit} / ${e.sensor}`,
        at(e.startMs),
        e.endMs === null ? 'still open' : at(e.endMs),
        durationWords(e.durationMin),
        temp(e.peakCentiC),
        limitSentence(e, tu),
        ca ? `${ca.summary} (${ca.recordedBy}, ${at(ca.recordedAtMs)})` : 'none recorded',
        ca?.signedBy ? `${ca.signedBy}, ${at(ca.signedAtMs)}` : 'not signed',
      ];
    }),
    empty: 'No excursions in the range.',
  };

  const counts = { done: 0, late: 0, missed: 0, open: 0, upcoming: 0 };
  for (const c of report.checklists) counts[c.state]++;
  const checklists: ReportTable = {
    title: 'Checklists',
    note: `${report.checklists.length} due: ${counts.done} done on time, ${counts.late} late, ${counts.missed} missed${counts.open + counts.upcoming > 0 ? `, ${counts.open + counts.upcoming} not yet due` : ''}.`,
    columns: ['Day', 'Checklist', 'Due', 'State', 'Done by', 'Failed items', 'Signed off'],
    widths: [1.5, 2.5, 1, 1, 2.5, 1, 2.5],
    rows: report.checklists.map((c) => [
      c.day,
      `${c.name}${c.label ? ` (${c.label})` : ''}`,
      clock(c.dueAtMs),
      c.state,
      c.completedBy ? `${c.completedBy}, ${at(c.completedAtMs)}${c.amendments > 0 ? ` (${c.amendments} amendment(s))` : ''}` : '',
      c.completedBy ? String(c.failedItems) : '',
      c.signedBy ? `${c.signedBy}, ${at(c.signedAtMs)}` : c.completedBy ? 'not signed' : '',
    ]),
    empty: 'No checklists were due in the range.',
  };

  const cooling: ReportTable = {
    title: 'Cooling and reheating logs',
    note: 'Cooling (Food Code 3-501.14): 135 °F to 70 °F within 2 h, to 41 °F within 6 h. Reheating (3-403.11): 165 °F within 2 h.',
    columns: ['Food', 'Started', 'Stages', 'Readings', 'Actions', 'Result'],
    widths: [2, 2, 3, 3.5, 2.5, 1],
    rows: report.cooling.map((l) => [
      `${l.food} (${l.process}), ${l.startedBy}`,
      at(l.startedAtMs),
      l.stages.map((s) => `${s.name}: ${s.state}${s.reachedAtMs !== null ? ` at ${clock(s.reachedAtMs)}` : ''}`).join('; '),
      l.readings.map((r) => `${temp(r.tempCentiC)} ${clock(r.atMs)}`).join(', '),
      l.actions.map((a) => `${a.action}${a.note ? `: ${a.note}` : ''} (${a.by})`).join('; ') || 'none',
      l.state,
    ]),
    empty: 'No cooling or reheating logs in the range.',
  };

  const sensors: ReportTable = {
    title: 'Sensor calibration',
    note: `As of ${at(report.params.asOfMs)}. "Due" means within 30 days.`,
    columns: ['Sensor', 'Unit', 'Device serial', 'Offset', 'Calibrated', 'Due', 'Status'],
    widths: [2, 2, 2, 1, 1.8, 1.8, 1.6],
    rows: report.sensors.map((s) => [
      s.name,
      s.unit ?? 'none',
      s.deviceSerial,
      `${s.offsetCentiC >= 0 ? '+' : ''}${(s.offsetCentiC / 100).toFixed(2)} °C`,
      s.calibratedAtMs === null ? 'never' : at(s.calibratedAtMs),
      s.dueMs === null ? 'not set' : at(s.dueMs),
      s.state,
    ]),
    empty: 'No sensors at this location.',
  };

  const failedChecks = report.receiving.filter((c) => !c.passed).length;
  const receiving: ReportTable = {
    title: 'Receiving checks',
    note: `Food Code 3-202.11: refrigerated TCS food received at 41 °F / 5 °C or below, hot at 135 °F / 57 °C or above, frozen received frozen. ${report.receiving.length} check(s), ${failedChecks} failed.`,
    columns: ['Time', 'Item', 'Supplier', 'Arrived', 'Temperature', 'Result', 'Decision', 'By'],
    widths: [1.8, 2, 2.4, 1, 1.6, 1, 2.4, 1.5],
    rows: report.receiving.map((c) => [
      at(c.atMs),
      c.item,
      c.supplier ?? '',
      c.holding,
      `${temp(c.tempCentiC)}${c.holding === 'frozen' ? (c.receivedFrozen ? ', frozen' : ', not frozen') : ''}`,
      c.passed ? 'passed' : 'FAILED',
      c.decision === 'rejected' ? 'rejected' : c.correctiveAction ? `accepted: ${c.correctiveAction}` : 'accepted',
      c.by,
    ]),
    empty: 'No receiving checks in the range.',
  };

  return [...unitTables, excursions, checklists, cooling, sensors, receiving];
}
