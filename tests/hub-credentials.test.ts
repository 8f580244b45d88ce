// Sign-in secrets through the hub, with two locations: a PC receives the secrets only of users
// granted its location, a password changed at one site signs in offline at another, and a PC
// that joins later gets the organization's directory from the hub (nothing copied by hand).
import { describe, expect, it, vi } from 'vitest';
import { CREDENTIALS_MAP } from '../domain/directory/records';
import { credentialsDocName, directoryDocName } from '../domain/sync/doc-names';
import { openToken, readEnrollment } from '../electron/core/sync/enrollment';
import { addUser, call, failure, TEST_ADMIN, TEST_PASSWORD } from '../electron/core/testing/test-engine';
import { withTenant } from '../sync-server/storage/tenant-scope';
import { createAdminToken } from '../sync-server/storage/tenants';
import { stockClient, upgradeStatus } from '../sync-server/testing/sync-clients';
import { allSynced, enrollOrganization, hubForThisFile, joinedStation, standaloneStation, until, type Station } from './support/hub-stations';

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const hub = hubForThisFile();

const NEW_PASSWORD = 'walnut ladder sunrise 7';

function passwordHashAt(s: Station, username: string): string | null {
  return s.engine.context.directory.userByUsername(username)?.password_hash ?? null;
}

/** Downtown's PC founds the organization; Uptown is added on the hub; lena works Downtown only, max at both. */
async function twoLocations() {
  const a = await standaloneStation();
  const { tenantId, locationId: downtown } = await enrollOrganization(hub.hub, a);
  const adminToken = await createAdminToken(hub.hub.db, tenantId, { name: 'Owner', nowMs: Date.now() });
  const added = await fetch(`${hub.url}/api/v1/admin/locations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name: 'Uptown', timeZone: 'America/New_York' }),
  });
  const { locationId: uptown } = (await added.json()) as { locationId: string };
  // The hub's new location reaches the founding PC through the directory.
  await until([a], () => !!a.engine.context.directory.location(uptown));
  const lena = await addUser(a.engine, a.adminToken, { username: 'lena', role: 'STAFF', locationIds: [downtown] });
  const max = await addUser(a.engine, a.adminToken, { username: 'max', role: 'STAFF', locationIds: [downtown, uptown] });
  await until([a], allSynced(a));
  const b = await joinedStation(hub.hub, a, uptown);
  await until([a, b], () => allSynced(a, b)() && passwordHashAt(b, 'max') !== null);
  return { a, b, tenantId, downtown, uptown, lena, max };
}

describe('sign-in secrets through the hub, across two locations', () => {
  it('a PC that joins later gets the directory from the hub, and the secrets only of the users granted its location', async () => {
    const { a, b, tenantId, uptown, lena, max } = await twoLocations();
    // The founding PC's directory became the organization's: the new PC has every user and both locations.
    expect(b.engine.context.directory.users(true).map((u) => u.username).sort()).toEqual(['alice', 'lena', 'max']);
    expect(b.engine.context.directory.location(uptown)).toMatchObject({ name: 'Uptown', time_zone: 'America/New_York' });
    expect(b.engine.context.identity()!.homeLocationId).toBe(uptown);

    expect(passwordHashAt(b, 'max')).toBe(passwordHashAt(a, 'max'));
    expect(passwordHashAt(b, 'lena')).toBeNull();
    expect(b.engine.context.docs.storedNames()).not.toContain(credentialsDocName(tenantId, lena.user.id));
    expect(await call(b.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'max' } });
    expect(await failure(b.engine, 'auth.signIn', { username: 'lena', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');

    // Asked directly with Uptown's token, the hub refuses lena's document before loading it.
    const uptownToken = openToken(b.engine.context, readEnrollment(b.engine.context)!);
    expect(await upgradeStatus(`${hub.hub.wsUrl}/${credentialsDocName(tenantId, lena.user.id)}?token=${uptownToken}`)).toBe(403);
    expect(await upgradeStatus(`${hub.hub.wsUrl}/${credentialsDocName(tenantId, max.user.id)}?token=${uptownToken}`)).toBe(101);

    // The hub stores the secrets sealed, and its directory holds none.
    const rows = await withTenant(hub.hub.db, tenantId, (trx) => trx.selectFrom('doc_updates').select(['doc_name', 'update']).execute());
    const bytesOf = (name: string) => Buffer.concat(rows.filter((r) => r.doc_name === name).map((r) => Buffer.from(r.update)));
    expect(bytesOf(credentialsDocName(tenantId, max.user.id)).length).toBeGreaterThan(0);
    for (const username of ['alice', 'lena', 'max']) {
      const hash = Buffer.from(passwordHashAt(a, username)!);
      expect(bytesOf(credentialsDocName(tenantId, a.engine.context.directory.userByUsername(username)!.id)).includes(hash)).toBe(false);
      expect(bytesOf(directoryDocName(tenantId)).includes(hash)).toBe(false);
    }
  });

  it('a second PC of the founding location gets the directory and its users’ secrets from the hub alone', async () => {
    const a = await standaloneStation();
    await addUser(a.engine, a.adminToken, { username: 'lena', role: 'STAFF' });
    await enrollOrganization(hub.hub, a);
    await until([a], allSynced(a));
    const b = await joinedStation(hub.hub, a);
    expect(b.engine.context.directory.users(true).map((u) => u.username).sort()).toEqual(['alice', 'lena']);
    expect(b.engine.context.directory.organizationName()).toBe(a.engine.context.directory.organizationName());
    expect(await call(b.engine, 'auth.signIn', { username: 'lena', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'lena' } });
  });

  it('a password changed Downtown reaches Uptown, where the user then signs in offline with it', async () => {
    const { a, b } = await twoLocations();
    await call(a.engine, 'account.changePassword', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, (await call(a.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).token);
    await until([a, b], () => allSynced(a, b)() && passwordHashAt(b, 'max') === passwordHashAt(a, 'max'));

    await hub.stop();
    expect(await call(b.engine, 'auth.signIn', { username: 'max', password: NEW_PASSWORD })).toMatchObject({ user: { username: 'max' } });
    expect(await failure(b.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');
    expect(await call(b.engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).toMatchObject({ user: { username: 'alice' } });
    await hub.start();
  });

  it("the main PC creates an Uptown cook and later resets her password: her secrets reach Uptown's PC through the hub, and leave the main PC", async () => {
    const { a, b, tenantId, uptown } = await twoLocations();
    const ursula = await call(a.engine, 'users.create', { username: 'ursula', displayName: 'Ursula', role: 'STAFF', locationIds: [uptown], password: TEST_PASSWORD }, a.adminToken);
    const docName = credentialsDocName(tenantId, ursula.id);
    await until([a, b], () => allSynced(a, b)() && passwordHashAt(b, 'ursula') !== null && !a.engine.context.docs.storedNames().includes(docName));
    expect(await call(b.engine, 'auth.signIn', { username: 'ursula', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'ursula' } });
    // Handed in, not kept: the main PC holds none of her secrets once the hub has them.
    expect(passwordHashAt(a, 'ursula')).toBeNull();

    const hashBefore = passwordHashAt(b, 'ursula');
    await call(a.engine, 'users.resetPassword', { userId: ursula.id, newPassword: NEW_PASSWORD }, a.adminToken);
    await until([a, b], () => allSynced(a, b)() && !a.engine.context.docs.storedNames().includes(docName) && passwordHashAt(b, 'ursula') !== hashBefore);
    expect(await call(b.engine, 'auth.signIn', { username: 'ursula', password: NEW_PASSWORD })).toMatchObject({ user: { username: 'ursula' } });
    expect(await failure(b.engine, 'auth.signIn', { username: 'ursula', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');

    // The main PC's token hands secrets in but reads none: a client with it gets the document empty.
    const mainToken = openToken(a.engine.context, readEnrollment(a.engine.context)!);
    const reader = stockClient(hub.hub.wsUrl, docName, mainToken);
    try {
      await reader.synced;
      expect(reader.doc.getMap(CREDENTIALS_MAP).size).toBe(0);
    } finally {
      reader.destroy();
    }
    expect(b.engine.context.docs.get(docName).getMap(CREDENTIALS_MAP).size).toBeGreaterThan(0);
  });
});
