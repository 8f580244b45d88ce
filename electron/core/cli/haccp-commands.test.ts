import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordCorrectiveAction, recordCorrectiveSignoff } from '../corrective/records';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const MINUTE = 60_000;

const opsflow = (args: string[]) => runCliInProcess(args);

let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  const temp = tempDataDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  // A set-up folder with one logger's sensor, closed again before the commands open it.
  const engine = await openTestEngine({ dataDir: dir });
  await setUpOrganization(engine);
  ensureSensor(engine.context, { deviceSerial: 'RC5-7781', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger' });
  engine.close();
});
afterEach(() => cleanup());

describe('opsflow haccp', () => {
  it('adds units with the Food Code defaults or the limit and delay given, and lists them as JSON', async () => {
    expect(await opsflow(['haccp', 'units', 'add', '--name', 'Walk-in', '--type', 'walk-in-cooler', '--data-dir', dir])).toMatchObject({ code: 0, stderr: '' });
    expect((await opsflow(['haccp', 'units', 'add', '--name', 'Freezer', '--type', 'freezer', '--limit-c', '-20', '--delay-min', '45', '--location', 'Downtown', '--data-dir', dir])).code).toBe(0);
    const listed = await opsflow(['haccp', 'units', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(listed.stdout).map((u: Record<string, unknown>) => [u.name, u.type, u.limitCentiC, u.defaultLimit, u.alarmDelayMin])).toEqual([
      ['Freezer', 'freezer', -2000, false, 45],
      ['Walk-in', 'walk-in-cooler', 500, true, 30],
    ]);
  });

  it('refuses a bad type, limit or delay with one line naming the flag, and adds nothing', async () => {
    const badType = await opsflow(['haccp', 'units', 'add', '--name', 'X', '--type', 'wine-cellar', '--data-dir', dir]);
    expect(badType.code).not.toBe(0);
    expect(badType.stderr).toMatch(/--type.*wine-cellar/);
    const badDelay = await opsflow(['haccp', 'units', 'add', '--name', 'X', '--type', 'freezer', '--delay-min', '200', '--data-dir', dir]);
    expect(badDelay).toMatchObject({ code: 1, stderr: 'opsflow: --delay-min: The alarm delay is 0 to 180 minutes (3 hours).\n' });
    const badLimit = await opsflow(['haccp', 'units', 'add', '--name', 'X', '--type', 'freezer', '--limit-c', 'cold', '--data-dir', dir]);
    expect(badLimit.stderr).toBe('opsflow: --limit-c: "cold" is not a temperature in °C (for example 5, -18 or 4.5).\n');
    const tooHot = await opsflow(['haccp', 'units', 'add', '--name', 'X', '--type', 'hot-holding', '--limit-c', '150', '--data-dir', dir]);
    expect(tooHot.stderr).toBe('opsflow: --limit-c: A critical limit is -40.00 to +100.00 °C.\n');
    expect(JSON.parse((await opsflow(['haccp', 'units', 'list', '--json', '--data-dir', dir])).stdout)).toEqual([]);
  });

  it('assigns a sensor to a unit and prints its excursions as the issue specifies', async () => {
    await opsflow(['haccp', 'units', 'add', '--name', 'Walk-in', '--type', 'walk-in-cooler', '--delay-min', '15', '--data-dir', dir]);
    expect(await opsflow(['sensors', 'assign', '--sensor', 'Walk-in logger', '--unit', 'Walk-in', '--data-dir', dir])).toMatchObject({ code: 0, stdout: '"Walk-in logger" watches "Walk-in"\n' });
    const t0 = Date.UTC(2026, 2, 1, 3, 0);
    const engine = await openTestEngine({ dataDir: dir });
    const sensorId = engine.context.sqlite.prepare('SELECT id FROM sensors').pluck().get() as string;
    // 20 minutes at up to 8.4 °C, then a 5-minute door opening, then warm again and still open.
    const temps = [300, ...Array(20).fill(800).map((t, i) => t + (i === 10 ? 40 : 0)), 300, 600, 600, 600, 600, 600, 300, ...Array(30).fill(700)];
    storeReadings(engine.context, sensorId, 'download', temps.map((rawCentiC, i) => ({ atMs: t0 + i * MINUTE, rawCentiC })));
    const { tenantId, homeLocationId } = engine.context.identity()!;
    const fact = { id: 'ca-1', sensorId, excursionStartMs: t0 + MINUTE, unitName: 'Walk-in', cause: 'Delivery left in', action: 'moved' as const, quantity: null, disposition: 'Moved to reach-in', note: '', atMs: t0 + 30 * MINUTE, actorId: null, actorName: 'Sam Staff', amends: null };
    recordCorrectiveAction(engine.context, tenantId, homeLocationId, fact);
    recordCorrectiveSignoff(engine.context, tenantId, homeLocationId, { id: 'so-1', actionId: 'ca-1', atMs: t0 + 40 * MINUTE, actorId: null, actorName: 'Mia Manager', note: '' });
    engine.close();

    const run = await opsflow(['haccp', 'excursions', '--json', '--data-dir', dir]);
    expect(JSON.parse(run.stdout)).toEqual([
      { unit: 'Walk-in', sensor: 'Walk-in logger', start: '2026-03-01T03:01:00.000Z', end: '2026-03-01T03:21:00.000Z', durationMin: 20, peakC: 8.4, limitC: 5, correctiveAction: {
          cause: 'Delivery left in', action: 'moved', quantity: null, disposition: 'Moved to reach-in', note: '', by: 'Sam Staff', at: '2026-03-01T03:30:00.000Z',
          amendments: 0, signedBy: 'Mia Manager', signedAt: '2026-03-01T03:40:00.000Z',
        } },
      { unit: 'Walk-in', sensor: 'Walk-in logger', start: '2026-03-01T03:28:00.000Z', end: null, durationMin: 29, peakC: 7, limitC: 5, correctiveAction: null },
    ]);
    // The night of 2026-02-28 in New York ends at 05:00 UTC on March 1st; the day before has none.
    expect(JSON.parse((await opsflow(['haccp', 'excursions', '--json', '--unit', 'Walk-in', '--from', '2026-02-28', '--to', '2026-02-28', '--data-dir', dir])).stdout)).toHaveLength(2);
    expect(JSON.parse((await opsflow(['haccp', 'excursions', '--json', '--to', '2026-02-27', '--data-dir', dir])).stdout)).toEqual([]);
    expect((await opsflow(['haccp', 'excursions', '--from', 'yesterday', '--data-dir', dir])).stderr).toBe('opsflow: --from: "yesterday" is not a date (2026-03-01) or an ISO time (2026-03-01T14:30:00Z).\n');
    expect((await opsflow(['sensors', 'assign', '--sensor', 'Nope', '--unit', 'Walk-in', '--data-dir', dir])).stderr).toMatch(/^opsflow: --sensor: there is no sensor "Nope"/);
  });

  it('readings import --unit: the sensor it creates watches the unit, so the file’s warm spell is an excursion', async () => {
    await opsflow(['haccp', 'units', 'add', '--name', 'Walk-in', '--type', 'walk-in-cooler', '--delay-min', '15', '--data-dir', dir]);
    const t0 = Date.UTC(2026, 2, 1, 3, 0);
    const temps = [3, ...Array(20).fill(8), 3];
    const path = join(dir, 'walk-in.csv');
    writeFileSync(path, `time,temperature_c\n${temps.map((t, i) => `${new Date(t0 + i * MINUTE).toISOString()},${t}`).join('\n')}\n`);

    const refused = await opsflow(['readings', 'import', path, '--sensor', 'Walk-in probe', '--unit', 'Freezer', '--data-dir', dir]);
    expect(refused).toMatchObject({ code: 1, stderr: 'opsflow: --unit: there is no unit "Freezer". The units are: Walk-in (' + refused.stderr.split('Walk-in (')[1] });
    expect(JSON.parse((await opsflow(['haccp', 'excursions', '--json', '--data-dir', dir])).stdout)).toEqual([]);

    expect((await opsflow(['readings', 'import', path, '--sensor', 'Walk-in probe', '--unit', 'Walk-in', '--data-dir', dir])).code).toBe(0);
    const listed = JSON.parse((await opsflow(['haccp', 'excursions', '--json', '--data-dir', dir])).stdout);
    expect(listed.map((e: Record<string, unknown>) => [e.unit, e.sensor, e.start, e.durationMin, e.peakC])).toEqual([['Walk-in', 'Walk-in probe', '2026-03-01T03:01:00.000Z', 20, 8]]);
    // An existing sensor watching nothing is not reassigned by an import.
    const existing = await opsflow(['readings', 'import', path, '--sensor', 'Walk-in logger', '--unit', 'Walk-in', '--data-dir', dir]);
    expect(existing).toMatchObject({ code: 1, stderr: 'opsflow: "Walk-in logger" already exists and does not watch "Walk-in": assign it first (opsflow sensors assign), then import.\n' });
  });
});
