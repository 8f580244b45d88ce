import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FLOUR, addItem } from '../inventory/inventory-fixture';
import { auditActions, call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

let root: string;
let cleanup: () => void;
let dataDir: string;
let countId: string;
beforeEach(async () => {
  ({ dir: root, cleanup } = tempDataDir());
  dataDir = join(root, 'data');
  const engine = await openTestEngine({ dataDir });
  try {
    const admin = await setUpOrganization(engine);
    const here = engine.context.identity()!.homeLocationId;
    const flour = await addItem(engine, admin.token, FLOUR);
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 3, lot: '', expiresOn: null }] }, admin.token);
    countId = (await call(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store' }, admin.token)).id;
  } finally {
    engine.close();
  }
});
afterEach(() => cleanup());

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('opsflow inventory count-sheet', () => {
  it('writes the blind sheet by default, and the quantities on the books only with --show-expected', async () => {
    const blind = join(root, 'blind.pdf');
    const r = await runCliInProcess(['inventory', 'count-sheet', '--data-dir', dataDir, '--count', countId, '--pdf', blind, '--paper', 'a4']);
    expect(r).toEqual({ code: 0, stderr: '', stdout: `Wrote the blind count sheet of Dry store to ${blind}: 1 item(s) in 1 storage area(s).\n` });
    expect(pdfText(blind)).toMatch(/Flour\s+FL-25\s+sack = 25,000 g/);
    expect(pdfText(blind)).not.toContain('3 sack');

    const open = join(root, 'open.pdf');
    expect((await runCliInProcess(['inventory', 'count-sheet', '--data-dir', dataDir, '--count', countId, '--pdf', open, '--show-expected'])).code).toBe(0);
    expect(pdfText(open)).toMatch(/Flour\s+FL-25\s+sack = 25,000 g · kg = 1,000 g · g\s+3 sack/);
    const engine = await openTestEngine({ dataDir });
    try {
      expect(auditActions(engine).slice(-2).map((a) => [a.action, a.risk])).toEqual([
        ['inventory.printCountSheet', 'LOW'],
        ['inventory.printCountSheet', 'MEDIUM'],
      ]);
    } finally {
      engine.close();
    }
  });

  it('says which count it could not find, and writes nothing', async () => {
    const out = join(root, 'none.pdf');
    const r = await runCliInProcess(['inventory', 'count-sheet', '--data-dir', dataDir, '--count', 'no-such-count', '--pdf', out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('There is no stock count "no-such-count".');
    expect(existsSync(out)).toBe(false);
  });
});
