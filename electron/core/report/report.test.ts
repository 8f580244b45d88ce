import { execFileSync } from 'node:child_process';
import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { runCliInProcess } from '../testing/cli-in-process';
import { seededDemoForFile } from '../testing/seeded-demo';
import { addUser, auditActions, call, failure, openTestEngine, TEST_PASSWORD } from '../testing/test-engine';
import { makeReport } from './report-file';
import { verifyReportFile } from './report-verify';

/** The demo restaurant, seeded once; each test works on its own copy of the folder. */
const END_MS = Date.UTC(2026, 10, 20, 15, 0);
const AS_OF_MS = END_MS + 60 * 60_000;
const demo = seededDemoForFile('opsflow-report-', END_MS);
let engine: Engine | null = null;
afterEach(() => {
  engine?.close();
  engine = null;
});

async function openCopy(): Promise<{ engine: Engine; dir: string }> {
  const dir = demo.tempDir();
  cpSync(demo.dir, dir, { recursive: true });
  engine = await openTestEngine({ dataDir: dir, now: () => AS_OF_MS });
  return { engine, dir };
}

function params() {
  return { locationId: demo.seed.locationId, fromDay: demo.seed.fromDay, toDay: demo.seed.toDay, twiceDaily: true, asOfMs: AS_OF_MS };
}

function writePdf(pdf: Buffer): string {
  const file = join(demo.tempDir(), 'report.pdf');
  writeFileSync(file, pdf);
  return file;
}

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pdfInfo = (file: string) => execFileSync('pdfinfo', [file], { encoding: 'utf8' });

describe("the inspector's report", () => {
  it('renders as a PDF whose every page poppler draws, with the units, the excursions and the digest on it', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'letter', pdf: true, csv: false });
    const file = writePdf(made.pdf!);
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfInfo(file))![1]);
    expect(pages).toBeGreaterThan(3);
    expect(pdfInfo(file)).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
    const out = demo.tempDir();
    execFileSync('pdftoppm', ['-r', '20', '-png', file, join(out, 'page')]);
    expect(readdirSync(out).filter((f) => f.endsWith('.png'))).toHaveLength(pages);

    const text = pdfText(file);
    for (const unit of ['Walk-in cooler (walk in cooler)', 'Line reach-in (reach in cooler)', 'Freezer (freezer)', 'Steam table (hot holding)']) expect(text).toContain(unit);
    // The walk-in's 55-minute warm-up nine days before the end with its corrective action and sign-off, the steam
    // table's awaiting sign-off, and the reach-in still out of range at the end with none.
    expect(text).toMatch(/Walk-in cooler \/\s+2026-11-11\s+2026-11-11\s+55 min\s+46\.\d °F\s+at most\s+Product moved to\s+Maria/);
    expect(text).toMatch(/Steam table \/\s+2026-11-14\s+2026-11-14\s+40 min\s+127\.\d °F\s+at least\s+Product re-heated:\s+not signed/);
    expect(text).toMatch(/Line reach-in \/\s+2026-11-20\s+still open/);
    expect(text).toContain('none recorded');
    expect(text).toContain(`Digest (SHA-256): ${made.stamp.digest}`);
    expect(text).toMatch(/Audit chain head: entry \d+ of station/);
    // Fonts are embedded (subset): no reader substitutes its own.
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('prints on A4 too, with the same digest: the paper is not part of the records', async () => {
    const { engine } = await openCopy();
    const letter = await makeReport(engine.context, params(), { paper: 'letter', pdf: false, csv: false });
    const a4 = await makeReport(engine.context, params(), { paper: 'a4', pdf: true, csv: false });
    expect(pdfInfo(writePdf(a4.pdf!))).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(a4.stamp.digest).toBe(letter.stamp.digest);
  });

  it('shows checklists done, late and missed, the cooling logs and every sensor’s calibration', async () => {
    const { engine } = await openCopy();
    const { report } = await makeReport(engine.context, params(), { paper: 'a4', pdf: false, csv: false });
    const states = new Set(report.checklists.filter((c) => c.day < demo.seed.toDay).map((c) => c.state));
    expect(states).toEqual(new Set(['done', 'late', 'missed']));
    // The report is made at 11:00 on the last day: lunch is open, dinner still to come.
    expect(report.checklists.filter((c) => c.day === demo.seed.toDay).map((c) => [c.name, c.label, c.state])).toEqual([
      ['Opening checks', 'Morning', 'done'],
      ['Line check', 'Lunch', 'open'],
      ['Line check', 'Dinner', 'upcoming'],
    ]);
    expect(report.cooling.map((l) => [l.food, l.state])).toEqual([
      ['Chicken stock, 20 qt', 'passed'],
      ['Steamed rice, 2 hotel pans', 'failed'],
    ]);
    expect(report.sensors.map((s) => [s.name, s.state])).toEqual([
      ['Freezer logger', 'overdue'],
      ['Line reach-in logger', 'due within 30 days'],
      ['Steam table logger', 'never calibrated'],
      ['Walk-in cooler logger', 'current'],
    ]);
    expect(report.units.every((u) => u.days.length === 30)).toBe(true);
  });

  it('as CSV carries the same tables: a header per section and one row per excursion', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'a4', pdf: false, csv: true });
    const rows = parse(made.csv!, { relaxColumnCount: true }) as string[][];
    expect(rows[1]).toEqual(['Digest (SHA-256)', made.stamp.digest]);
    const header = rows.findIndex((r) => r[0] === 'Unit / sensor');
    expect(rows[header]).toEqual(['Unit / sensor', 'Start', 'End', 'Duration', 'Peak', 'Limit', 'Corrective action', 'Signed off']);
    const excursionRows = rows.slice(header + 1, rows.findIndex((r, i) => i > header && r.length === 1 && r[0] === 'Checklists') - 1);
    expect(excursionRows.map((r) => r[0])).toEqual(made.report.excursions.map((e) => `${e.unit} / ${e.sensor}`));
    expect(excursionRows.length).toBeGreaterThanOrEqual(3);
    expect(rows).toContainEqual(['Day', 'Min', 'Max', 'Readings', 'Morning (08:00)', 'Evening (20:00)']);
  });

  it('lists the receiving checks of TCS deliveries, with the supplier, the temperature and the decision', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'letter', pdf: true, csv: true });
    expect(made.report.receiving.map((c) => [c.item, c.supplier, c.holding, c.tempCentiC, c.passed, c.decision])).toEqual([
      ['Whole milk', 'Casco Bay Produce', 'cold', 280, true, 'accepted'],
      ['Chicken thighs', 'Casco Bay Produce', 'cold', 320, true, 'accepted'],
      ['Romaine hearts', 'Casco Bay Produce', 'cold', 360, true, 'accepted'],
    ]);
    const text = pdfText(writePdf(made.pdf!));
    expect(text).toContain('Receiving checks');
    expect(text).toContain('3 check(s), 0 failed.');
    expect(text).toMatch(/Whole milk\s+Casco Bay( Produce)?\s+cold\s+37\.0 °F\s+passed\s+accepted\s+Dana Admin/);
    const rows = parse(made.csv!, { relaxColumnCount: true }) as string[][];
    expect(rows).toContainEqual(['Time', 'Item', 'Supplier', 'Arrived', 'Temperature', 'Result', 'Decision', 'By']);
  });

  it('refuses a range backwards or longer than a year, with a sentence', async () => {
    const { engine } = await openCopy();
    await expect(makeReport(engine.context, { ...params(), fromDay: '2026-11-20', toDay: '2026-11-01' }, { paper: 'a4', pdf: true, csv: false })).rejects.toThrow(
      'The report cannot start (2026-11-20) after it ends (2026-11-01).',
    );
    await expect(makeReport(engine.context, { ...params(), fromDay: '2025-01-01', toDay: '2026-11-01' }, { paper: 'a4', pdf: true, csv: false })).rejects.toThrow('at most a year');
  });
});

describe('verifying a report against the data', () => {
  it('a report of untouched data verifies', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'a4', pdf: true, csv: false });
    const v = verifyReportFile(engine.context, made.pdf!);
    expect(v).toMatchObject({ ok: true, recordsUnchanged: true, chainHeadFound: true });
    expect(v.sentence).toContain('No record shown in the report has changed');
  });

  it('a reading changed in the database behind OpsFlow’s back is found, even one that is not a daily extreme', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'a4', pdf: true, csv: false });
    const sql = engine.context.sqlite;
    const walkIn = sql.prepare("SELECT id FROM sensors WHERE name = 'Walk-in cooler logger'").pluck().get() as string;
    const changed = sql.prepare('UPDATE readings SET temp_centi_c = temp_centi_c + 1 WHERE sensor_id = ? AND at_ms = (SELECT at_ms FROM readings WHERE sensor_id = ? ORDER BY at_ms LIMIT 1 OFFSET 100)').run(walkIn, walkIn);
    expect(changed.changes).toBe(1);
    const v = verifyReportFile(engine.context, made.pdf!);
    expect(v).toMatchObject({ ok: false, recordsUnchanged: false, chainHeadFound: true });
    expect(v.sentence).toContain('A record shown in the report has changed since it was made');
  });

  it('a checklist record tampered in SQL is found', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'a4', pdf: true, csv: false });
    engine.context.sqlite.prepare("UPDATE checklist_completions SET actor_name = 'Someone Else' WHERE rowid = (SELECT MIN(rowid) FROM checklist_completions)").run();
    expect(verifyReportFile(engine.context, made.pdf!).recordsUnchanged).toBe(false);
  });

  it('a receiving temperature tampered in SQL is found', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'a4', pdf: true, csv: false });
    expect(verifyReportFile(engine.context, made.pdf!).recordsUnchanged).toBe(true);
    engine.context.sqlite.prepare("UPDATE receiving_checks SET temp_centi_c = 450 WHERE item_name = 'Whole milk'").run();
    expect(verifyReportFile(engine.context, made.pdf!).recordsUnchanged).toBe(false);
  });

  it('a calibration recorded the proper way after the report changes what it showed', async () => {
    const { engine } = await openCopy();
    const made = await makeReport(engine.context, params(), { paper: 'a4', pdf: true, csv: false });
    const admin = await call(engine, 'auth.signIn', { username: demo.seed.admin.username, password: demo.seed.admin.password });
    const sensor = (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.name === 'Steam table logger')!;
    await call(engine, 'sensors.calibrate', { sensorId: sensor.id, offsetCentiC: 10, dueMs: AS_OF_MS + 300 * 86_400_000, note: 'Boiling-point check' }, admin.token);
    expect(verifyReportFile(engine.context, made.pdf!).recordsUnchanged).toBe(false);
  });

  it('a file that is not a report is refused with a sentence', async () => {
    const { engine } = await openCopy();
    expect(() => verifyReportFile(engine.context, Buffer.from('%PDF-1.3\nnothing of ours\n'))).toThrow('is not an OpsFlow inspection report');
  });
});

describe('the command line', () => {
  const opsflow = (args: string[]) => runCliInProcess(args);

  it('writes the PDF and CSV, verifies it (exit 0), and after a tampered reading says so (exit 1)', async () => {
    const dir = demo.tempDir();
    cpSync(demo.dir, dir, { recursive: true });
    const out = demo.tempDir();
    const pdf = join(out, 'out.pdf');
    const csv = join(out, 'out.csv');
    const made = await opsflow(['report', 'haccp', '--location', 'Harbor Street Kitchen', '--from', demo.seed.fromDay, '--to', demo.seed.toDay, '--pdf', pdf, '--csv', csv, '--paper', 'a4', '--data-dir', dir]);
    expect(made.stderr).toBe('');
    expect(made).toMatchObject({ code: 0 });
    expect(made.stdout).toMatch(/^Wrote the report of Harbor Street Kitchen, .*: 4 unit\(s\), \d excursion\(s\)/);
    expect(pdfText(pdf)).toContain('HACCP inspection report');

    expect(await opsflow(['report', 'verify', pdf, '--data-dir', dir])).toMatchObject({ code: 0, stdout: expect.stringContaining('No record shown in the report has changed') });

    const e = await openTestEngine({ dataDir: dir });
    e.context.sqlite.prepare("UPDATE readings SET temp_centi_c = 900 WHERE (sensor_id, at_ms) = (SELECT sensor_id, at_ms FROM readings ORDER BY sensor_id, at_ms LIMIT 1)").run();
    e.close();
    const after = await opsflow(['report', 'verify', pdf, '--json', '--data-dir', dir]);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: false, recordsUnchanged: false, chainHeadFound: true });
  });

  it('refuses a missing output, a bad day and an unknown location with one line each, and writes nothing', async () => {
    const dir = demo.tempDir();
    cpSync(demo.dir, dir, { recursive: true });
    const base = ['report', 'haccp', '--location', 'Harbor Street Kitchen', '--data-dir', dir];
    expect(await opsflow([...base, '--from', '2026-11-01', '--to', '2026-11-02'])).toMatchObject({ code: 1, stderr: 'opsflow: Say where to write the report: --pdf out.pdf and/or --csv out.csv.\n' });
    expect(await opsflow([...base, '--from', '2026-11-31', '--to', '2026-11-02', '--pdf', join(dir, 'x.pdf')])).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a day') });
    expect((await opsflow(['report', 'haccp', '--location', 'Nowhere', '--from', '2026-11-01', '--to', '2026-11-02', '--pdf', join(dir, 'x.pdf'), '--data-dir', dir])).code).toBe(1);
    expect(readdirSync(dir).some((f) => f.endsWith('.pdf'))).toBe(false);
    expect(await opsflow(['report', 'verify', join(dir, 'missing.pdf'), '--data-dir', dir])).toMatchObject({ code: 1, stderr: expect.stringContaining('there is no such file') });
  });
});

describe('who may print the report (written out by hand)', () => {
  // haccp.view: every role, the AUDITOR included; only at locations granted to them.
  const MAY_PRINT = { TENANT_ADMIN: true, LOCATION_MANAGER: true, COMPLIANCE_OFFICER: true, MANAGER: true, STAFF: true, AUDITOR: true } as const;

  it('each role gets the file at its own location; another location is "not found" and audited', async () => {
    const { engine } = await openCopy();
    const admin = await call(engine, 'auth.signIn', { username: demo.seed.admin.username, password: demo.seed.admin.password });
    const input = { locationId: demo.seed.locationId, fromDay: demo.seed.toDay, toDay: demo.seed.toDay, paper: 'a4' as const, format: 'pdf' as const };
    for (const [role, may] of Object.entries(MAY_PRINT)) {
      const { session } = await addUser(engine, admin.token, { username: `u-${role.toLowerCase()}`, role: role as never, password: TEST_PASSWORD });
      if (may) {
        const file = await call(engine, 'report.haccp', input, session.token);
        expect(Buffer.from(file.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
        expect(file.fileName).toBe(`haccp-report-harbor-street-kitchen-${demo.seed.toDay}-to-${demo.seed.toDay}.pdf`);
      } else {
        expect(await failure(engine, 'report.haccp', input, session.token)).toBe('FORBIDDEN');
      }
    }
    const commissary = (await call(engine, 'locations.list', {}, admin.token)).find((l) => l.name === 'Harbor Street Commissary')!;
    const cook = await addUser(engine, admin.token, { username: 'far-cook', role: 'STAFF', locationIds: [commissary.id], password: TEST_PASSWORD });
    expect(await failure(engine, 'report.haccp', input, cook.session.token)).toBe('NOT_FOUND');
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH' });
    const csv = await call(engine, 'report.haccp', { ...input, format: 'csv' }, admin.token);
    expect(csv.mimeType).toBe('text/csv');
    expect(Buffer.from(csv.base64, 'base64').toString('utf8')).toContain('HACCP inspection report,Harbor Street Kitchen');
  });
});
