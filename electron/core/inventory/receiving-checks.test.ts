import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { centiCFromFahrenheit as F } from '../../../domain/haccp/food-code-temperatures';
import type { Engine } from '../engine';
import { addUser, auditActions, call, openTestEngine, rowCount, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';
import { FLOUR, MILK, addItem, ledgerSum } from './inventory-fixture';

let dir: string;
let cleanup: () => void;
let engine: Engine;
let admin: SessionInfo;
let here: string;
let flour: string;
let milk: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDataDir());
  engine = await openTestEngine({ dataDir: dir, now: testClock().now });
  admin = await setUpOrganization(engine);
  here = engine.context.identity()!.homeLocationId;
  flour = await addItem(engine, admin.token, FLOUR);
  milk = await addItem(engine, admin.token, MILK);
});
afterEach(() => {
  engine.close();
  cleanup();
});

type Check = { holding: 'cold' | 'hot' | 'frozen'; tempCentiC: unknown; receivedFrozen?: boolean; decision?: 'accept' | 'reject' | null; correctiveAction?: string };
const flourLine = { packName: 'sack', qty: 1, lot: '', expiresOn: null };
const milkLine = (receivingCheck: Check | null) => ({ itemId: milk, packName: 'case', qty: 2, lot: 'M1', expiresOn: '2026-11-29', receivingCheck });

function deliver(lines: unknown[], token = admin.token) {
  return engine.dispatch({ method: 'inventory.receive', input: { locationId: here, supplierId: null, note: '', lines }, token });
}

/** Nothing was written: no stock, no receiving check. */
function nothingReceived() {
  expect(ledgerSum(engine, here, milk)).toBe(0);
  expect(ledgerSum(engine, here, flour)).toBe(0);
  expect(rowCount(engine, 'receiving_checks')).toBe(0);
}

describe('receiving TCS food (Food Code 3-202.11)', () => {
  it('refuses a TCS item without its receiving temperature, and receives nothing of the delivery', async () => {
    const result = await deliver([{ ...flourLine, itemId: flour }, milkLine(null)]);
    expect(result).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'Line 2: Milk is TCS food; take its temperature on receipt and enter it (Food Code 3-202.11).' } });
    nothingReceived();
  });

  it('receives refrigerated food at exactly 41 °F, and the temperature shows in the item’s history', async () => {
    const [movement] = await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [milkLine({ holding: 'cold', tempCentiC: F(41) })] as never }, admin.token);
    expect(movement!.receivingCheck).toMatchObject({ holding: 'cold', tempCentiC: 500, passed: true, decision: 'accepted', movementId: movement!.id, qtyBase: 12_000, lot: 'M1' });
    expect(ledgerSum(engine, here, milk)).toBe(12_000);
    const { movements } = await call(engine, 'inventory.history', { locationId: here, itemId: milk }, admin.token);
    expect(movements.map((m) => [m.kind, m.deltaBase, m.receivingCheck?.tempCentiC, m.receivingCheck?.passed])).toEqual([['receive', 12_000, 500, true]]);
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'inventory.receive',
      risk: 'LOW',
      summary: 'Received a delivery of 1 line(s) at Downtown; receiving checks: Milk at 5.0 °C (41.0 °F), passed, accepted',
    });
  });

  it('asks what to do with food above the limit, and receives nothing until told', async () => {
    const result = await deliver([{ ...flourLine, itemId: flour }, milkLine({ holding: 'cold', tempCentiC: 501 })]);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message: 'Line 2: Milk arrived at 5.01 °C (41.02 °F), above the 5.0 °C (41.0 °F) limit for refrigerated TCS food (Food Code 3-202.11): reject it, or accept it with a corrective action.',
      },
    });
    nothingReceived();
    const noAction = await deliver([milkLine({ holding: 'cold', tempCentiC: F(45), decision: 'accept', correctiveAction: '  ' })]);
    expect(noAction).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'Line 1: say what was done (the corrective action) to accept Milk after its failed check.' } });
    nothingReceived();
  });

  it('a rejected line is not received, but its check is recorded and audited; the rest of the delivery comes in', async () => {
    const received = await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ ...flourLine, itemId: flour }, milkLine({ holding: 'cold', tempCentiC: F(46), decision: 'reject' })] as never }, admin.token);
    expect(received.map((m) => [m.itemId, m.deltaBase, m.receivingCheck])).toEqual([[flour, 25_000, null]]);
    expect(ledgerSum(engine, here, milk)).toBe(0);
    expect(ledgerSum(engine, here, flour)).toBe(25_000);
    const [check, ...others] = await call(engine, 'inventory.receivingChecks', { locationId: here, itemId: milk }, admin.token);
    expect(others).toEqual([]);
    expect(check).toMatchObject({ itemName: 'Milk', holding: 'cold', tempCentiC: F(46), passed: false, decision: 'rejected', movementId: null, qtyBase: 12_000, lot: 'M1', actorName: 'Alice Admin' });
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'inventory.receive',
      risk: 'MEDIUM',
      summary: 'Received a delivery of 1 line(s) at Downtown, rejected 1 line(s) at the door; receiving checks: Milk at 7.78 °C (46.0 °F), FAILED, rejected',
    });
  });

  it('food accepted after a failed check carries its corrective action into the record and the history', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [milkLine({ holding: 'cold', tempCentiC: F(44), decision: 'accept', correctiveAction: 'Driver ice-packed it; 38 °F after 20 min, used today' })] as never }, admin.token);
    const { movements } = await call(engine, 'inventory.history', { locationId: here, itemId: milk }, admin.token);
    expect(movements[0]!.receivingCheck).toMatchObject({ passed: false, decision: 'accepted', correctiveAction: 'Driver ice-packed it; 38 °F after 20 min, used today' });
    expect(ledgerSum(engine, here, milk)).toBe(12_000);
  });

  it('judges hot food at 135 °F / 57 °C or above and frozen food on arriving frozen', async () => {
    for (const [check, passes] of [
      [{ holding: 'hot', tempCentiC: 5700 }, true],
      [{ holding: 'hot', tempCentiC: F(135) }, true],
      [{ holding: 'hot', tempCentiC: 5699 }, false],
      [{ holding: 'frozen', tempCentiC: -1800, receivedFrozen: true }, true],
      [{ holding: 'frozen', tempCentiC: -200, receivedFrozen: false }, false],
    ] as [Check, boolean][]) {
      const result = await deliver([milkLine(check)]);
      expect(result.ok, JSON.stringify(check)).toBe(passes);
      if (!passes) expect((result as { error: { message: string } }).error.message).toMatch(check.holding === 'hot' ? /below the 57\.0 °C \(134\.6 °F\) limit for hot TCS food/ : /Milk did not arrive frozen/);
    }
  });

  it('refuses a temperature that is not a number, out of the probe’s range or not whole hundredths, and receives nothing', async () => {
    const cases: [unknown, string][] = [
      ['cold', 'The receiving temperature must be a number.'],
      [30_001, 'A receiving temperature is -50 °C to 300 °C (-58 °F to 572 °F).'],
      [-5001, 'A receiving temperature is -50 °C to 300 °C (-58 °F to 572 °F).'],
      [412.5, 'The receiving temperature is in whole hundredths of a °C.'],
      [null, 'The receiving temperature must be a number.'],
    ];
    for (const [tempCentiC, message] of cases) {
      expect(await deliver([milkLine({ holding: 'cold', tempCentiC })])).toEqual({ ok: false, error: { code: 'BAD_INPUT', message } });
    }
    expect(await deliver([milkLine({ holding: 'lukewarm' as never, tempCentiC: 300 })])).toMatchObject({ ok: false, error: { message: 'Say how the food arrived: cold (refrigerated), hot or frozen.' } });
    nothingReceived();
  });

  it('is for managers: staff cannot receive, so cannot record a check either', async () => {
    const staff = (await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' })).session;
    expect(await deliver([milkLine({ holding: 'cold', tempCentiC: 300 })], staff.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    nothingReceived();
    // Staff may read the checks (inventory.view), as they read the stock.
    expect(await call(engine, 'inventory.receivingChecks', { locationId: here }, staff.token)).toEqual([]);
  });
});
