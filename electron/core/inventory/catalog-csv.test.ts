import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { call, closeTestEngines, dataSnapshot, freshSetUpEngine, auditActions } from '../testing/test-engine';
import { FLOUR, addItem } from './inventory-fixture';

afterEach(closeTestEngines);

let engine: Engine;
let admin: SessionInfo;

beforeEach(async () => {
  ({ engine, admin } = await freshSetUpEngine());
  await call(engine, 'inventory.saveSupplier', { supplierId: null, fields: { name: 'Dairy Co', contact: 'Dana', phone: '', email: '', active: true } }, admin.token);
});

const HEADER = 'sku,name,category,storage_area,base_unit,packs,par,reorder_point,unit_cost_cents,supplier,perishable,shelf_life_days,tcs,active';

/** Line 2 and 5 are clean; 3 has a unit OpsFlow does not know, 4 a supplier not in the catalog, 6 repeats line 2's SKU. */
const WITH_BAD_ROWS = [
  HEADER,
  'MI-6,Milk,Dairy,Walk-in,ml,"case=6000;L=1000",24000,12000,0.12,Dairy Co,yes,7,yes,yes',
  'EG-30,Eggs,Dairy,Walk-in,dozen,,60,30,25,,yes,21,yes,yes',
  'CR-1,Cream,Dairy,Walk-in,ml,L=1000,5000,2000,0.4,Cream Ltd,yes,10,yes,yes',
  'SA-1,Salt,Dry,Dry store,g,box=1000,5000,1000,0.05,,no,,no,yes',
  'MI-6,Milk again,Dairy,Walk-in,ml,,1,0,0,,no,,no,yes',
].join('\n');

describe('catalog CSV import and export', () => {
  it('a file with bad rows reports each by its line and imports nothing', async () => {
    const before = dataSnapshot(engine);
    const audits = auditActions(engine).length;
    const result = await call(engine, 'inventory.importCatalog', { csv: WITH_BAD_ROWS }, admin.token);
    expect(result).toEqual({
      imported: false,
      created: 0,
      updated: 0,
      errors: [
        { line: 3, message: 'Line 3: base_unit is "dozen"; write g, ml or each.' },
        { line: 4, message: 'Line 4: supplier "Cream Ltd" is not in the catalog; add the supplier first.' },
        { line: 6, message: 'Line 6: the same item as line 2 (SKU MI-6).' },
      ],
    });
    expect(await call(engine, 'inventory.items', {}, admin.token)).toEqual([]);
    expect(dataSnapshot(engine)).toBe(before);
    expect(auditActions(engine)).toHaveLength(audits);
  });

  it('asked to, imports the clean rows and still reports the bad ones', async () => {
    const result = await call(engine, 'inventory.importCatalog', { csv: WITH_BAD_ROWS, importCleanRows: true }, admin.token);
    expect(result).toMatchObject({ imported: true, created: 2, updated: 0 });
    expect(result.errors.map((e) => e.line)).toEqual([3, 4, 6]);
    const items = await call(engine, 'inventory.items', {}, admin.token);
    const suppliers = await call(engine, 'inventory.suppliers', {}, admin.token);
    expect(items.map((i) => i.name)).toEqual(['Milk', 'Salt']);
    expect(items[0]).toMatchObject({ baseUnit: 'ml', packs: [{ name: 'case', baseQty: 6000 }, { name: 'L', baseQty: 1000 }], unitCostMilliCents: 120, supplierId: suppliers[0]!.id, perishable: true, shelfLifeDays: 7, tcs: true });
  });

  it('export then import gives the same catalog, updating items by SKU rather than adding them again', async () => {
    await addItem(engine, admin.token, FLOUR);
    await addItem(engine, admin.token, { ...FLOUR, name: 'Sugar, "caster"', sku: '', packs: [], unitCostMilliCents: 1234 });
    const before = await call(engine, 'inventory.items', {}, admin.token);
    const { csv } = await call(engine, 'inventory.exportCatalog', {}, admin.token);
    expect(csv.split('\n')[0]).toBe(HEADER);
    expect(csv).toContain('"Sugar, ""caster"""');
    const result = await call(engine, 'inventory.importCatalog', { csv }, admin.token);
    expect(result).toEqual({ imported: true, created: 0, updated: 2, errors: [] });
    expect(await call(engine, 'inventory.items', {}, admin.token)).toEqual(before);
  });

  it('a file that is not the catalog, or not CSV, is refused with a sentence', async () => {
    const wrongHeader = await engine.dispatch({ method: 'inventory.importCatalog', input: { csv: 'name,price\nMilk,2' }, token: admin.token });
    expect(wrongHeader).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^Line 1 of the catalog file: the header lacks the column\(s\) category, .*Nothing was imported\.$/) } });
    const broken = await engine.dispatch({ method: 'inventory.importCatalog', input: { csv: `${HEADER}\nX,"Milk,Dairy` }, token: admin.token });
    expect(broken).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: expect.stringMatching(/^The catalog file could not be read as CSV at line 2: .*Nothing was imported\.$/) } });
    expect(await call(engine, 'inventory.items', {}, admin.token)).toEqual([]);
  });
});
