import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPlainCsv } from '../../../domain/readings/import/plain-export';
import { openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const opsflow = (...args: string[]) => runCliInProcess(args);

let root: string;
let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  const temp = tempDataDir();
  root = temp.dir;
  dir = join(temp.dir, 'data');
  cleanup = temp.cleanup;
  const engine = await openTestEngine({ dataDir: dir });
  await setUpOrganization(engine); // Downtown, America/New_York
  engine.close();
});
afterAll(() => cleanup());

const file = (name: string, text: string) => {
  const path = join(root, name);
  writeFileSync(path, text);
  return path;
};

describe('opsflow readings', () => {
  it('import: a bad file imports nothing and names its bad lines on one line; --skip-bad imports the rest and lists them', async () => {
    const path = file('freezer.csv', 'time,temperature_f\n2026-01-15T08:00:00Z,-0.4\n2026-01-15T08:01:00Z,cold\n2026-01-15T08:02:00Z,0.5\n');
    const refused = await opsflow('readings', 'import', path, '--sensor', 'Freezer', '--data-dir', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('opsflow: Nothing was imported: 1 line of the file could not be read (line 3: "cold" is not a temperature). Correct the file, or import only the good rows (skip bad lines).\n');
    const exported = await opsflow('readings', 'export', '--sensor', 'Freezer', '--from', '2026-01-15', '--to', '2026-01-15', '--data-dir', dir);
    expect(exported).toMatchObject({ code: 1, stderr: 'opsflow: --sensor: there is no sensor "Freezer" at Downtown.\n' });

    const imported = await opsflow('readings', 'import', path, '--sensor', 'Freezer', '--skip-bad', '--data-dir', dir);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(imported.stdout).toBe(
      'Imported 2 readings into "Freezer" (new sensor) from the OpsFlow readings CSV: 2 new, 0 already there.\nLeft out 1 bad line:\n  line 3: "cold" is not a temperature\n',
    );
  });

  it('export prints JSON in the location zone by default, and the plain CSV with --csv', async () => {
    const json = await opsflow('readings', 'export', '--sensor', 'freezer', '--from', '2026-01-15', '--to', '2026-01-15', '--data-dir', dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      sensor: 'Freezer',
      from: '2026-01-15T00:00:00-05:00',
      to: '2026-01-16T00:00:00-05:00',
      readings: [
        { time: '2026-01-15T03:00:00-05:00', temperatureC: -18, humidityPct: null },
        { time: '2026-01-15T03:02:00-05:00', temperatureC: -17.5, humidityPct: null },
      ],
    });
    const csv = await opsflow('readings', 'export', '--sensor', 'Freezer', '--from', '2026-01-15T03:01:00', '--to', '2026-01-16', '--csv', '--data-dir', dir);
    expect(csv).toMatchObject({ code: 0, stdout: 'time,temperature_c\n2026-01-15T03:02:00-05:00,-17.50\n' });
  });

  it('clear one-line errors for an unknown location, a missing file and a bad range', async () => {
    const path = file('one.csv', 'time,temperature_c\n2026-01-15T08:00:00Z,3\n');
    const where = await opsflow('readings', 'import', path, '--sensor', 'X', '--location', 'Atlantis', '--data-dir', dir);
    expect(where.code).toBe(1);
    expect(where.stderr).toMatch(/^opsflow: --location: there is no location "Atlantis"\. The locations are: Downtown \(.+\)\.\n$/);
    const missing = await opsflow('readings', 'import', join(root, 'nope.csv'), '--sensor', 'X', '--data-dir', dir);
    expect(missing).toMatchObject({ code: 1, stderr: `opsflow: There is no file ${join(root, 'nope.csv')}.\n` });
    const range = await opsflow('readings', 'export', '--sensor', 'Freezer', '--from', 'last week', '--to', '2026-01-15', '--data-dir', dir);
    expect(range).toMatchObject({ code: 1, stderr: 'opsflow: --from: "last week" is neither a day (2026-01-31) nor a time (2026-01-31T18:00:00+01:00).\n' });
  });

  it('round-trips a year of one-minute readings: the export of an imported year is the file imported', async () => {
    // 2025 in New York, daylight-saving changes included: 525,600 minutes, a cooler with a defrost cycle.
    const start = Date.parse('2025-01-01T05:00:00Z');
    const n = 525_600;
    const atMs = new Array<number>(n);
    const tempCentiC = new Array<number>(n);
    const humidityCentiPct = new Array<number | null>(n);
    for (let i = 0; i < n; i++) {
      atMs[i] = start + i * 60_000;
      tempCentiC[i] = 300 + Math.round(150 * Math.sin(i / 97)) + (i % 360 < 20 ? 400 : 0) - (i % 1000 === 0 ? 700 : 0);
      humidityCentiPct[i] = i % 10 === 0 ? null : 4000 + (i % 2000);
    }
    const year = formatPlainCsv({ atMs, tempCentiC, humidityCentiPct }, 'America/New_York');
    const path = file('year.csv', year);

    const imported = await opsflow('readings', 'import', path, '--sensor', 'Walk-in cooler', '--json', '--data-dir', dir);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ readings: n, added: n, alreadyThere: 0, badLineCount: 0, firstAtMs: atMs[0], lastAtMs: atMs[n - 1] });

    const exported = await opsflow('readings', 'export', '--sensor', 'Walk-in cooler', '--from', '2025-01-01', '--to', '2025-12-31', '--csv', '--data-dir', dir);
    expect(exported.code).toBe(0);
    expect(exported.stdout.length).toBe(year.length);
    expect(exported.stdout === year).toBe(true);

    const again = await opsflow('readings', 'import', path, '--sensor', 'Walk-in cooler', '--json', '--data-dir', dir);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, alreadyThere: n });
  }, 180_000);
});
