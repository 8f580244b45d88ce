import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { auditActions, call, closeTestEngines, failure, freshSetUpEngine, TEST_ADMIN, testClock } from '../testing/test-engine';

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

const wrongChange = (i: number) => ({ currentPassword: `wrong guess ${i}`, newPassword: 'a brand new passphrase' });

describe('the current-password check shares the sign-in lockout', () => {
  it('five wrong current passwords lock the account, with the sign-in lockout’s own words', async () => {
    for (let i = 1; i <= 4; i++) expect(await failure(engine, 'account.changePassword', wrongChange(i), admin.token)).toBe('BAD_CREDENTIALS');
    const locking = await errorOf('account.changePassword', wrongChange(5), admin.token);

    // The same refusal five wrong sign-ins get.
    const other = await freshSetUpEngine();
    for (let i = 1; i <= 4; i++) await failure(other.engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    const signInLocking = await other.engine.dispatch({ method: 'auth.signIn', input: { username: 'alice', password: 'wrong guess 5' }, token: null });
    expect(signInLocking).toMatchObject({ ok: false, error: locking });
    expect(locking.code).toBe('ACCOUNT_LOCKED');

    const lockedSignIn = await errorOf('auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    const otherLocked = await other.engine.dispatch({ method: 'auth.signIn', input: { username: 'alice', password: TEST_ADMIN.password }, token: null });
    expect(otherLocked).toMatchObject({ ok: false, error: lockedSignIn });
    expect(lockedSignIn.code).toBe('ACCOUNT_LOCKED');
  });

  it('the guesses are audited as MEDIUM, the lockout as HIGH, and the session that guessed ends', async () => {
    const before = auditActions(engine).length;
    for (let i = 1; i <= 5; i++) await failure(engine, 'account.beginTotp', { currentPassword: `wrong guess ${i}` }, admin.token);
    const added = auditActions(engine).slice(before);
    expect(added.filter((e) => e.action === 'account.passwordCheckFailed').map((e) => e.risk)).toEqual(['MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'MEDIUM']);
    expect(added.filter((e) => e.action === 'auth.lockedOut')).toEqual([expect.objectContaining({ risk: 'HIGH', actor_id: admin.user.id })]);
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('NOT_SIGNED_IN');
  });

  it('wrong sign-ins and wrong current passwords add up to one count', async () => {
    const session = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    for (let i = 1; i <= 3; i++) await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    expect(await failure(engine, 'account.setPin', { currentPassword: 'wrong guess 4', pin: '2580' }, session.token)).toBe('BAD_CREDENTIALS');
    expect(await failure(engine, 'account.beginTotp', { currentPassword: 'wrong guess 5' }, session.token)).toBe('ACCOUNT_LOCKED');
  });

  it('while locked, even the right current password is refused; after 15 minutes it works again', async () => {
    const session = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    for (let i = 1; i <= 5; i++) await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` });
    expect(await failure(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'a brand new passphrase' }, session.token)).toBe('ACCOUNT_LOCKED');
    clock.advance(15 * 60_000);
    const later = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    await call(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'a brand new passphrase' }, later.token);
  });

  it('the right current password clears earlier misses, as a sign-in does', async () => {
    for (let i = 1; i <= 4; i++) await failure(engine, 'account.setPin', { currentPassword: `wrong guess ${i}`, pin: '2580' }, admin.token);
    await call(engine, 'account.setPin', { currentPassword: TEST_ADMIN.password, pin: '2580' }, admin.token);
    for (let i = 1; i <= 4; i++) expect(await failure(engine, 'auth.signIn', { username: 'alice', password: `wrong guess ${i}` })).toBe('BAD_CREDENTIALS');
  });
});
