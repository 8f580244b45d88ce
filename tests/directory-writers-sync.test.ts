// The organization's directory written from every PC: a user or a catalog item made at any
// location reaches every PC through the hub, while what holds for the whole organization
// (locations, its rules, users of several locations) is changed on its main PC only. A PC other
// than the main one refuses such a change itself, with a sentence, before anything changes: the hub
// would refuse it and close the PC's link.
import { describe, expect, it, vi } from 'vitest';
import { MAIN_PC_ONLY, OTHER_LOCATIONS_USER } from '../domain/directory/directory-scope';
import { directoryDocName } from '../domain/sync/doc-names';
import type { Engine } from '../electron/core/engine';
import { stateVectorOf } from '../electron/core/sync/state-vector';
import { call, TEST_PASSWORD } from '../electron/core/testing/test-engine';
import { addLocation, allSynced, enrollAnother, enrollOrganization, hubForThisFile, secondStationOf, standaloneStation, status, until, type Station } from './support/hub-stations';

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const hub = hubForThisFile();

const RYE = { name: 'Rye flour', sku: 'RY-10', category: 'Dry', storageArea: 'Store room', baseUnit: 'g' as const, packs: [{ name: 'sack', baseQty: 10_000 }], parBase: 0, reorderPointBase: 0, unitCostMilliCents: 0, supplierId: null, perishable: false, shelfLifeDays: null, tcs: false, active: true };

/** Downtown's main PC founds the organization and adds Uptown; Uptown gets a PC, Downtown a second one. */
async function organization() {
  const main = await standaloneStation();
  const { locationId: downtown } = await enrollOrganization(hub.hub, main);
  const uptown = await addLocation(hub.hub, main, 'Uptown');
  await until([main], allSynced(main));
  const uptownPc = await secondStationOf(main, { locationId: uptown });
  await enrollAnother(hub.hub, uptownPc);
  const downtownPc = await secondStationOf(main);
  await enrollAnother(hub.hub, downtownPc);
  await until([main, uptownPc, downtownPc], allSynced(main, uptownPc, downtownPc));
  return { main, uptownPc, downtownPc, downtown, uptown };
}

/** The sentence a call is refused with (the test fails if it succeeds). */
async function refusal(engine: Engine, method: string, input: unknown, token: string): Promise<{ code: string; message: string }> {
  const result = await engine.dispatch({ method, input, token });
  if (result.ok) throw new Error(`${method} succeeded but was expected to be refused`);
  return { code: result.error.code, message: result.error.message };
}

function directoryState(s: Station) {
  const { tenantId } = s.engine.context.identity()!;
  return [...stateVectorOf(s.engine.context.docs.get(directoryDocName(tenantId)))];
}

describe('the directory, written from every PC of the organization', () => {
  it("a catalog item and a user made on Uptown's PC reach the main PC and Downtown's second PC", async () => {
    const { main, uptownPc, downtownPc, uptown } = await organization();
    const item = await call(uptownPc.engine, 'inventory.saveItem', { itemId: null, fields: RYE }, uptownPc.adminToken);
    const pia = await call(uptownPc.engine, 'users.create', { username: 'pia', displayName: 'Pia', role: 'MANAGER', locationIds: [uptown], password: TEST_PASSWORD }, uptownPc.adminToken);
    await until([main, uptownPc, downtownPc], () => allSynced(main, uptownPc, downtownPc)() && !!main.engine.context.directory.user(pia.id) && !!downtownPc.engine.context.directory.user(pia.id));

    for (const pc of [main, downtownPc]) {
      const items = await call(pc.engine, 'inventory.items', { includeInactive: false }, pc.adminToken);
      expect(items.find((i) => i.id === item.id)).toMatchObject({ name: 'Rye flour', sku: 'RY-10' });
      const users = await call(pc.engine, 'users.list', { includeInactive: false }, pc.adminToken);
      expect(users.find((u) => u.username === 'pia')).toMatchObject({ role: 'MANAGER', locationIds: [uptown] });
    }
    // Pia works at Uptown: she signs in there (her secrets are Uptown's), not at Downtown.
    expect(await call(uptownPc.engine, 'auth.signIn', { username: 'pia', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'pia' } });
  });

  it("Uptown's PC refuses, with a sentence and changing nothing, a location, the organization's rules and users of other locations", async () => {
    const { main, uptownPc, downtown, uptown } = await organization();
    const locationsBefore = uptownPc.engine.context.directory.locations().map((l) => l.name);

    expect(await refusal(uptownPc.engine, 'locations.create', { name: 'Harbor', address: '2 Pier', timeZone: 'UTC', temperatureUnit: 'C' }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: MAIN_PC_ONLY });
    expect(await refusal(uptownPc.engine, 'locations.update', { locationId: uptown, name: 'Uptown North', address: '9 Quay Rd', timeZone: 'UTC', temperatureUnit: 'C' }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: MAIN_PC_ONLY });
    expect(await refusal(uptownPc.engine, 'settings.update', { idleLockMinutes: 240 }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: MAIN_PC_ONLY });
    expect(await refusal(uptownPc.engine, 'settings.update', { requireTotpForAdmins: true }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: MAIN_PC_ONLY });
    const newUser = { username: 'otto', displayName: 'Otto', password: TEST_PASSWORD };
    expect(await refusal(uptownPc.engine, 'users.create', { ...newUser, role: 'STAFF', locationIds: [uptown, downtown] }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: OTHER_LOCATIONS_USER });
    expect(await refusal(uptownPc.engine, 'users.create', { ...newUser, role: 'TENANT_ADMIN', locationIds: [] }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: OTHER_LOCATIONS_USER });

    // Made on the main PC, a cook of both sites is out of Uptown's hands, even to narrow him to Uptown.
    const max = await call(main.engine, 'users.create', { ...newUser, username: 'max', role: 'STAFF', locationIds: [downtown, uptown] }, main.adminToken);
    await until([main, uptownPc], () => !!uptownPc.engine.context.directory.user(max.id) && allSynced(main, uptownPc)());
    const withMax = directoryState(uptownPc);
    expect(await refusal(uptownPc.engine, 'users.update', { userId: max.id, locationIds: [uptown] }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: OTHER_LOCATIONS_USER });
    expect(await refusal(uptownPc.engine, 'users.setActive', { userId: max.id, active: false }, uptownPc.adminToken)).toEqual({ code: 'FORBIDDEN', message: OTHER_LOCATIONS_USER });

    // The settings form sends the organization's rules unchanged with this PC's own: that is saved.
    const current = await call(uptownPc.engine, 'settings.get', {}, uptownPc.adminToken);
    const { idleLockMinutes, requireTotpForAdmins, retentionMonths } = current;
    const saved = await call(uptownPc.engine, 'settings.update', { idleLockMinutes, requireTotpForAdmins, retentionMonths, autoDownloadLoggers: !current.autoDownloadLoggers }, uptownPc.adminToken);
    expect(saved.autoDownloadLoggers).toBe(!current.autoDownloadLoggers);

    // Nothing changed, nothing is waiting, and the PC's link to the hub was never cut.
    expect(uptownPc.engine.context.directory.locations().map((l) => l.name)).toEqual(locationsBefore);
    expect(uptownPc.engine.context.directory.settings()).toMatchObject({ idleLockMinutes: 10, requireTotpForAdmins: false });
    expect(uptownPc.engine.context.directory.user(max.id)).toMatchObject({ active: 1, locationIds: [downtown, uptown].sort() });
    expect(uptownPc.engine.context.directory.userByUsername('otto')).toBeUndefined();
    expect(directoryState(uptownPc)).toEqual(withMax);
    expect(status(uptownPc)).toMatchObject({ state: 'connected', lastError: null });
    // The saved setting's audit entry reaches the hub over the same, uncut, link.
    await until([uptownPc], allSynced(uptownPc));
  });

  it('a change that slips past the handlers is refused on the document itself, and nothing of it stays', async () => {
    const { uptownPc } = await organization();
    const before = directoryState(uptownPc);
    const names = uptownPc.engine.context.directory.locations().map((l) => l.name);
    expect(() => uptownPc.engine.context.directory.putLocation('harbor', { name: 'Harbor', address: '', timeZone: 'UTC', temperatureUnit: 'C', createdAtMs: 1 })).toThrow(MAIN_PC_ONLY);
    expect(uptownPc.engine.context.directory.locations().map((l) => l.name)).toEqual(names);
    expect(directoryState(uptownPc)).toEqual(before);
  });

  it('the main PC still changes locations and the rules, and they reach the other PCs', async () => {
    const { main, uptownPc } = await organization();
    const harbor = await call(main.engine, 'locations.create', { name: 'Harbor', address: '2 Pier', timeZone: 'UTC', temperatureUnit: 'C' }, main.adminToken);
    await call(main.engine, 'settings.update', { idleLockMinutes: 30 }, main.adminToken);
    await until([main, uptownPc], () => !!uptownPc.engine.context.directory.location(harbor.id) && uptownPc.engine.context.directory.settings().idleLockMinutes === 30);
  });

  it("a change the hub refuses after all (made offline, overtaken on the main PC) is said in the status, and the PC stays online", async () => {
    const { main, uptownPc, downtown, uptown } = await organization();
    const lena = await call(main.engine, 'users.create', { username: 'lena', displayName: 'Lena', password: TEST_PASSWORD, role: 'STAFF', locationIds: [uptown] }, main.adminToken);
    await until([main, uptownPc], () => !!uptownPc.engine.context.directory.user(lena.id) && allSynced(main, uptownPc)());

    // Offline, Uptown renames its cook; meanwhile the main PC gives her Downtown too.
    uptownPc.service().stop();
    await call(uptownPc.engine, 'users.update', { userId: lena.id, displayName: 'Lena Uptown' }, uptownPc.adminToken);
    await call(main.engine, 'users.update', { userId: lena.id, locationIds: [downtown, uptown] }, main.adminToken);
    await until([main], allSynced(main));

    uptownPc.service().connect();
    await until([main, uptownPc], () => status(uptownPc).refusedDirectoryChanges !== null && status(uptownPc).state === 'connected');
    expect(status(uptownPc).refusedDirectoryChanges).toMatch(/refused/i);
    // The hub kept the main PC's version; the rename stays on Uptown's PC, said in its status.
    expect(main.engine.context.directory.user(lena.id)).toMatchObject({ display_name: 'Lena', locationIds: [downtown, uptown].sort() });

    // Uptown's PC is not stuck offline: its own location's work reaches the hub, the main PC's directory changes reach it.
    await call(uptownPc.engine, 'tasks.create', { locationId: uptown, title: 'Descale the dishwasher', type: 'cleaning' }, uptownPc.adminToken);
    const item = await call(main.engine, 'inventory.saveItem', { itemId: null, fields: RYE }, main.adminToken);
    await until([main, uptownPc], () => allSynced(main, uptownPc)() && !!uptownPc.engine.context.sqlite.prepare('SELECT 1 FROM inventory_items WHERE id = ?').get(item.id));
  });
});
