import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { decodeReadingsFile } from '../../../domain/readings/import/file-bytes';
import { readingSourceCode } from '../../../domain/readings/reading-source';
import type { Engine } from '../engine';
import { updateSensor } from '../sensors/sensors';
import { addUser, auditActions, call, dataSnapshot, openTestEngine, rowCount, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { READING_JUDGES, type ReadingJudge } from './reading-judges';

const TESTDATA = join(__dirname, '../../../domain/readings/import/testdata');
const easyLog = () => decodeReadingsFile(new Uint8Array(readFileSync(join(TESTDATA, 'easylog-el-usb-2.txt'))));

let engine: Engine;
let admin: SessionInfo;
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: temp.dir });
  admin = await setUpOrganization(engine);
});
afterEach(() => {
  engine.close();
  cleanup();
});

const storedRows = (sensorId: string) =>
  engine.context.sqlite.prepare('SELECT at_ms, temp_centi_c, raw_centi_c, source, humidity_centi_pct, flags FROM readings WHERE sensor_id = ? ORDER BY at_ms').all(sensorId) as {
    at_ms: number;
    temp_centi_c: number;
    raw_centi_c: number;
    source: number;
    humidity_centi_pct: number | null;
    flags: number;
  }[];

describe('importing readings from a file', () => {
  it('a staff member imports an EasyLog export: a new sensor (source "import"), its readings, and one audit entry', async () => {
    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const preview = await call(engine, 'readings.previewImport', { text: easyLog(), fileName: 'walk-in.txt', sensorName: 'Walk-in cooler' }, staff.session.token);
    expect(preview).toMatchObject({ format: 'easylog', readings: 4, newSensor: true, sensorId: null, added: 4, alreadyThere: 0, imported: false, badLineCount: 0, minCentiC: -50, maxCentiC: 400 });
    expect(rowCount(engine, 'readings')).toBe(0);

    const result = await call(engine, 'readings.import', { text: easyLog(), fileName: 'walk-in.txt', sensorName: 'Walk-in cooler' }, staff.session.token);
    expect(result).toMatchObject({ imported: true, added: 4, alreadyThere: 0, newSensor: true });
    const sensors = await call(engine, 'sensors.list', {}, staff.session.token);
    expect(sensors).toEqual([expect.objectContaining({ id: result.sensorId, name: 'Walk-in cooler', deviceFamily: 'import', intervalS: 1800 })]);
    const rows = storedRows(result.sensorId!);
    expect(rows.map((r) => [new Date(r.at_ms).toISOString(), r.temp_centi_c, r.humidity_centi_pct, r.source])).toEqual([
      ['2016-07-11T21:00:00.000Z', 400, 5050, readingSourceCode('import')],
      ['2016-07-11T21:30:00.000Z', 350, 5100, readingSourceCode('import')],
      ['2016-07-11T22:00:00.000Z', 300, 5250, readingSourceCode('import')],
      ['2016-07-11T22:30:00.000Z', -50, 5500, readingSourceCode('import')],
    ]);
    expect(auditActions(engine).filter((a) => a.action === 'sensors.importReadings')).toEqual([
      expect.objectContaining({ risk: 'MEDIUM', actor_id: staff.user.id, summary: 'Imported 4 readings into "Walk-in cooler" (new sensor) from the EasyLog export "walk-in.txt": 4 new, 0 already there' }),
    ]);
  });

  it('importing the same file again adds nothing; an existing sensor (any name case) gets its calibration applied', async () => {
    const first = await call(engine, 'readings.import', { text: easyLog(), sensorName: 'Walk-in cooler' }, admin.token);
    updateSensor(engine.context, first.sensorId!, { calibrationOffsetCentiC: -30 });
    const again = await call(engine, 'readings.previewImport', { text: easyLog(), sensorName: 'WALK-IN COOLER ' }, admin.token);
    expect(again).toMatchObject({ sensorId: first.sensorId, newSensor: false, added: 0, alreadyThere: 4 });
    const second = await call(engine, 'readings.import', { text: easyLog(), sensorName: 'walk-in cooler' }, admin.token);
    expect(second).toMatchObject({ added: 0, alreadyThere: 4 });
    expect(rowCount(engine, 'readings')).toBe(4);

    const later = 'time,temperature_c\n2016-07-11T23:00:00Z,3.00\n';
    await call(engine, 'readings.import', { text: later, sensorName: 'Walk-in cooler' }, admin.token);
    expect(storedRows(first.sensorId!).at(-1)).toMatchObject({ raw_centi_c: 300, temp_centi_c: 270 });
    expect(rowCount(engine, 'sensors')).toBe(1);
  });

  it('a file with bad lines imports nothing and names them; skipping bad lines imports the good rows and lists the rest', async () => {
    const text = ['time,temperature_c', '2026-01-15T08:00:00Z,3.5', '2026-01-15T08:01:00Z,warm', '2026-01-15T08:02:00Z,3.6', 'yesterday,3.7'].join('\n');
    const before = dataSnapshot(engine);
    const refused = await engine.dispatch({ method: 'readings.import', input: { text, sensorName: 'Freezer' }, token: admin.token });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Nothing was imported: 2 lines of the file could not be read \(line 3: "warm" is not a temperature; line 5: "yesterday" is not/) },
    });
    expect(dataSnapshot(engine)).toBe(before);

    const result = await call(engine, 'readings.import', { text, sensorName: 'Freezer', skipBad: true }, admin.token);
    expect(result).toMatchObject({ added: 2, badLineCount: 2, badLines: [{ line: 3 }, { line: 5 }] });
    expect(auditActions(engine).at(-1)!.summary).toContain('2 bad lines left out');
  });

  it('a file OpsFlow cannot read, or one over the size cap, is refused and changes nothing', async () => {
    const before = dataSnapshot(engine);
    for (const text of ['just some text\nwith lines\n', 'time,temperature_c\n']) {
      const result = await engine.dispatch({ method: 'readings.import', input: { text, sensorName: 'Freezer' }, token: admin.token });
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    }
    const huge = await engine.dispatch({ method: 'readings.import', input: { text: 'x'.repeat(32 * 1024 * 1024 + 1), sensorName: 'Freezer' }, token: admin.token });
    expect(huge).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'A readings file can be at most 32 MB. Split a longer one by date.' } });
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('an auditor may not import (nor preview) readings, and the refusal changes nothing', async () => {
    const auditor = await addUser(engine, admin.token, { username: 'ann', role: 'AUDITOR' });
    const before = dataSnapshot(engine);
    for (const method of ['readings.import', 'readings.previewImport'] as const) {
      const result = await engine.dispatch({ method, input: { text: easyLog(), sensorName: 'Walk-in cooler' }, token: auditor.session.token });
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(dataSnapshot(engine)).toBe(before);
    expect(auditActions(engine).slice(-2)).toEqual([
      expect.objectContaining({ action: 'security.permissionDenied', risk: 'HIGH', summary: 'Refused readings.import: the AUDITOR role lacks devices.operate' }),
      expect.objectContaining({ action: 'security.permissionDenied', risk: 'HIGH', summary: 'Refused readings.previewImport: the AUDITOR role lacks devices.operate' }),
    ]);
  });

  it("a manager may not import into a location they are not granted: it is not found, and the attempt is audited", async () => {
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
    const manager = await addUser(engine, admin.token, { username: 'max', role: 'MANAGER' });
    const before = dataSnapshot(engine);
    const result = await engine.dispatch({ method: 'readings.import', input: { text: easyLog(), sensorName: 'Walk-in cooler', locationId: uptown.id }, token: manager.session.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(dataSnapshot(engine)).toBe(before);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', actor_id: manager.user.id });

    // The administrator may, and the file's wall-clock times are read in Uptown's zone.
    const imported = await call(engine, 'readings.import', { text: easyLog(), sensorName: 'Walk-in cooler', locationId: uptown.id }, admin.token);
    expect(imported.locationId).toBe(uptown.id);
    expect(storedRows(imported.sensorId!)[0]!.at_ms).toBe(Date.parse('2016-07-11T22:00:00Z')); // 17:00 CDT
  });

  it('the reading judges mark imported readings as they are stored', async () => {
    const BIT = 1 << 20;
    const aboveFive: ReadingJudge = { name: 'above 5 °C', judge: (_s, _sensor, r) => r.tempCentiC.map((t) => (t > 500 ? BIT : 0)) };
    const judges = READING_JUDGES as ReadingJudge[];
    judges.push(aboveFive);
    try {
      const result = await call(engine, 'readings.import', { text: 'time,temperature_c\n2026-01-15T08:00:00Z,4.9\n2026-01-15T08:01:00Z,5.1\n', sensorName: 'Cooler' }, admin.token);
      expect(storedRows(result.sensorId!).map((r) => (r.flags & BIT) !== 0)).toEqual([false, true]);
    } finally {
      judges.splice(judges.indexOf(aboveFive), 1);
    }
  });
});

describe('exporting readings', () => {
  it('writes the plain format in the location zone, which imports back to the same readings', async () => {
    const imported = await call(engine, 'readings.import', { text: easyLog(), sensorName: 'Walk-in cooler' }, admin.token);
    const out = await call(engine, 'readings.export', { sensorId: imported.sensorId!, fromMs: Date.parse('2016-07-11T00:00:00Z'), toMs: Date.parse('2016-07-12T04:00:00Z') }, admin.token);
    expect(out.readings).toBe(4);
    expect(out.fileName).toBe('walk-in-cooler-2016-07-10-to-2016-07-11.csv');
    expect(out.csv.split('\n').slice(0, 3)).toEqual(['time,temperature_c,humidity', '2016-07-11T17:00:00-04:00,4.00,50.50', '2016-07-11T17:30:00-04:00,3.50,51.00']);
    const back = await call(engine, 'readings.import', { text: out.csv, sensorName: 'Copy' }, admin.token);
    expect(storedRows(back.sensorId!).map((r) => [r.at_ms, r.temp_centi_c, r.humidity_centi_pct])).toEqual(
      storedRows(imported.sensorId!).map((r) => [r.at_ms, r.temp_centi_c, r.humidity_centi_pct]),
    );
  });
});
