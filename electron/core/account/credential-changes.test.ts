import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { currentTotp } from '../auth/totp';
import type { Engine } from '../engine';
import { addUser, auditActions, call, closeTestEngines, dataSnapshot, failure, freshSetUpEngine, TEST_ADMIN, testClock } from '../testing/test-engine';

let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
beforeEach(async () => ({ engine, clock, admin } = await freshSetUpEngine()));
afterEach(closeTestEngines);

async function pinSession(): Promise<SessionInfo> {
  await call(engine, 'account.setPin', { currentPassword: TEST_ADMIN.password, pin: '2580' }, admin.token);
  return call(engine, 'auth.signInWithPin', { username: 'alice', pin: '2580' });
}

describe('a PIN session changes no credentials', () => {
  it('password, PIN and two-factor changes are refused with a sentence and a HIGH audit entry, and change nothing', async () => {
    const pin = await pinSession();
    const attempts: [string, unknown][] = [
      ['account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'taken over passphrase' }],
      ['account.setPin', { currentPassword: TEST_ADMIN.password, pin: '1357' }],
      ['account.setPin', { currentPassword: TEST_ADMIN.password, pin: null }],
      ['account.beginTotp', { currentPassword: TEST_ADMIN.password }],
      ['account.confirmTotp', { code: '123456' }],
      ['account.disableTotp', { currentPassword: TEST_ADMIN.password, totpCode: '123456' }],
    ];
    for (const [method, input] of attempts) {
      const before = { data: dataSnapshot(engine), audit: auditActions(engine).length };
      const result = await engine.dispatch({ method, input, token: pin.token });
      expect(result, method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('signed in with a PIN') } });
      expect(auditActions(engine).slice(before.audit), method).toEqual([
        expect.objectContaining({ action: 'security.permissionDenied', risk: 'HIGH', actor_id: admin.user.id, summary: expect.stringContaining('PIN session') }),
      ]);
      expect(dataSnapshot(engine), method).toBe(before.data);
    }
    // Nor is a wrong password guessed through them: the refusal comes first and counts nothing.
    expect(await failure(engine, 'account.changePassword', { currentPassword: 'a guess at it', newPassword: 'taken over passphrase' }, pin.token)).toBe('FORBIDDEN');
    expect(auditActions(engine).some((e) => e.action === 'account.passwordCheckFailed')).toBe(false);
  });

  it('the two-factor of the owner stays theirs: a PIN session cannot enrol a new authenticator over it', async () => {
    const enrollment = await call(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password }, admin.token);
    await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, admin.token);
    const pin = await pinSession();
    expect(await failure(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password }, pin.token)).toBe('FORBIDDEN');
    clock.advance(30_000);
    const session = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password, totpCode: currentTotp(enrollment.secretBase32, clock.now()) });
    expect(session.user.totpEnabled).toBe(true);
  });

  it('a PIN session still sets its own preferences', async () => {
    const pin = await pinSession();
    await call(engine, 'account.setPreferences', { temperatureUnit: 'C' }, pin.token);
    expect((await call(engine, 'auth.session', {}, pin.token)).session?.user.temperatureUnit).toBe('C');
  });
});

describe('changing one’s password', () => {
  it('ends the user’s other sessions, password and PIN alike, but not the one it was changed from', async () => {
    const pin = await pinSession();
    const elsewhere = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    const here = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    await call(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'a brand new passphrase' }, here.token);
    for (const gone of [pin, elsewhere, admin]) expect(await failure(engine, 'locations.list', {}, gone.token)).toBe('NOT_SIGNED_IN');
    expect(await call(engine, 'users.list', {}, here.token)).toHaveLength(1);
  });

  it('leaves other users signed in', async () => {
    const { session: sam } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await call(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'a brand new passphrase' }, admin.token);
    expect(await call(engine, 'locations.list', {}, sam.token)).toHaveLength(1);
  });
});
