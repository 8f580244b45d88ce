import type { CallResult, SessionInfo } from '../../domain/contract';
import { dayInZone } from '../../domain/time/calendar-days';
import { Engine } from '../../electron/core/engine';
import { addUnit, assignSensor } from '../../electron/core/haccp/units';
import { silentLogger } from '../../electron/core/logger';
import { storeReadings } from '../../electron/core/readings/store-readings';
import { makeReport } from '../../electron/core/report/report-file';
import { ensureSensor } from '../../electron/core/sensors/sensors';
import { figureResult, type Figure } from '../figure';
import { BENCH_ADMIN, CHEAP_PASSWORD_COST } from '../fixtures/audit-million';
import { measurePair } from '../measure';

function output<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

const UNITS = 20;
const DAYS = 30;
const INTERVAL_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const TIME_ZONE = 'America/New_York';

/**
 * The 30-day inspector's report of a location with 20 units (five-minute readings: 172,800 of them,
 * an excursion on every unit), assembled and rendered to PDF, against the same report assembled and
 * rendered to CSV: the ratio is what laying the tables out on pages costs. Target: under 2 s.
 */
export const reportPdf30d20: Figure = {
  name: 'report-pdf-30d-20',
  description: "the 30-day inspector's PDF for 20 units (172,800 readings) vs the same report as CSV",
  async run(bench) {
    const endMs = Date.UTC(2026, 10, 20, 12, 0);
    const startMs = endMs - DAYS * DAY_MS;
    const engine = await Engine.open({ dataDir: bench.workDir('report'), log: silentLogger, tuning: { passwordCost: CHEAP_PASSWORD_COST }, now: () => endMs });
    try {
      const admin = output<SessionInfo>(
        await engine.dispatch({
          method: 'setup.create',
          input: { organizationName: 'Bench Bistro Group', location: { name: 'Downtown', address: '1 Main St', timeZone: TIME_ZONE, temperatureUnit: 'F' }, admin: BENCH_ADMIN },
          token: null,
        }),
      );
      const ctx = engine.context;
      const locationId = admin.user.locationIds[0]!;
      for (let u = 0; u < UNITS; u++) {
        const unitId = addUnit(ctx, locationId, { name: `Cooler ${String(u + 1).padStart(2, '0')}`, type: 'reach-in-cooler' });
        const sensorId = ensureSensor(ctx, { deviceSerial: `BENCH-${u}`, deviceFamily: 'elitech', channel: 'internal' }, { name: `Logger ${u + 1}` });
        assignSensor(ctx, sensorId, unitId);
        const readings = [];
        for (let atMs = startMs, i = 0; atMs < endMs; atMs += INTERVAL_MS, i++) {
          const warm = i >= 3000 + u * 200 && i < 3000 + u * 200 + 12; // one hour out of range
          readings.push({ atMs, rawCentiC: warm ? 700 : 250 + ((i * 7 + u * 13) % 120) });
        }
        storeReadings(ctx, sensorId, 'download', readings);
      }
      const params = { locationId, fromDay: dayInZone(startMs + DAY_MS, TIME_ZONE), toDay: dayInZone(endMs, TIME_ZONE), twiceDaily: false, asOfMs: endMs };
      const check = await makeReport(ctx, params, { paper: 'letter', pdf: true, csv: true });
      bench.note(`  ${check.report.units.length} units, ${check.report.excursions.length} excursions, PDF ${Math.round(check.pdf!.length / 1024)} KB`);
      const timing = await measurePair(
        () => makeReport(ctx, params, { paper: 'letter', pdf: true, csv: false }),
        () => makeReport(ctx, params, { paper: 'letter', pdf: false, csv: true }),
        { warmup: 1, iterations: 5 },
      );
      if (timing.value.medianMs > 2000) bench.note(`  ! the PDF took ${Math.round(timing.value.medianMs)} ms, over the 2 s target`);
      return [figureResult('report-pdf-30d-20', 'ms', timing.value.medianMs, timing.reference.medianMs)];
    } finally {
      engine.close();
    }
  },
};
