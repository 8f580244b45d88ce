import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocationSummary, SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { TEST_PASSWORD, addUser, auditActions, call, dataSnapshot, failure, openTestEngine, rowCount, setUpOrganization, tempDataDir } from '../testing/test-engine';

let engine: Engine;
let admin: SessionInfo;
let downtown: LocationSummary;
let uptown: LocationSummary;
let cleanup: () => void;
beforeEach(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: temp.dir });
  admin = await setUpOrganization(engine);
  downtown = (await call(engine, 'locations.list', {}, admin.token))[0]!;
  uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
});
afterEach(() => {
  engine.close();
  cleanup();
});

const newUser = (username: string, role: string, locationIds: string[]) => ({ username, displayName: username, role, locationIds, password: TEST_PASSWORD });

describe('creating users', () => {
  it('an administrator creates a user who can then sign in with the role and locations given', async () => {
    const created = await call(engine, 'users.create', newUser('mia', 'MANAGER', [uptown.id]) as never, admin.token);
    expect(created).toMatchObject({ username: 'mia', role: 'MANAGER', locationIds: [uptown.id], active: true, totpEnabled: false, hasPin: false });
    const session = await call(engine, 'auth.signIn', { username: 'mia', password: TEST_PASSWORD });
    expect(session.user.locationIds).toEqual([uptown.id]);
    expect(auditActions(engine).find((e) => e.action === 'users.create')).toMatchObject({ risk: 'MEDIUM', actor_id: admin.user.id });
  });

  it('a username already taken is refused with CONFLICT', async () => {
    await call(engine, 'users.create', newUser('mia', 'STAFF', [downtown.id]) as never, admin.token);
    expect(await failure(engine, 'users.create', newUser('MIA', 'STAFF', [downtown.id]), admin.token)).toBe('CONFLICT');
  });

  it('a double-click on "Create" makes one user, not two with the same username', async () => {
    const input = newUser('mia', 'STAFF', [downtown.id]);
    const results = await Promise.all([1, 2].map(() => engine.dispatch({ method: 'users.create', input, token: admin.token })));
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['CONFLICT', 'ok']);
    expect((await call(engine, 'users.list', {}, admin.token)).filter((u) => u.username === 'mia')).toHaveLength(1);
  });

  it('a weak password for the new user is refused with WEAK_PASSWORD', async () => {
    expect(await failure(engine, 'users.create', { ...newUser('mia', 'STAFF', [downtown.id]), password: 'mia-is-great-2026' }, admin.token)).toBe('WEAK_PASSWORD');
    expect(await failure(engine, 'users.create', { ...newUser('mia', 'STAFF', [downtown.id]), password: 'qwertyuiop' }, admin.token)).toBe('WEAK_PASSWORD');
    expect(rowCount(engine, 'users')).toBe(1);
  });

  it('a user of a location-bound role needs at least one existing location', async () => {
    expect(await failure(engine, 'users.create', newUser('mia', 'STAFF', []), admin.token)).toBe('BAD_INPUT');
    expect(await failure(engine, 'users.create', newUser('mia', 'STAFF', ['no-such-location']), admin.token)).toBe('BAD_INPUT');
    // An auditor sees every location without grants.
    expect((await call(engine, 'users.create', newUser('audrey', 'AUDITOR', []) as never, admin.token)).role).toBe('AUDITOR');
  });
});

describe('a location manager runs the staff of their own restaurants only', () => {
  let manager: SessionInfo;
  beforeEach(async () => {
    manager = (await addUser(engine, admin.token, { username: 'lou', role: 'LOCATION_MANAGER', locationIds: [downtown.id] })).session;
  });

  it('creates STAFF and MANAGER users at their own location', async () => {
    expect((await call(engine, 'users.create', newUser('sam', 'STAFF', [downtown.id]) as never, manager.token)).role).toBe('STAFF');
    expect((await call(engine, 'users.create', newUser('mia', 'MANAGER', [downtown.id]) as never, manager.token)).role).toBe('MANAGER');
  });

  it.each(['TENANT_ADMIN', 'LOCATION_MANAGER', 'COMPLIANCE_OFFICER', 'AUDITOR'])('cannot create a %s', async (role) => {
    const before = dataSnapshot(engine);
    expect(await failure(engine, 'users.create', newUser('eve', role, [downtown.id]), manager.token)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('cannot create users at, or grant, a location they do not manage', async () => {
    expect(await failure(engine, 'users.create', newUser('sam', 'STAFF', [uptown.id]), manager.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'users.create', newUser('sam', 'STAFF', [downtown.id, uptown.id]), manager.token)).toBe('FORBIDDEN');
    const { user } = await addUser(engine, manager.token, { username: 'sam', role: 'STAFF', locationIds: [downtown.id] });
    expect(await failure(engine, 'users.update', { userId: user.id, locationIds: [uptown.id] }, manager.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'users.update', { userId: user.id, role: 'TENANT_ADMIN' }, manager.token)).toBe('FORBIDDEN');
  });

  it('cannot change users of other locations, nor their own account, nor an administrator', async () => {
    const { user: uptownStaff } = await addUser(engine, admin.token, { username: 'ula', role: 'STAFF', locationIds: [uptown.id] });
    expect(await failure(engine, 'users.setActive', { userId: uptownStaff.id, active: false }, manager.token)).toBe('NOT_FOUND');
    expect(await failure(engine, 'users.update', { userId: manager.user.id, role: 'TENANT_ADMIN' }, manager.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'users.resetPassword', { userId: admin.user.id, newPassword: 'taken over by lou' }, manager.token)).toBe('FORBIDDEN');
  });

  it('lists only the users of their locations (and themselves)', async () => {
    await addUser(engine, admin.token, { username: 'ula', role: 'STAFF', locationIds: [uptown.id] });
    await addUser(engine, admin.token, { username: 'dana', role: 'STAFF', locationIds: [downtown.id] });
    await addUser(engine, admin.token, { username: 'both', role: 'MANAGER', locationIds: [downtown.id, uptown.id] });
    const seen = (await call(engine, 'users.list', {}, manager.token)).map((u) => u.username).sort();
    // alice (the admin) was given Downtown at setup.
    expect(seen).toEqual(['alice', 'both', 'dana', 'lou']);
    const all = (await call(engine, 'users.list', {}, admin.token)).map((u) => u.username).sort();
    expect(all).toEqual(['alice', 'both', 'dana', 'lou', 'ula']);
  });

  it('sees only their own locations', async () => {
    expect((await call(engine, 'locations.list', {}, manager.token)).map((l) => l.name)).toEqual(['Downtown']);
    expect((await call(engine, 'locations.list', {}, admin.token)).map((l) => l.name).sort()).toEqual(['Downtown', 'Uptown']);
  });
});

describe('changing users', () => {
  it('deactivating a user (never deleting) ends their sessions; they stay listed as inactive', async () => {
    const { user, session } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const second = await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD });
    const deactivated = await call(engine, 'users.setActive', { userId: user.id, active: false }, admin.token);
    expect(deactivated.active).toBe(false);
    expect(await failure(engine, 'locations.list', {}, session.token)).toBe('NOT_SIGNED_IN');
    expect(await failure(engine, 'locations.list', {}, second.token)).toBe('NOT_SIGNED_IN');
    expect(rowCount(engine, 'users')).toBe(2);
    expect((await call(engine, 'users.list', { includeInactive: true }, admin.token)).find((u) => u.id === user.id)?.active).toBe(false);
    expect((await call(engine, 'users.list', { includeInactive: false }, admin.token)).map((u) => u.username)).toEqual(['alice']);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'users.deactivate', risk: 'HIGH' });

    await call(engine, 'users.setActive', { userId: user.id, active: true }, admin.token);
    expect((await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).user.username).toBe('sam');
  });

  it('an administrator cannot deactivate or demote themselves', async () => {
    expect(await failure(engine, 'users.setActive', { userId: admin.user.id, active: false }, admin.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'users.update', { userId: admin.user.id, role: 'STAFF' }, admin.token)).toBe('FORBIDDEN');
  });

  it('resetting a password signs the user out; the new password works and the old one does not', async () => {
    const { user, session } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    expect(await failure(engine, 'users.resetPassword', { userId: user.id, newPassword: 'short' }, admin.token)).toBe('WEAK_PASSWORD');
    await call(engine, 'users.resetPassword', { userId: user.id, newPassword: 'fresh start at nine' }, admin.token);
    expect(await failure(engine, 'locations.list', {}, session.token)).toBe('NOT_SIGNED_IN');
    expect(await failure(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');
    expect((await call(engine, 'auth.signIn', { username: 'sam', password: 'fresh start at nine' })).user.username).toBe('sam');
    expect(auditActions(engine).some((e) => e.action === 'users.resetPassword' && e.risk === 'HIGH')).toBe(true);
  });

  it('a role change takes effect in the user’s open session at once', async () => {
    const { user, session } = await addUser(engine, admin.token, { username: 'mia', role: 'MANAGER' });
    expect((await call(engine, 'users.list', {}, session.token)).length).toBeGreaterThan(0);
    await call(engine, 'users.update', { userId: user.id, role: 'STAFF' }, admin.token);
    expect(await failure(engine, 'users.list', {}, session.token)).toBe('FORBIDDEN');
    expect(auditActions(engine).find((e) => e.action === 'users.update')).toMatchObject({ risk: 'HIGH' });
  });

  it('changing a user’s locations changes what they see', async () => {
    const { user, session } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', locationIds: [downtown.id] });
    await call(engine, 'users.update', { userId: user.id, locationIds: [uptown.id] }, admin.token);
    expect((await call(engine, 'locations.list', {}, session.token)).map((l) => l.name)).toEqual(['Uptown']);
  });

  it('an unknown user id gets NOT_FOUND', async () => {
    expect(await failure(engine, 'users.setActive', { userId: 'no-such-user', active: false }, admin.token)).toBe('NOT_FOUND');
  });
});

describe('unlocking a locked-out user, and resetting two-factor, are separate acts', () => {
  const lockOut = async (username: string) => {
    for (let i = 1; i <= 5; i++) await failure(engine, 'auth.signIn', { username, password: `wrong guess ${i}` });
  };

  it('unlock lifts the lockout at once, leaves the password and two-factor alone, and is audited as MEDIUM', async () => {
    const { user } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await lockOut('sam');
    expect((await call(engine, 'users.list', {}, admin.token)).find((u) => u.id === user.id)?.lockedUntilMs).not.toBeNull();

    const unlocked = await call(engine, 'users.unlock', { userId: user.id }, admin.token);
    expect(unlocked).toMatchObject({ lockedUntilMs: null, totpEnabled: false, active: true });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'users.unlock', risk: 'MEDIUM', actor_id: admin.user.id, summary: 'Lifted the sign-in lockout of "sam"' });
    expect((await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).user.username).toBe('sam');
  });

  it('unlocking someone who is not locked out changes nothing and leaves no entry', async () => {
    const { user } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const before = { data: dataSnapshot(engine), audit: rowCount(engine, 'audit_entries') };
    expect((await call(engine, 'users.unlock', { userId: user.id }, admin.token)).lockedUntilMs).toBeNull();
    expect({ data: dataSnapshot(engine), audit: rowCount(engine, 'audit_entries') }).toEqual(before);
  });

  it('unlocking takes the same right as managing the user: staff may not, a location manager may not unlock an admin', async () => {
    const { user: sam, session: staff } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const { session: lena } = await addUser(engine, admin.token, { username: 'lena', role: 'LOCATION_MANAGER' });
    const { user: otto } = await addUser(engine, admin.token, { username: 'otto', role: 'TENANT_ADMIN' });
    await lockOut('sam');
    await lockOut('otto');
    expect(await failure(engine, 'users.unlock', { userId: sam.id }, staff.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'users.unlock', { userId: otto.id }, lena.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'users.unlock', { userId: 'no-such-user' }, admin.token)).toBe('NOT_FOUND');
    expect((await call(engine, 'users.unlock', { userId: sam.id }, lena.token)).lockedUntilMs).toBeNull();
  });

  it('resetting two-factor no longer lifts a lockout, and is refused for a user without two-factor', async () => {
    const { user } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    expect(await failure(engine, 'users.resetTotp', { userId: user.id }, admin.token)).toBe('CONFLICT');
    await lockOut('sam');
    expect(await failure(engine, 'users.resetTotp', { userId: user.id }, admin.token)).toBe('CONFLICT');
    expect((await call(engine, 'users.list', {}, admin.token)).find((u) => u.id === user.id)?.lockedUntilMs).not.toBeNull();
  });
});
