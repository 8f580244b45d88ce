import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../audit/audit-writer';
import { verifyAuditChains } from '../audit/audit-verify';
import type { Engine } from '../engine';
import { seededDemoForFile } from '../testing/seeded-demo';
import { storeReadings } from '../readings/store-readings';
import { runCliInProcess } from '../testing/cli-in-process';
import { auditActions, call, openTestEngine, testClock } from '../testing/test-engine';
import { readArchive, type ArchivedReading } from './archive-file';
import { archiveDueMonths, type ArchiveRun } from './archive-months';
import { startDailyArchive } from './daily-archive';
import { loggedReadings } from '../readings/logged-readings';
import { verifyArchives } from './archive-verify';
import { makeReport } from './report-file';

/** The demo restaurant's 30 days end on 2026-11-20: they span October and November 2026. */
const END_MS = Date.UTC(2026, 10, 20, 15, 0);
const OCTOBER = { startMs: Date.UTC(2026, 9, 1), endMs: Date.UTC(2026, 10, 1) };
const NOVEMBER = { startMs: Date.UTC(2026, 10, 1), endMs: Date.UTC(2026, 11, 1) };
const demo = seededDemoForFile('opsflow-archive-', END_MS);
let engine: Engine | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

async function openCopy(nowMs: number) {
  const dir = demo.tempDir();
  cpSync(demo.dir, dir, { recursive: true });
  const clock = testClock(nowMs);
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  return { engine, dir, clock };
}

async function setRetention(e: Engine, months: number) {
  const admin = await call(e, 'auth.signIn', { username: demo.seed.admin.username, password: demo.seed.admin.password });
  await call(e, 'settings.update', { retentionMonths: months }, admin.token);
  return admin;
}

function tableReadings(e: Engine, span: { startMs: number; endMs: number }): ArchivedReading[] {
  return e.context.sqlite
    .prepare('SELECT sensor_id, at_ms, temp_centi_c, raw_centi_c, source, humidity_centi_pct, flags FROM readings WHERE at_ms >= ? AND at_ms < ? ORDER BY sensor_id, at_ms')
    .raw(true)
    .all(span.startMs, span.endMs) as ArchivedReading[];
}

/** The demo restaurant's months (the demo's second location has only a few records of its own). */
function ours(run: ArchiveRun): ArchiveRun {
  return { ...run, archived: run.archived.filter((a) => a.locationId === demo.seed.locationId) };
}

function reportParams(asOfMs: number) {
  return { locationId: demo.seed.locationId, fromDay: demo.seed.fromDay, toDay: demo.seed.toDay, twiceDaily: true, asOfMs };
}

describe('archiving the months past the retention', () => {
  it('archives nothing while every month is younger than the retention (24 months by default)', async () => {
    const { engine } = await openCopy(END_MS + 3_600_000);
    const before = tableReadings(engine, { startMs: 0, endMs: Date.UTC(3000, 0) }).length;
    const run = archiveDueMonths(engine.context, SYSTEM_ACTOR);
    expect(run.archived).toEqual([]);
    expect(tableReadings(engine, { startMs: 0, endMs: Date.UTC(3000, 0) })).toHaveLength(before);
    expect(auditActions(engine).map((a) => a.action)).not.toContain('haccp.archive');
  });

  it('moves only whole months older than the retention: on 2027-05-10 with 6 months, October goes, November (with readings after 2026-11-10) stays', async () => {
    const { engine } = await openCopy(Date.UTC(2027, 4, 10, 12));
    await setRetention(engine, 6);
    const october = tableReadings(engine, OCTOBER);
    const november = tableReadings(engine, NOVEMBER);
    expect(october.length).toBeGreaterThan(0);

    const run = ours(archiveDueMonths(engine.context, SYSTEM_ACTOR));
    expect(run.failed).toEqual([]);
    expect(run.archived.map((a) => [a.month, a.readings])).toEqual([['2026-10', october.length]]);
    expect(tableReadings(engine, OCTOBER)).toEqual([]);
    expect(tableReadings(engine, NOVEMBER)).toEqual(november);
    // The file holds exactly the rows that left the table.
    const file = readArchive(engine.context.dataDir, run.archived[0]!.fileName);
    expect(file.readings).toEqual(october);
    expect(file.header).toMatchObject({ locationId: demo.seed.locationId, locationName: demo.seed.locationName, month: '2026-10' });
    const status = await call(engine, 'report.archiveStatus', {}, (await setRetention(engine, 6)).token);
    expect(status).toMatchObject({ retentionMonths: 6, archivedBeforeDay: '2026-11-10', folder: join(engine.context.dataDir, 'archive') });
    expect(status.months.filter((m) => m.locationId === demo.seed.locationId)).toMatchObject([{ month: '2026-10', readings: october.length, locationName: demo.seed.locationName }]);
  });

  it('loses nothing: re-projecting the log documents gives the archived readings, the audit chain still verifies, and the report of the period is unchanged', async () => {
    const asOfMs = Date.UTC(2027, 11, 10, 12);
    const { engine } = await openCopy(asOfMs);
    const admin = await setRetention(engine, 6);
    const before = await makeReport(engine.context, reportParams(asOfMs), { paper: 'letter', pdf: false, csv: true });
    const rows = { october: tableReadings(engine, OCTOBER), november: tableReadings(engine, NOVEMBER) };
    const corrective = engine.context.sqlite.prepare('SELECT * FROM corrective_actions ORDER BY id').all();

    const run = ours(archiveDueMonths(engine.context, SYSTEM_ACTOR));
    expect(run.archived.map((a) => a.month)).toEqual(['2026-10', '2026-11']);
    expect(tableReadings(engine, { startMs: OCTOBER.startMs, endMs: NOVEMBER.endMs })).toEqual([]);

    // What the documents would project again is, reading for reading, what the archive holds.
    for (const [month, expected] of [['2026-10', rows.october], ['2026-11', rows.november]] as const) {
      const fromDocuments = [...loggedReadings(engine.context, demo.seed.locationId, month).values()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
      expect(fromDocuments).toEqual(expected);
      expect(readArchive(engine.context.dataDir, `archive/${demo.seed.locationId}/${month}.jsonl.gz`).readings).toEqual(expected);
    }
    expect(verifyArchives(engine.context).filter((c) => c.locationId === demo.seed.locationId).map((c) => [c.month, c.ok, c.problem])).toEqual([
      ['2026-10', true, null],
      ['2026-11', true, null],
    ]);
    // HACCP records other than readings stay where they were (and are copied into the files).
    expect(engine.context.sqlite.prepare('SELECT * FROM corrective_actions ORDER BY id').all()).toEqual(corrective);
    expect(readArchive(engine.context.dataDir, run.archived[1]!.fileName).records.some((r) => r.table === 'corrective_actions')).toBe(corrective.length > 0);
    expect(verifyAuditChains(engine.context.q)).toMatchObject({ ok: true });
    expect(await call(engine, 'audit.verify', {}, admin.token)).toMatchObject({ ok: true });
    expect(auditActions(engine).map((a) => a.action)).toContain('haccp.archive');

    // The report reads the archive: the same tables, the same digest.
    const after = await makeReport(engine.context, reportParams(asOfMs), { paper: 'letter', pdf: false, csv: true });
    expect(after.stamp.digest).toBe(before.stamp.digest);
    expect(after.csv).toBe(before.csv);
  });

  it('running again adds nothing; a reading of an archived month that comes back late is added to its file', async () => {
    const { engine } = await openCopy(Date.UTC(2027, 11, 10, 12));
    const admin = await setRetention(engine, 6);
    archiveDueMonths(engine.context, SYSTEM_ACTOR);
    expect(archiveDueMonths(engine.context, SYSTEM_ACTOR).archived).toEqual([]);

    const sensorId = (engine.context.sqlite.prepare('SELECT id FROM sensors WHERE location_id = ? ORDER BY name').pluck().get(demo.seed.locationId) as string)!;
    // A logger's old readings downloaded again add nothing: archived readings count as stored.
    const archivedOne = readArchive(engine.context.dataDir, `archive/${demo.seed.locationId}/2026-10.jsonl.gz`).readings.find((r) => r[0] === sensorId)!;
    expect(storeReadings(engine.context, sensorId, 'download', [{ atMs: archivedOne[1], rawCentiC: archivedOne[3] }])).toEqual({ added: 0, alreadyThere: 1 });
    const sensorName = engine.context.sqlite.prepare('SELECT name FROM sensors WHERE id = ?').pluck().get(sensorId) as string;
    const file = `time,temperature_c\n${new Date(archivedOne[1]).toISOString()},${(archivedOne[3] / 100).toFixed(2)}\n`;
    const preview = await call(engine, 'readings.previewImport', { text: file, fileName: 'old.csv', sensorName, locationId: demo.seed.locationId }, admin.token);
    expect([preview.added, preview.alreadyThere]).toEqual([0, 1]);
    expect(tableReadings(engine, OCTOBER)).toEqual([]);

    const lateAt = Date.UTC(2026, 9, 25, 3, 0, 30);
    storeReadings(engine.context, sensorId, 'import', [{ atMs: lateAt, rawCentiC: 321 }]);
    const again = ours(archiveDueMonths(engine.context, SYSTEM_ACTOR));
    expect(again.archived.map((a) => a.month)).toEqual(['2026-10']);
    expect(readArchive(engine.context.dataDir, again.archived[0]!.fileName).readings.some((r) => r[0] === sensorId && r[1] === lateAt)).toBe(true);
    expect(tableReadings(engine, OCTOBER)).toEqual([]);
    expect(verifyArchives(engine.context).every((c) => c.ok)).toBe(true);
  });

  it('an altered archive file is caught by the check and by the report; a lost one is written again from the log documents', async () => {
    const asOfMs = Date.UTC(2027, 11, 10, 12);
    const { engine, dir } = await openCopy(asOfMs);
    await setRetention(engine, 6);
    const run = ours(archiveDueMonths(engine.context, SYSTEM_ACTOR));
    const october = join(dir, run.archived[0]!.fileName);
    const original = readArchive(dir, run.archived[0]!.fileName).readings;
    const text = gunzipSync(readFileSync(october)).toString('utf8');
    const reading = /\["reading","[^"]+",\d+,(-?\d+),/.exec(text)!;
    writeFileSync(october, gzipSync(text.replace(reading[0], reading[0].replace(`,${reading[1]},`, `,${Number(reading[1]) - 500},`))));

    const checks = verifyArchives(engine.context).filter((c) => c.locationId === demo.seed.locationId);
    expect(checks[0]).toMatchObject({ month: '2026-10', ok: false });
    expect(checks[0]!.problem).toContain('has changed since it was written');
    await expect(makeReport(engine.context, reportParams(asOfMs), { paper: 'letter', pdf: false, csv: true })).rejects.toThrow(/has changed since it was written/);

    rmSync(october);
    expect(verifyArchives(engine.context).find((c) => c.fileName === run.archived[0]!.fileName)!.problem).toContain('is missing');
    expect(ours(archiveDueMonths(engine.context, SYSTEM_ACTOR)).archived.map((a) => a.month)).toEqual(['2026-10']);
    expect(existsSync(october)).toBe(true);
    expect(readArchive(dir, run.archived[0]!.fileName).readings).toEqual(original);
    expect(verifyArchives(engine.context).every((c) => c.ok)).toBe(true);
  });
});

describe('the daily archive job', () => {
  afterEach(() => vi.useRealTimers());

  it('archives five minutes after start-up without anyone asking, audited as the system', async () => {
    const { engine } = await openCopy(Date.UTC(2027, 11, 10, 12));
    await setRetention(engine, 6);
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] });
    const job = startDailyArchive(() => engine.context);
    job.start();
    try {
      vi.advanceTimersByTime(4 * 60_000);
      expect(tableReadings(engine, OCTOBER).length).toBeGreaterThan(0);
      vi.advanceTimersByTime(60_000);
      expect(tableReadings(engine, OCTOBER)).toEqual([]);
      expect(auditActions(engine).filter((a) => a.action === 'haccp.archive').map((a) => a.actor_id)).toEqual([null]);
    } finally {
      await job.stop();
    }
  });
});

describe('opsflow haccp archive', () => {
  afterEach(() => vi.useRealTimers());

  it('archives the due months, says what it did, and --verify exits 1 once a file was altered', async () => {
    const { engine, dir } = await openCopy(Date.UTC(2027, 11, 10, 12));
    await setRetention(engine, 6);
    engine.close();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2027, 11, 10, 12));

    const run = await runCliInProcess(['haccp', 'archive', '--json', '--data-dir', dir]);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { archivedBeforeDay: string; archived: { month: string; locationId: string; fileName: string }[]; failed: unknown[] };
    expect(out.archivedBeforeDay).toBe('2027-06-10');
    expect(out.archived.filter((a) => a.locationId === demo.seed.locationId).map((a) => a.month)).toEqual(['2026-10', '2026-11']);
    expect(out.failed).toEqual([]);
    expect((await runCliInProcess(['haccp', 'archive', '--data-dir', dir])).stdout).toContain('Nothing new to archive.');

    const verified = await runCliInProcess(['haccp', 'archive', '--verify', '--data-dir', dir]);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('2026-10 archive/');
    expect(verified.stdout).toContain('intact, the log documents hold the same readings');

    writeFileSync(join(dir, out.archived.find((a) => a.locationId === demo.seed.locationId)!.fileName), gzipSync('{"format":"opsflow-archive/1","sha256":"0"}\n'));
    const broken = await runCliInProcess(['haccp', 'archive', '--verify', '--data-dir', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('has changed since it was written');
  });
});
