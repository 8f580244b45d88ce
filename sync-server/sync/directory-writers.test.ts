import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { directoryDocName } from '../../domain/sync/doc-names';
import type { Hub } from '../hub';
import { withTenant } from '../storage/tenant-scope';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';

function user(username: string, role: string, locationIds: string[]): Y.Map<unknown> {
  return new Y.Map(Object.entries({ username, displayName: username, role, locationIds, active: true, temperatureUnit: 'C', createdAtMs: 1 }));
}

const FLOUR = { name: 'Flour', sku: 'FL-25', category: 'Dry', storageArea: 'Store room', baseUnit: 'g', packs: [{ name: 'sack', baseQty: 25000 }], parBase: 0, reorderPointBase: 0, unitCostMilliCents: 0, supplierId: null, perishable: false, shelfLifeDays: null, tcs: false, active: true, createdAtMs: 1 };

describe.each(STORAGE_BACKENDS)('who writes what in the directory, on $name', (backend) => {
  let hub: Hub;

  hubForSuite(backend, { onError: () => {} }, (started) => (hub = started));

  const open = (tenantId: string, token: string) => RawSyncClient.open(`${hub.wsUrl}/${directoryDocName(tenantId)}?token=${token}`);

  /**
   * Lyon's main PC has written the organization: its two locations, its rules, a Lyon cook, a
   * Paris cook and a cook of both; Paris has a PC of its own (write-enabled, not the main one).
   */
  async function organization() {
    const site = await tenantWithDevice(hub);
    const paris = await site.otherLocation();
    const main = await open(site.tenantId, site.token);
    await main.roundTrip();
    main.sendUpdate(
      main.changeLocally((doc) => {
        doc.getMap('organization').set('name', 'Bistro');
        doc.getMap('settings').set('idleLockMinutes', 10);
        doc.getMap('settings').set('requireTotpForAdmins', true);
        doc.getMap('locations').set(paris, new Y.Map(Object.entries({ name: 'Paris', address: '', timeZone: 'Europe/Paris', temperatureUnit: 'C', createdAtMs: 1 })));
        doc.getMap('users').set('lena', user('lena', 'STAFF', [site.locationId]));
        doc.getMap('users').set('paul', user('paul', 'STAFF', [paris]));
        doc.getMap('users').set('both', user('both', 'STAFF', [site.locationId, paris]));
      }),
    );
    await main.roundTrip();
    const parisPc = await open(site.tenantId, await site.device({ canWrite: true, atLocation: paris }));
    await parisPc.roundTrip();
    return { ...site, paris, main, parisPc };
  }

  const maps = (doc: Y.Doc) => Object.fromEntries(['organization', 'settings', 'locations', 'users', 'inventoryItems'].map((name) => [name, doc.getMap(name).toJSON()]));

  async function storedRows(tenantId: string): Promise<Buffer> {
    const rows = await withTenant(hub.db, tenantId, (trx) => trx.selectFrom('doc_updates').select('update').where('doc_name', '=', directoryDocName(tenantId)).execute());
    return Buffer.concat(rows.map((r) => Buffer.from(r.update)));
  }

  it("a location's PC adds catalog items, its own users and their preferences, and every PC of the organization gets them", async () => {
    const org = await organization();
    org.parisPc.sendUpdate(
      org.parisPc.changeLocally((doc) => {
        doc.getMap('inventoryItems').set('flour', new Y.Map(Object.entries(FLOUR)));
        doc.getMap('inventorySuppliers').set('mill', new Y.Map(Object.entries({ name: 'Mill', contact: '', phone: '', email: '', active: true, createdAtMs: 1 })));
        doc.getMap('users').set('pia', user('pia', 'MANAGER', [org.paris]));
        (doc.getMap('users').get('paul') as Y.Map<unknown>).set('displayName', 'Paul B.');
        // Anyone's own display preferences (My account), even an organization-wide user's.
        (doc.getMap('users').get('both') as Y.Map<unknown>).set('temperatureUnit', 'F');
      }),
    );
    await org.parisPc.roundTrip();
    const lyonPc = await open(org.tenantId, await org.device({ canWrite: true }));
    await lyonPc.roundTrip();
    await org.main.roundTrip();
    for (const seen of [org.main, lyonPc]) {
      expect(seen.doc.getMap('inventoryItems').toJSON()).toEqual({ flour: FLOUR });
      expect(Object.keys(seen.doc.getMap('inventorySuppliers').toJSON())).toEqual(['mill']);
      expect(seen.doc.getMap('users').toJSON()).toMatchObject({
        pia: { role: 'MANAGER', locationIds: [org.paris] },
        paul: { displayName: 'Paul B.' },
        both: { temperatureUnit: 'F', locationIds: [org.locationId, org.paris] },
      });
    }
    [org.main, org.parisPc, lyonPc].forEach((c) => c.close());
  });

  it.each([
    ['promotes its own cook to organization admin', (doc: Y.Doc) => (doc.getMap('users').get('paul') as Y.Map<unknown>).set('role', 'TENANT_ADMIN')],
    ['adds an organization admin', (doc: Y.Doc) => doc.getMap('users').set('mallory', user('mallory', 'TENANT_ADMIN', []))],
    ['adds an auditor (every location)', (doc: Y.Doc) => doc.getMap('users').set('mallory', user('mallory', 'AUDITOR', []))],
    ['grants its cook another location', (doc: Y.Doc) => (doc.getMap('users').get('paul') as Y.Map<unknown>).set('locationIds', ['PARIS', 'LYON'])],
    ['adds a user of another location', (doc: Y.Doc) => doc.getMap('users').set('mallory', user('mallory', 'STAFF', ['LYON']))],
    ['renames a cook who also works at another location', (doc: Y.Doc) => (doc.getMap('users').get('both') as Y.Map<unknown>).set('displayName', 'Gone')],
    ['deactivates a cook of another location', (doc: Y.Doc) => (doc.getMap('users').get('lena') as Y.Map<unknown>).set('active', false)],
    ['narrows a cook of two locations to its own', (doc: Y.Doc) => (doc.getMap('users').get('both') as Y.Map<unknown>).set('locationIds', ['PARIS'])],
    ['deletes a user of another location', (doc: Y.Doc) => doc.getMap('users').delete('lena')],
    ['switches off the two-factor rule', (doc: Y.Doc) => doc.getMap('settings').set('requireTotpForAdmins', false)],
    ['sets the idle lock to 240 minutes', (doc: Y.Doc) => doc.getMap('settings').set('idleLockMinutes', 240)],
    ['adds a location', (doc: Y.Doc) => doc.getMap('locations').set('l9', new Y.Map(Object.entries({ name: 'Nice', address: '', timeZone: 'Europe/Paris', temperatureUnit: 'C', createdAtMs: 1 })))],
    ["renames its own location", (doc: Y.Doc) => ([...doc.getMap('locations').values()][0] as Y.Map<unknown>).set('name', 'Mine')],
    ["renames the organization", (doc: Y.Doc) => doc.getMap('organization').set('name', 'Mallory Inc')],
  ])('refuses a PC other than the main one that %s, closes its connection and stores nothing of it', async (_what, change) => {
    const org = await organization();
    const before = await storedRows(org.tenantId);
    const directoryBefore = maps(org.main.doc);
    // The ids of the test's locations are only known now: the crafted change names them by placeholders.
    const update = org.parisPc.changeLocally((doc) => {
      change(doc);
      for (const record of doc.getMap('users').values()) {
        if (!(record instanceof Y.Map)) continue;
        const ids = record.get('locationIds') as string[];
        if (ids.some((id) => id === 'PARIS' || id === 'LYON')) record.set('locationIds', ids.map((id) => (id === 'PARIS' ? org.paris : id === 'LYON' ? org.locationId : id)));
      }
    });
    org.parisPc.sendUpdate(update);
    const closed = await org.parisPc.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/^The change was refused: /);
    expect((await storedRows(org.tenantId)).equals(before)).toBe(true);
    const check = await open(org.tenantId, org.token);
    await check.roundTrip();
    expect(maps(check.doc)).toEqual(directoryBefore);
    [org.main, check].forEach((c) => c.close());
  });

  it('the main PC changes all of it', async () => {
    const org = await organization();
    org.main.sendUpdate(
      org.main.changeLocally((doc) => {
        doc.getMap('settings').set('idleLockMinutes', 240);
        doc.getMap('users').set('boss', user('boss', 'TENANT_ADMIN', []));
        (doc.getMap('users').get('paul') as Y.Map<unknown>).set('locationIds', [org.paris, org.locationId]);
      }),
    );
    await org.main.roundTrip();
    await org.parisPc.roundTrip();
    expect(org.parisPc.doc.getMap('settings').get('idleLockMinutes')).toBe(240);
    expect(org.parisPc.doc.getMap('users').toJSON()).toMatchObject({ boss: { role: 'TENANT_ADMIN' }, paul: { locationIds: [org.paris, org.locationId] } });
    [org.main, org.parisPc].forEach((c) => c.close());
  });
});
