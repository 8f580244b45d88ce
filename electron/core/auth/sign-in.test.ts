import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../../../domain/auth/permissions';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { addUser, auditActions, call, closeTestEngines, failure, freshSetUpEngine, openTestEngine, setUpOrganization, tempDataDir, TEST_ADMIN, TEST_PASSWORD, testClock } from '../testing/test-engine';

const MINUTE = 60_000;

let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
beforeEach(async () => ({ engine, clock, admin } = await freshSetUpEngine()));
afterEach(closeTestEngines);

async function errorOf(method: string, input: unknown, token: string | null = null) {
  const result = await engine.dispatch({ method, input, token });
  if (result.ok) throw new Error(`${method} succeeded`);
  return result.error;
}

describe('password sign-in', () => {
  it('the right password signs in and opens a session with the role’s rights', async () => {
    const session = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect(session.user.username).toBe('alice');
    expect(session.viaPin).toBe(false);
    expect(await call(engine, 'auth.session', {}, session.token)).toMatchObject({ locked: false, session: { token: session.token } });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'auth.signIn', risk: 'LOW' });
  });

  it('the username is not case sensitive and surrounding spaces are ignored', async () => {
    const session = await call(engine, 'auth.signIn', { username: '  Alice ', password: TEST_ADMIN.password });
    expect(session.user.username).toBe('alice');
  });

  it('a wrong password is refused with BAD_CREDENTIALS and audited as a MEDIUM failure', async () => {
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: 'not the password' })).toBe('BAD_CREDENTIALS');
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'auth.signInFailed', risk: 'MEDIUM' });
  });

  it('an unknown username gets exactly the same answer as a wrong password', async () => {
    const wrongPassword = await errorOf('auth.signIn', { username: 'alice', password: 'not the password' });
    const unknownUser = await errorOf('auth.signIn', { username: 'nobody', password: 'not the password' });
    expect(unknownUser).toEqual(wrongPassword);
    expect(unknownUser.code).toBe('BAD_CREDENTIALS');
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
    for (let i = 1; i <= 4; i++) {
      expect(await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` })).toBe('BAD_CREDENTIALS');
    }
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: 'wrong guess 5' })).toBe('ACCOUNT_LOCKED');
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).toBe('ACCOUNT_LOCKED');

    clock.advance(15 * MINUTE - 1000);
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).toBe('ACCOUNT_LOCKED');

    clock.advance(1000);
    const session = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect(session.user.username).toBe('alice');
  });

  it('the lockout says until when in the location’s time, not the server’s 12-hour clock', async () => {
    for (let i = 1; i <= 5; i++) await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    // Locked at 09:00 UTC for 15 minutes: 04:15 in New York, the test location's zone.
    expect((await errorOf('auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).message).toContain('Try again after 2026-11-22 04:15,');
  });

  it('after the lockout runs out the count starts again: one more miss does not lock', async () => {
    for (let i = 1; i <= 5; i++) await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    clock.advance(15 * MINUTE);
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: 'wrong again' })).toBe('BAD_CREDENTIALS');
    expect((await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).user.username).toBe('alice');
  });

  it('a successful sign-in clears earlier misses', async () => {
    for (let i = 1; i <= 4; i++) await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    for (let i = 1; i <= 4; i++) {
      expect(await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` })).toBe('BAD_CREDENTIALS');
    }
  });

  it('a sign-in still waiting out its slow-down is refused if the account gets locked meanwhile', async () => {
    // Guesses sent in parallel all wait at once; the lockout must still hold for the ones that
    // finish after the fifth miss, or parallel guessing would get round the limit of five.
    const slow = tempDataDir();
    const slowEngine = await openTestEngine({ dataDir: slow.dir, now: clock.now, tuning: { signInDelayBaseMs: 100 } });
    try {
      const slowAdmin = await setUpOrganization(slowEngine);
      // Four misses at the lock screen (no slow-down there), then a sign-in that waits 0.8 s.
      for (let i = 0; i < 4; i++) await failure(slowEngine, 'auth.unlock', { password: `wrong guess ${i}` }, slowAdmin.token);
      const waiting = slowEngine.dispatch({ method: 'auth.signIn', input: { username: 'alice', password: TEST_ADMIN.password }, token: null });
      expect(await failure(slowEngine, 'auth.unlock', { password: 'fifth wrong guess' }, slowAdmin.token)).toBe('ACCOUNT_LOCKED');
      expect(await waiting).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    } finally {
      slowEngine.close();
      slow.cleanup();
    }
  });

  it('the failures are audited as MEDIUM and the lockout as HIGH', async () => {
    const before = auditActions(engine).length;
    for (let i = 1; i <= 5; i++) await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    const added = auditActions(engine).slice(before);
    expect(added.filter((e) => e.action === 'auth.signInFailed')).toHaveLength(5);
    expect(added.filter((e) => e.action === 'auth.signInFailed').every((e) => e.risk === 'MEDIUM')).toBe(true);
    expect(added.filter((e) => e.action === 'auth.lockedOut')).toEqual([expect.objectContaining({ risk: 'HIGH', actor_id: null })]);
  });

  it('a failed sign-in is on record as an attempt under the typed name, not as the act of that user', async () => {
    await failure(engine, 'auth.signIn', { username: 'alice', password: 'not the password' });
    await failure(engine, 'auth.signIn', { username: 'nobody', password: 'not the password' });
    const rows = engine.context.sqlite.prepare("SELECT actor_id, actor_name FROM audit_entries WHERE action = 'auth.signInFailed' ORDER BY seq").all();
    expect(rows).toEqual([{ actor_id: null, actor_name: 'alice' }, { actor_id: null, actor_name: 'nobody' }]);
  });

  it('an administrator sees the lockout in the user list and can lift it by unlocking the user', async () => {
    const { user } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    for (let i = 1; i <= 5; i++) await failure(engine, 'auth.signIn', { username: 'sam', password: `wrong guess ${i}` });
    const listed = (await call(engine, 'users.list', {}, admin.token)).find((u) => u.id === user.id)!;
    expect(listed.lockedUntilMs).toBe(clock.now() + 15 * MINUTE);
    await call(engine, 'users.unlock', { userId: user.id }, admin.token);
    expect((await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).user.username).toBe('sam');
  });

  it('a deactivated user cannot sign in, even with the right password', async () => {
    const { user } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await call(engine, 'users.setActive', { userId: user.id, active: false }, admin.token);
    expect(await failure(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).toBe('ACCOUNT_INACTIVE');
  });

  it('signing out ends the session', async () => {
    const session = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    await call(engine, 'auth.signOut', {}, session.token);
    expect(await failure(engine, 'users.list', {}, session.token)).toBe('NOT_SIGNED_IN');
    expect(await call(engine, 'auth.session', {}, session.token)).toEqual({ session: null, locked: false });
  });
});

describe('PIN sign-in on a shared PC', () => {
  it('a PIN sign-in gives STAFF rights only, even to an administrator', async () => {
    await call(engine, 'account.setPin', { currentPassword: TEST_ADMIN.password, pin: '2580' }, admin.token);
    const pinSession = await call(engine, 'auth.signInWithPin', { username: 'alice', pin: '2580' });
    expect(pinSession.viaPin).toBe(true);
    expect(new Set(pinSession.permissions)).toEqual(ROLE_PERMISSIONS.STAFF);
    const newAdmin = { username: 'eve', displayName: 'Eve', role: 'TENANT_ADMIN', locationIds: [], password: TEST_PASSWORD };
    expect(await failure(engine, 'users.create', newAdmin, pinSession.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'settings.update', { idleLockMinutes: 240 }, pinSession.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'audit.list', {}, pinSession.token)).toBe('FORBIDDEN');
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', summary: expect.stringContaining('(PIN)') });
    // What STAFF may do still works.
    expect(await call(engine, 'locations.list', {}, pinSession.token)).toHaveLength(1);
  });

  it('a PIN session of a STAFF user keeps exactly the STAFF rights', async () => {
    const { session } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await call(engine, 'account.setPin', { currentPassword: TEST_PASSWORD, pin: '4711' }, session.token);
    const pinSession = await call(engine, 'auth.signInWithPin', { username: 'sam', pin: '4711' });
    expect(new Set(pinSession.permissions)).toEqual(new Set(PERMISSIONS.filter((p) => ROLE_PERMISSIONS.STAFF.has(p))));
  });

  it('a wrong PIN, or a user without a PIN, is refused with BAD_CREDENTIALS', async () => {
    await call(engine, 'account.setPin', { currentPassword: TEST_ADMIN.password, pin: '2580' }, admin.token);
    expect(await failure(engine, 'auth.signInWithPin', { username: 'alice', pin: '2581' })).toBe('BAD_CREDENTIALS');
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    expect(await failure(engine, 'auth.signInWithPin', { username: 'sam', pin: '2580' })).toBe('BAD_CREDENTIALS');
  });

  it('a PIN of one repeated digit is refused', async () => {
    expect(await failure(engine, 'account.setPin', { currentPassword: TEST_ADMIN.password, pin: '1111' }, admin.token)).toBe('WEAK_PASSWORD');
  });

  it('five wrong PINs lock the account like five wrong passwords', async () => {
    await call(engine, 'account.setPin', { currentPassword: TEST_ADMIN.password, pin: '2580' }, admin.token);
    for (let i = 0; i < 4; i++) await failure(engine, 'auth.signInWithPin', { username: 'alice', pin: `000${i}` });
    expect(await failure(engine, 'auth.signInWithPin', { username: 'alice', pin: '0009' })).toBe('ACCOUNT_LOCKED');
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).toBe('ACCOUNT_LOCKED');
  });
});

describe('changing one’s own password', () => {
  it('needs the current password and a strong new one; the old password stops working', async () => {
    expect(await failure(engine, 'account.changePassword', { currentPassword: 'not it at all', newPassword: 'a new long passphrase' }, admin.token)).toBe('BAD_CREDENTIALS');
    expect(await failure(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'short' }, admin.token)).toBe('WEAK_PASSWORD');
    await call(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'a new long passphrase' }, admin.token);
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).toBe('BAD_CREDENTIALS');
    expect((await call(engine, 'auth.signIn', { username: 'alice', password: 'a new long passphrase' })).user.username).toBe('alice');
  });
});
