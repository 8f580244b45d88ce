import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { addUser, auditActions, call, closeTestEngines, failure, freshSetUpEngine, TEST_ADMIN, TEST_PASSWORD, testClock } from '../testing/test-engine';

const MINUTE = 60_000;

let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
beforeEach(async () => ({ engine, clock, admin } = await freshSetUpEngine()));
afterEach(closeTestEngines);

describe('idle lock', () => {
  it('a session idle for 10 minutes (the default) answers SESSION_LOCKED', async () => {
    expect(admin.idleLockMs).toBe(10 * MINUTE);
    clock.advance(10 * MINUTE);
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('SESSION_LOCKED');
    expect(await call(engine, 'auth.session', {}, admin.token)).toEqual({ session: null, locked: true });
  });

  it('every call counts as activity: a session used every 9 minutes stays open', async () => {
    for (let i = 0; i < 4; i++) {
      clock.advance(9 * MINUTE);
      expect(await call(engine, 'users.list', {}, admin.token)).toHaveLength(1);
    }
  });

  it('input in the window, reported as "still here", keeps the session open without other calls', async () => {
    for (let i = 0; i < 4; i++) {
      clock.advance(9 * MINUTE);
      expect(await call(engine, 'auth.stillHere', {}, admin.token)).toEqual({ ok: true });
    }
    expect(await call(engine, 'users.list', {}, admin.token)).toHaveLength(1);
  });

  it('"still here" cannot reopen a session that has locked', async () => {
    clock.advance(10 * MINUTE);
    expect(await failure(engine, 'auth.stillHere', {}, admin.token)).toBe('SESSION_LOCKED');
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('SESSION_LOCKED');
  });

  it('asking whether the session is still open does not count as activity', async () => {
    for (let i = 0; i < 3; i++) {
      clock.advance(3 * MINUTE);
      expect((await call(engine, 'auth.session', {}, admin.token)).locked).toBe(false);
    }
    clock.advance(MINUTE);
    expect(await call(engine, 'auth.session', {}, admin.token)).toEqual({ session: null, locked: true });
  });

  it('the window is told when its session locks', async () => {
    const events: unknown[] = [];
    engine.events.listen((topic, payload, target) => events.push({ topic, payload, target }));
    clock.advance(10 * MINUTE);
    await failure(engine, 'users.list', {}, admin.token);
    expect(events).toEqual([{ topic: 'session.locked', payload: { reason: 'idle' }, target: { token: admin.token } }]);
  });

  it('a wrong password does not unlock; the right one does, and work goes on in the same session', async () => {
    clock.advance(11 * MINUTE);
    expect(await failure(engine, 'auth.unlock', { password: 'not my password' }, admin.token)).toBe('BAD_CREDENTIALS');
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('SESSION_LOCKED');
    const unlocked = await call(engine, 'auth.unlock', { password: TEST_ADMIN.password }, admin.token);
    expect(unlocked.token).toBe(admin.token);
    expect(await call(engine, 'users.list', {}, admin.token)).toHaveLength(1);
    expect(auditActions(engine).at(-1)?.action).toBe('auth.unlock');
  });

  it('five wrong passwords at the lock screen lock the account and end the session', async () => {
    clock.advance(11 * MINUTE);
    for (let i = 0; i < 4; i++) expect(await failure(engine, 'auth.unlock', { password: `wrong ${i}` }, admin.token)).toBe('BAD_CREDENTIALS');
    expect(await failure(engine, 'auth.unlock', { password: 'wrong 5' }, admin.token)).toBe('ACCOUNT_LOCKED');
    expect(await failure(engine, 'auth.unlock', { password: TEST_ADMIN.password }, admin.token)).toBe('NOT_SIGNED_IN');
  });

  it('a locked session still signs out', async () => {
    clock.advance(11 * MINUTE);
    await call(engine, 'auth.signOut', {}, admin.token);
    expect(await failure(engine, 'auth.unlock', { password: TEST_ADMIN.password }, admin.token)).toBe('NOT_SIGNED_IN');
  });

  it('locking by hand locks at once', async () => {
    await call(engine, 'auth.lock', {}, admin.token);
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('SESSION_LOCKED');
  });

  it('a public call with a locked session’s token does not act as that user', async () => {
    await call(engine, 'auth.lock', {}, admin.token);
    const status = await call(engine, 'setup.status', {}, admin.token);
    expect(status.isSetUp).toBe(true);
  });

  it('a PIN session unlocks with the PIN, not the password', async () => {
    const { session } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await call(engine, 'account.setPin', { currentPassword: TEST_PASSWORD, pin: '4711' }, session.token);
    const pinSession = await call(engine, 'auth.signInWithPin', { username: 'sam', pin: '4711' });
    clock.advance(10 * MINUTE);
    expect(await failure(engine, 'auth.unlock', { password: TEST_PASSWORD }, pinSession.token)).toBe('BAD_INPUT');
    expect(await failure(engine, 'auth.unlock', { pin: '1234' }, pinSession.token)).toBe('BAD_CREDENTIALS');
    expect((await call(engine, 'auth.unlock', { pin: '4711' }, pinSession.token)).viaPin).toBe(true);
  });

  it('a shorter idle time set in the settings takes effect for open sessions', async () => {
    const settings = await call(engine, 'settings.update', { idleLockMinutes: 2 }, admin.token);
    expect(settings.idleLockMinutes).toBe(2);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'settings.update', risk: 'HIGH' });
    clock.advance(2 * MINUTE - 1);
    expect(await call(engine, 'users.list', {}, admin.token)).toHaveLength(1);
    clock.advance(2 * MINUTE);
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('SESSION_LOCKED');
    const fresh = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect(fresh.idleLockMs).toBe(2 * MINUTE);
  });

  it('a longer idle time keeps a session open past the old 10 minutes', async () => {
    await call(engine, 'settings.update', { idleLockMinutes: 30 }, admin.token);
    clock.advance(29 * MINUTE);
    expect(await call(engine, 'users.list', {}, admin.token)).toHaveLength(1);
  });
});
