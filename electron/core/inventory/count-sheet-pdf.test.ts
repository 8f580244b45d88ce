import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { CountSheetFile } from '../../../domain/contract/inventory';
import type { Engine } from '../engine';
import { addUser, auditActions, call, failure, openTestEngine, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';
import { FLOUR, MILK, addItem } from './inventory-fixture';

let dir: string;
let cleanup: () => void;
let engine: Engine;
let admin: SessionInfo;
let staff: SessionInfo;
let here: string;
let countId: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDataDir());
  engine = await openTestEngine({ dataDir: dir, now: testClock().now });
  admin = await setUpOrganization(engine);
  staff = (await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' })).session;
  here = engine.context.identity()!.homeLocationId;
  const flour = await addItem(engine, admin.token, FLOUR);
  await addItem(engine, admin.token, { ...MILK, name: 'Butter', sku: 'BU-1', packs: [{ name: 'block', baseQty: 500 }], baseUnit: 'g', tcs: false, perishable: false, shelfLifeDays: null });
  // 75 kg of flour on the books: "3 sack" when shown.
  await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 3, lot: '', expiresOn: null }] }, admin.token);
  countId = (await call(engine, 'inventory.startCount', { locationId: here, storageArea: '' }, staff.token)).id;
});
afterEach(() => {
  engine.close();
  cleanup();
});

function textOf(file: CountSheetFile): string {
  const path = join(dir, file.fileName);
  writeFileSync(path, Buffer.from(file.base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

function pageSizeOf(file: CountSheetFile): string {
  const path = join(dir, `size-${file.fileName}`);
  writeFileSync(path, Buffer.from(file.base64, 'base64'));
  return /Page size:\s+(.+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]!;
}

describe('the printed count sheet', () => {
  it('lists the items by storage area with their pack sizes, blind by default: nothing on the books is printed', async () => {
    const file = await call(engine, 'inventory.countSheetPdf', { countId }, staff.token);
    expect(file).toMatchObject({ fileName: 'count-sheet-all-areas.pdf', mimeType: 'application/pdf' });
    const text = textOf(file);
    expect(text).toContain('Stock count: every storage area');
    expect(text).toContain('Blind count: the quantities on the books are not shown.');
    // One table per storage area, each item with every way it may be counted.
    expect(text).toMatch(/Dry store[\s\S]*Flour\s+FL-25\s+sack = 25,000 g · kg = 1,000 g · g/);
    expect(text).toMatch(/Walk-in[\s\S]*Butter\s+BU-1\s+block = 500 g · g/);
    expect(text.indexOf('Dry store')).toBeLessThan(text.indexOf('Walk-in'));
    expect(text).not.toContain('On the books');
    expect(text).not.toMatch(/3 sack|75,?000/);
    expect(pageSizeOf(file)).toMatch(/612 x 792 pts \(letter\)/);
  });

  it('prints on A4 when asked', async () => {
    const file = await call(engine, 'inventory.countSheetPdf', { countId, paper: 'a4' }, staff.token);
    expect(pageSizeOf(file)).toMatch(/595\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('shows the quantities on the books only to a manager who asks for them', async () => {
    const file = await call(engine, 'inventory.countSheetPdf', { countId, showExpected: true }, admin.token);
    expect(file.fileName).toBe('count-sheet-all-areas-with-expected.pdf');
    const text = textOf(file);
    expect(text).toContain('Not blind: the quantities on the books are shown.');
    expect(text).toMatch(/Flour\s+FL-25\s+sack = 25,000 g · kg = 1,000 g · g\s+3 sack/);
    expect(text).toMatch(/Butter\s+BU-1\s+block = 500 g · g\s+0 ?g/);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'inventory.printCountSheet', risk: 'MEDIUM' });
  });

  it('refuses the quantities on the books to staff, and says so in the audit log', async () => {
    expect(await failure(engine, 'inventory.countSheetPdf', { countId, showExpected: true }, staff.token)).toBe('FORBIDDEN');
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH' });
    // Even on a count that is not blind: the paper sheet is a manager's to unblind.
    const open = await call(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store', blind: false }, staff.token);
    expect(await failure(engine, 'inventory.countSheetPdf', { countId: open.id, showExpected: true }, staff.token)).toBe('FORBIDDEN');
    expect(textOf(await call(engine, 'inventory.countSheetPdf', { countId: open.id }, staff.token))).not.toContain('3 sack');
  });

  it('prints what was already entered on screen in the boxes', async () => {
    const flour = (await call(engine, 'inventory.items', {}, staff.token)).find((i) => i.name === 'Flour')!;
    await call(engine, 'inventory.enterCount', { countId, itemId: flour.id, packName: 'kg', qty: 12.5 }, staff.token);
    expect(textOf(await call(engine, 'inventory.countSheetPdf', { countId }, staff.token))).toMatch(/Flour\s+FL-25\s+sack = 25,000 g · kg = 1,000 g · g\s+12\.5\s+kg/);
  });
});
