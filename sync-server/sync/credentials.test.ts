import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CREDENTIALS_MAP } from '../../domain/directory/records';
import { CLOSE_CREDENTIALS_WITHDRAWN } from '../../domain/sync/close-codes';
import { credentialsDocName, directoryDocName } from '../../domain/sync/doc-names';
import { CREDENTIALS_WITHDRAWN } from './access';
import type { Hub } from '../hub';
import { withTenant } from '../storage/tenant-scope';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient, upgradeStatus } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';

const HASH = 'scrypt$16384$8$1$c2FsdHNhbHQ$bm90LWEtcmVhbC1oYXNoLWJ1dC1sb25n';

function userRecord(locationIds: string[], role = 'STAFF'): Y.Map<unknown> {
  return new Y.Map(Object.entries({ username: 'lena', displayName: 'Lena', role, locationIds, active: true, temperatureUnit: 'C', createdAtMs: 1 }));
}

describe("users' sign-in secrets on the hub", () => {
  let hub: Hub;

  hubForSuite(STORAGE_BACKENDS[0]!, { onError: () => {}, secretsKey: new Uint8Array(32).fill(7) }, (started) => (hub = started));

  /** An organization with Lyon (the founding PC) and Paris (another PC), and the founding PC's directory client. */
  async function organization() {
    const site = await tenantWithDevice(hub);
    const paris = await site.otherLocation();
    const parisToken = await site.device({ canWrite: true, atLocation: paris });
    const directory = await RawSyncClient.open(`${hub.wsUrl}/${directoryDocName(site.tenantId)}?token=${site.token}`);
    await directory.roundTrip();
    return { ...site, paris, parisToken, directory };
  }

  /** The organization with lena, a Paris user, in its directory; and the name of her credentials document. */
  async function lenaOfParis() {
    const org = await organization();
    org.directory.sendUpdate(org.directory.changeLocally((doc) => doc.getMap('users').set('lena', userRecord([org.paris]))));
    await org.directory.roundTrip();
    return { org, name: credentialsDocName(org.tenantId, 'lena') };
  }

  async function storedRows(tenantId: string, docName: string): Promise<Buffer> {
    const rows = await withTenant(hub.db, tenantId, (trx) => trx.selectFrom('doc_updates').select('update').where('doc_name', '=', docName).execute());
    return Buffer.concat(rows.map((r) => Buffer.from(r.update)));
  }

  it('a PC of a location the user is not granted is refused their credentials document before it is loaded', async () => {
    const org = await organization();
    org.directory.sendUpdate(org.directory.changeLocally((doc) => doc.getMap('users').set('lena', userRecord([org.locationId]))));
    await org.directory.roundTrip();
    const name = credentialsDocName(org.tenantId, 'lena');
    expect(await upgradeStatus(`${hub.wsUrl}/${name}?token=${org.parisToken}`)).toBe(403);
    expect(await upgradeStatus(`${hub.wsUrl}/${name}?token=${org.token}`)).toBe(101);
    // Unknown to the hub's directory: refused everywhere.
    expect(await upgradeStatus(`${hub.wsUrl}/${credentialsDocName(org.tenantId, 'ghost')}?token=${org.token}`)).toBe(403);
    // Granted Paris too: now Paris receives them.
    org.directory.sendUpdate(org.directory.changeLocally((doc) => (doc.getMap('users').get('lena') as Y.Map<unknown>).set('locationIds', [org.locationId, org.paris])));
    await org.directory.roundTrip();
    expect(await upgradeStatus(`${hub.wsUrl}/${name}?token=${org.parisToken}`)).toBe(101);
    org.directory.close();
  });

  it('a grant taken away closes the open connections it no longer allows, at once; deactivating the user closes them all', async () => {
    const org = await organization();
    org.directory.sendUpdate(org.directory.changeLocally((doc) => doc.getMap('users').set('lena', userRecord([org.locationId, org.paris]))));
    await org.directory.roundTrip();
    const name = credentialsDocName(org.tenantId, 'lena');
    // Lyon's second PC: the founding one may still hand secrets in (write-only), see the test below.
    const lyonToken = await org.device({ canWrite: true });
    const atLyon = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${lyonToken}`);
    const atParis = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.parisToken}`);
    await Promise.all([atLyon.roundTrip(), atParis.roundTrip()]);

    org.directory.sendUpdate(org.directory.changeLocally((doc) => (doc.getMap('users').get('lena') as Y.Map<unknown>).set('locationIds', [org.locationId])));
    expect(await atParis.closed).toEqual({ code: CLOSE_CREDENTIALS_WITHDRAWN, reason: CREDENTIALS_WITHDRAWN });
    await atLyon.roundTrip(); // still open: Lyon is still granted
    expect(await upgradeStatus(`${hub.wsUrl}/${name}?token=${org.parisToken}`)).toBe(403);

    org.directory.sendUpdate(org.directory.changeLocally((doc) => (doc.getMap('users').get('lena') as Y.Map<unknown>).set('active', false)));
    expect((await atLyon.closed).code).toBe(CLOSE_CREDENTIALS_WITHDRAWN);
    expect(await upgradeStatus(`${hub.wsUrl}/${name}?token=${lyonToken}`)).toBe(403);
    org.directory.close();
  });

  it("the founding PC hands in a Paris user's secrets without reading them, and its reset counts as the latest change", async () => {
    const { org, name } = await lenaOfParis();
    const atParis = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.parisToken}`);
    // Of two concurrent sets Yjs keeps the higher client id's: Paris's old hash would outlast a plain reset.
    atParis.doc.clientID = 2 ** 31;
    atParis.sendUpdate(atParis.changeLocally((doc) => doc.getMap(CREDENTIALS_MAP).set('passwordHash', 'old hash')));
    await atParis.roundTrip();

    const main = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.token}`);
    main.doc.clientID = 1;
    await main.roundTrip();
    expect(main.doc.getMap(CREDENTIALS_MAP).size).toBe(0);
    main.sendUpdate(main.changeLocally((doc) => doc.getMap(CREDENTIALS_MAP).set('passwordHash', 'reset hash')));
    await main.roundTrip();
    await atParis.roundTrip();
    expect(atParis.doc.getMap(CREDENTIALS_MAP).get('passwordHash')).toBe('reset hash');
    // The hand-in was answered with nothing of the document: the founding PC holds only what it wrote.
    expect(main.doc.getMap(CREDENTIALS_MAP).toJSON()).toEqual({ passwordHash: 'reset hash' });
    expect([...Y.decodeStateVector(Y.encodeStateVector(main.doc)).keys()]).toEqual([1]);
    atParis.close();
    main.close();
    org.directory.close();
  });

  it('a write-only connection is relayed nothing, and nothing is counted as relayed to it', async () => {
    const { org, name } = await lenaOfParis();
    const atParis = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.parisToken}`);
    await atParis.roundTrip();
    const main = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.token}`);
    await main.roundTrip();
    const relayed = async () => (await hub.metrics.updatesOut.get()).values.reduce((n, v) => n + v.value, 0);
    const before = await relayed();
    atParis.sendUpdate(atParis.changeLocally((doc) => doc.getMap(CREDENTIALS_MAP).set('pinHash', 'paris pin')));
    await atParis.roundTrip();
    await main.roundTrip();
    expect(await relayed()).toBe(before);
    expect(main.doc.getMap(CREDENTIALS_MAP).size).toBe(0);
    atParis.close();
    main.close();
    org.directory.close();
  });

  it('stores a credentials document sealed: the raw rows hold no hash, and a granted PC reads it back', async () => {
    const org = await organization();
    org.directory.sendUpdate(org.directory.changeLocally((doc) => doc.getMap('users').set('lena', userRecord([org.locationId, org.paris]))));
    await org.directory.roundTrip();
    const name = credentialsDocName(org.tenantId, 'lena');
    const writer = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.token}`);
    writer.sendUpdate(writer.changeLocally((doc) => doc.getMap(CREDENTIALS_MAP).set('passwordHash', HASH)));
    await writer.roundTrip();
    writer.close();
    const raw = await storedRows(org.tenantId, name);
    expect(raw.length).toBeGreaterThan(0);
    expect(raw.includes(Buffer.from(HASH))).toBe(false);
    expect(raw.includes(Buffer.from('passwordHash'))).toBe(false);
    const reader = await RawSyncClient.open(`${hub.wsUrl}/${name}?token=${org.parisToken}`);
    await reader.roundTrip();
    expect(reader.doc.getMap(CREDENTIALS_MAP).get('passwordHash')).toBe(HASH);
    reader.close();
  });

  it.each([
    ['a password hash in a user record', (doc: Y.Doc) => doc.getMap('users').set('lena', new Y.Map(Object.entries({ ...userRecord(['x']).toJSON(), passwordHash: HASH })))],
    ['a PIN hash added to an existing record', (doc: Y.Doc) => (doc.getMap('users').get('lena') as Y.Map<unknown>).set('pinHash', HASH)],
    ['a secret inside a plain value', (doc: Y.Doc) => doc.getMap('users').set('max', { ...userRecord(['x']).toJSON(), totpBackupCodeHashes: ['h1'] })],
    ['a user with a role that does not exist', (doc: Y.Doc) => doc.getMap('users').set('max', new Y.Map(Object.entries({ ...userRecord(['x']).toJSON(), role: 'OWNER' })))],
    ['a location without its time zone', (doc: Y.Doc) => doc.getMap('locations').set('l2', new Y.Map(Object.entries({ name: 'Paris', address: '', temperatureUnit: 'C', createdAtMs: 1 })))],
    ['a setting out of range', (doc: Y.Doc) => doc.getMap('settings').set('idleLockMinutes', 100_000)],
    ['a map the directory does not have', (doc: Y.Doc) => doc.getMap('notes').set('x', 'free text')],
    ['a catalog item without its base unit or packs', (doc: Y.Doc) => doc.getMap('inventoryItems').set('i1', new Y.Map(Object.entries({ name: 'Flour', sku: 'FL-25' })))],
  ])('refuses %s into the directory, closes the connection and stores nothing of it', async (_what, change) => {
    const org = await organization();
    org.directory.sendUpdate(org.directory.changeLocally((doc) => doc.getMap('users').set('lena', userRecord(['x']))));
    await org.directory.roundTrip();
    const before = await storedRows(org.tenantId, directoryDocName(org.tenantId));
    org.directory.sendUpdate(org.directory.changeLocally(change));
    const closed = await org.directory.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/refused/);
    const after = await storedRows(org.tenantId, directoryDocName(org.tenantId));
    expect(after.equals(before)).toBe(true);
    expect(after.includes(Buffer.from(HASH))).toBe(false);
  });

  it('refuses a secret set and deleted within one update: its bytes would be stored all the same', async () => {
    const org = await organization();
    org.directory.sendUpdate(org.directory.changeLocally((doc) => doc.getMap('users').set('lena', userRecord(['x']))));
    await org.directory.roundTrip();
    // A crafted client that keeps deleted content (no garbage collection), as an attacker's would.
    const crafted = new Y.Doc({ gc: false });
    Y.applyUpdate(crafted, Y.encodeStateAsUpdate(org.directory.doc));
    const before = Y.encodeStateVector(crafted);
    crafted.transact(() => {
      const record = crafted.getMap('users').get('lena') as Y.Map<unknown>;
      record.set('totpSecret', HASH);
      record.delete('totpSecret');
    });
    const update = Y.encodeStateAsUpdate(crafted, before);
    expect(Buffer.from(update).includes(Buffer.from(HASH))).toBe(true);
    org.directory.sendUpdate(update);
    expect((await org.directory.closed).reason).toMatch(/Sign-in secrets are never accepted/);
    expect((await storedRows(org.tenantId, directoryDocName(org.tenantId))).includes(Buffer.from(HASH))).toBe(false);
  });
});
