// Stock sent from one restaurant to another whose PCs share nothing but the hub: each PC holds and
// writes only its own location's documents. The sender's transfer-out must appear as in transit
// at the receiving PC, which confirms it; the sender then sees it received; and both balances are
// right at both PCs and at the hub. The hub carries the transfer across as a notice in the other
// location's ops document (domain/inventory/transfer-notices.ts).
import { describe, expect, it, vi } from 'vitest';
import { opsDocName } from '../domain/sync/doc-names';
import { TRANSFER_NOTICES_MAP } from '../domain/inventory/transfer-notices';
import { COLD_ON_RECEIPT, FLOUR, MILK, addItem, ledgerSum, onHandOf } from '../electron/core/inventory/inventory-fixture';
import { call, failure } from '../electron/core/testing/test-engine';
import { createEnrollmentCode, enrollDevice, listAlerts } from '../sync-server/storage/tenants';
import { startDroppingProxy } from '../sync-server/testing/dropping-proxy';
import { RawSyncClient } from '../sync-server/testing/sync-clients';
import { addLocation, allSynced, enrollAnother, enrollOrganization, hubForThisFile, relinkThrough, secondStationOf, standaloneStation, status, until, type Station } from './support/hub-stations';

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const hub = hubForThisFile();

/** Downtown's PC with 10 kg of flour and a case of milk, and Harbour's PC, each enrolled at its own location. */
async function twoRestaurants() {
  const down = await standaloneStation();
  const flour = await addItem(down.engine, down.adminToken, FLOUR);
  const milk = await addItem(down.engine, down.adminToken, MILK);
  const { tenantId, locationId: downtown } = await enrollOrganization(hub.hub, down);
  const harbour = await addLocation(hub.hub, down, 'Harbour');
  const port = await secondStationOf(down, { locationId: harbour });
  await enrollAnother(hub.hub, port);
  await call(
    down.engine,
    'inventory.receive',
    {
      locationId: downtown,
      supplierId: null,
      note: 'Monday delivery',
      lines: [
        { itemId: flour, packName: 'kg', qty: 10, lot: '', expiresOn: null, unitCostMilliCents: null },
        { itemId: milk, packName: 'case', qty: 1, lot: 'M-77', expiresOn: '2026-12-20', unitCostMilliCents: null, receivingCheck: COLD_ON_RECEIPT },
      ],
    },
    down.adminToken,
  );
  await until([down, port], allSynced(down, port));
  return { down, port, tenantId, downtown, harbour, flour, milk };
}

const inTransit = (s: Station, locationId: string) => call(s.engine, 'inventory.inTransit', { locationId }, s.adminToken);

/** The hub's balance of an item at a location (0 when it has none). */
async function hubOnHand(tenantId: string, locationId: string, itemId: string): Promise<number> {
  const row = await hub.hub.db.selectFrom('stock_balances').select('on_hand_base').where('tenant_id', '=', tenantId).where('location_id', '=', locationId).where('item_id', '=', itemId).executeTakeFirst();
  return Number(row?.on_hand_base ?? 0);
}

describe('transfers between restaurants linked only through the hub', () => {
  it('the transfer-out appears as in transit at the receiving PC, which confirms it; both balances are right at both PCs and the hub', async () => {
    const { down, port, tenantId, downtown, harbour, flour, milk } = await twoRestaurants();
    const sent = await call(down.engine, 'inventory.transfer', { fromLocationId: downtown, toLocationId: harbour, note: 'For the weekend', lines: [{ itemId: flour, packName: 'kg', qty: 4 }, { itemId: milk, packName: 'L', qty: 2 }] }, down.adminToken);

    // Harbour's PC, which holds none of Downtown's documents, hears of it through the hub.
    await until([down, port], () => port.engine.context.sqlite.prepare('SELECT COUNT(*) FROM transfer_notices').pluck().get() === 2);
    const arriving = await inTransit(port, harbour);
    expect(arriving).toEqual([
      {
        transferId: sent.transferId,
        fromLocationId: downtown,
        toLocationId: harbour,
        atMs: sent.atMs,
        sentBy: 'Alice Admin',
        note: 'For the weekend',
        lines: expect.arrayContaining([
          { itemId: flour, itemName: 'Flour', lot: '', expiresOn: null, qtyBase: 4000 },
          { itemId: milk, itemName: 'Milk', lot: 'M-77', expiresOn: '2026-12-20', qtyBase: 2000 },
        ]),
      },
    ]);
    // A copy, not Harbour's ledger: nothing of Downtown's stock is counted at Harbour's PC.
    expect(ledgerSum(port.engine, downtown, flour)).toBe(0);
    expect(await onHandOf(port.engine, port.adminToken, harbour, flour)).toBe(0);

    const received = await call(port.engine, 'inventory.confirmTransfer', { locationId: harbour, transferId: sent.transferId }, port.adminToken);
    expect(received.map((m) => [m.kind, m.itemId, m.deltaBase, m.lot])).toEqual(
      expect.arrayContaining([
        ['transferIn', flour, 4000, ''],
        ['transferIn', milk, 2000, 'M-77'],
      ]),
    );
    expect(await onHandOf(port.engine, port.adminToken, harbour, flour)).toBe(4000);
    expect(await inTransit(port, harbour)).toEqual([]);
    // Received twice is refused, and changes nothing.
    expect(await failure(port.engine, 'inventory.confirmTransfer', { locationId: harbour, transferId: sent.transferId }, port.adminToken)).toBe('CONFLICT');

    // Downtown's PC hears that it arrived: nothing in transit any more, and the call-back is refused.
    await until([down, port], () => down.engine.context.sqlite.prepare("SELECT COUNT(*) FROM transfer_notices WHERE kind = 'transferIn'").pluck().get() === 2);
    expect(await inTransit(down, downtown)).toEqual([]);
    const outLine = down.engine.context.sqlite.prepare("SELECT id FROM stock_movements WHERE kind = 'transferOut' AND item_id = ?").pluck().get(flour) as string;
    expect(await failure(down.engine, 'inventory.reverse', { movementId: outLine, reason: 'Sent by mistake' }, down.adminToken)).toBe('CONFLICT');

    // Each PC's balances of its own location, and the hub's of both.
    await until([down, port], allSynced(down, port));
    expect(await onHandOf(down.engine, down.adminToken, downtown, flour)).toBe(6000);
    expect(await onHandOf(down.engine, down.adminToken, downtown, milk)).toBe(4000);
    expect(await onHandOf(port.engine, port.adminToken, harbour, milk)).toBe(2000);
    expect(await hubOnHand(tenantId, downtown, flour)).toBe(6000);
    expect(await hubOnHand(tenantId, downtown, milk)).toBe(4000);
    expect(await hubOnHand(tenantId, harbour, flour)).toBe(4000);
    expect(await hubOnHand(tenantId, harbour, milk)).toBe(2000);
    expect(await listAlerts(hub.hub.db, tenantId)).toEqual([]);
  });

  it('a transfer called back before it arrives leaves the receiving PC’s list, and it cannot be received', async () => {
    const { down, port, downtown, harbour, flour } = await twoRestaurants();
    const sent = await call(down.engine, 'inventory.transfer', { fromLocationId: downtown, toLocationId: harbour, note: '', lines: [{ itemId: flour, packName: 'kg', qty: 3 }] }, down.adminToken);
    await until([down, port], () => port.engine.context.sqlite.prepare('SELECT COUNT(*) FROM transfer_notices').pluck().get() === 1);
    expect(await inTransit(port, harbour)).toHaveLength(1);

    const outLine = down.engine.context.sqlite.prepare("SELECT id FROM stock_movements WHERE kind = 'transferOut'").pluck().get() as string;
    await call(down.engine, 'inventory.reverse', { movementId: outLine, reason: 'Van broke down' }, down.adminToken);
    await until([down, port], () => port.engine.context.sqlite.prepare("SELECT COUNT(*) FROM transfer_notices WHERE kind = 'reversal'").pluck().get() === 1);
    expect(await inTransit(port, harbour)).toEqual([]);
    expect(await failure(port.engine, 'inventory.confirmTransfer', { locationId: harbour, transferId: sent.transferId }, port.adminToken)).toBe('CONFLICT');
    expect(await onHandOf(port.engine, port.adminToken, harbour, flour)).toBe(0);
    expect(await onHandOf(down.engine, down.adminToken, downtown, flour)).toBe(10_000);
  });

  it('called back and confirmed at the same time while both were offline: both count, and the hub raises a warning', async () => {
    const { down, port, tenantId, downtown, harbour, flour } = await twoRestaurants();
    const sent = await call(down.engine, 'inventory.transfer', { fromLocationId: downtown, toLocationId: harbour, note: '', lines: [{ itemId: flour, packName: 'kg', qty: 3 }] }, down.adminToken);
    await until([down, port], () => port.engine.context.sqlite.prepare('SELECT COUNT(*) FROM transfer_notices').pluck().get() === 1);
    await hub.stop();
    await until([down, port], () => status(down).state === 'offline' && status(port).state === 'offline');
    const outLine = down.engine.context.sqlite.prepare("SELECT id FROM stock_movements WHERE kind = 'transferOut'").pluck().get() as string;
    await call(down.engine, 'inventory.reverse', { movementId: outLine, reason: 'Van broke down' }, down.adminToken);
    await call(port.engine, 'inventory.confirmTransfer', { locationId: harbour, transferId: sent.transferId }, port.adminToken);

    await hub.start();
    down.timers.fireAll();
    port.timers.fireAll();
    const heard = (s: Station, kind: string) => s.engine.context.sqlite.prepare('SELECT COUNT(*) FROM transfer_notices WHERE kind = ?').pluck().get(kind) === 1;
    await until([down, port], () => allSynced(down, port)() && heard(down, 'transferIn') && heard(port, 'reversal'));
    expect(await inTransit(down, downtown)).toEqual([]);
    expect(await inTransit(port, harbour)).toEqual([]);
    // The 3 kg are now at both restaurants: the ledger keeps what each site did, and a person is told.
    expect(await hubOnHand(tenantId, downtown, flour)).toBe(10_000);
    expect(await hubOnHand(tenantId, harbour, flour)).toBe(3000);
    const alerts = await listAlerts(hub.hub.db, tenantId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ severity: 'WARNING', kind: 'TRANSFER_OVER_RECEIVED', message: expect.stringContaining(`Transfer ${sent.transferId} was received in 3000 base units but only 0 were on their way`) });
  });

  it('a device cannot fake a notice: one in its own ops document that is not a transfer with its location is skipped', async () => {
    const { port, tenantId, downtown, harbour, flour } = await twoRestaurants();
    const fact = { id: 'fake-1', kind: 'receive', itemId: flour, deltaBase: 5000, lot: '', expiresOn: null, atMs: Date.now(), actorId: null, actorName: 'Mallory', reason: '', note: '', supplierId: null, reversesId: null, transferId: null, otherLocationId: null, countId: null, unitCostMilliCents: 0 };
    const toElsewhere = { ...fact, id: 'fake-2', kind: 'transferOut', deltaBase: -5000, transferId: 't-1', otherLocationId: 'somewhere-else' };
    port.engine.context.docs.change(opsDocName(tenantId, harbour), (doc) => {
      doc.getMap(TRANSFER_NOTICES_MAP).set('fake-1', { locationId: downtown, fact });
      doc.getMap(TRANSFER_NOTICES_MAP).set('fake-2', { locationId: downtown, fact: toElsewhere });
      doc.getMap(TRANSFER_NOTICES_MAP).set('fake-3', { locationId: downtown, fact: { ...toElsewhere, id: 'fake-3', otherLocationId: harbour, deltaBase: 5000 } });
    });
    expect(port.engine.context.sqlite.prepare('SELECT COUNT(*) FROM transfer_notices').pluck().get()).toBe(0);
    expect(await inTransit(port, harbour)).toEqual([]);
  });

  it('the receiving PC never hears of it when the hub’s relays to it are dropped', async () => {
    const { down, port, tenantId, downtown, harbour, flour } = await twoRestaurants();
    const proxy = await startDroppingProxy(hub.hub.wsUrl);
    try {
      relinkThrough(port, proxy.wsUrl);
      await until([port], allSynced(port));
      await call(down.engine, 'inventory.transfer', { fromLocationId: downtown, toLocationId: harbour, note: '', lines: [{ itemId: flour, packName: 'kg', qty: 2 }] }, down.adminToken);
      await until([down], allSynced(down));
      // The hub wrote the notice (a read-only client of Harbour's ops document gets it in its first answer)…
      const code = await createEnrollmentCode(hub.hub.db, tenantId, { locationId: harbour, canWrite: false, nowMs: Date.now() });
      const { token } = await enrollDevice(hub.hub.db, { code, deviceName: 'watcher', nowMs: Date.now() });
      const watcher = await RawSyncClient.open(`${hub.hub.wsUrl}/${opsDocName(tenantId, harbour)}?token=${token}`);
      const notices = watcher.doc.getMap(TRANSFER_NOTICES_MAP);
      await watcher.roundTrip();
      await new Promise<void>((resolve) => (notices.size === 1 ? resolve() : notices.observe(() => notices.size === 1 && resolve())));
      watcher.close();
      // …but Harbour's PC behind the dropping relay has nothing in transit.
      expect(status(port).state).toBe('connected');
      expect(await inTransit(port, harbour)).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
