import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { currentTotp } from '../auth/totp';
import type { Engine } from '../engine';
import { addUser, auditActions, call, closeTestEngines, failure, freshSetUpEngine, TEST_ADMIN, TEST_PASSWORD, testClock } from '../testing/test-engine';

let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
beforeEach(async () => ({ engine, clock, admin } = await freshSetUpEngine()));
afterEach(closeTestEngines);

/** A six-digit code that is not valid now, nor one step either side. */
function wrongCode(secret: string): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => currentTotp(secret, clock.now() + d)));
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

async function enrol(token: string, password = TEST_ADMIN.password) {
  const enrollment = await call(engine, 'account.beginTotp', { currentPassword: password }, token);
  const { backupCodes } = await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, token);
  return { secret: enrollment.secretBase32, backupCodes };
}

const signIn = (totpCode?: string) => ({ username: 'alice', password: TEST_ADMIN.password, ...(totpCode ? { totpCode } : {}) });

describe('two-factor sign-in (TOTP)', () => {
  it('enrolment gives a secret with a QR code, and confirming with a current code turns it on with ten backup codes', async () => {
    const enrollment = await call(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password }, admin.token);
    expect(enrollment.otpauthUrl).toMatch(/^otpauth:\/\/totp\/OpsFlow:alice\?/);
    expect(enrollment.qrSvg).toContain('<svg');
    expect(await failure(engine, 'account.confirmTotp', { code: wrongCode(enrollment.secretBase32) }, admin.token)).toBe('TOTP_INVALID');

    const { backupCodes } = await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, admin.token);
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    expect((await call(engine, 'auth.session', {}, admin.token)).session?.user.totpEnabled).toBe(true);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'account.enableTotp' });
  });

  it('beginning enrolment needs the current password', async () => {
    expect(await failure(engine, 'account.beginTotp', { currentPassword: 'not my password' }, admin.token)).toBe('BAD_CREDENTIALS');
    expect(await failure(engine, 'account.confirmTotp', { code: '123456' }, admin.token)).toBe('CONFLICT');
  });

  it('once on, sign-in asks for the code: none gives TOTP_REQUIRED, a wrong one TOTP_INVALID, the right one signs in', async () => {
    const { secret } = await enrol(admin.token);
    expect(await failure(engine, 'auth.signIn', signIn())).toBe('TOTP_REQUIRED');
    expect(await failure(engine, 'auth.signIn', signIn(wrongCode(secret)))).toBe('TOTP_INVALID');
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'auth.signInFailed', risk: 'MEDIUM' });
    clock.advance(90_000);
    const session = await call(engine, 'auth.signIn', signIn(currentTotp(secret, clock.now())));
    expect(session.user.totpEnabled).toBe(true);
  });

  it('a code that was already used cannot sign in again, even within its 30 seconds', async () => {
    const { secret } = await enrol(admin.token);
    // The code that confirmed enrolment is spent.
    expect(await failure(engine, 'auth.signIn', signIn(currentTotp(secret, clock.now())))).toBe('TOTP_INVALID');
    clock.advance(60_000);
    const code = currentTotp(secret, clock.now());
    await call(engine, 'auth.signIn', signIn(code));
    clock.advance(5_000);
    expect(await failure(engine, 'auth.signIn', signIn(code))).toBe('TOTP_INVALID');
    clock.advance(30_000);
    expect((await call(engine, 'auth.signIn', signIn(currentTotp(secret, clock.now())))).user.username).toBe('alice');
  });

  it('a wrong password with a right code is still BAD_CREDENTIALS', async () => {
    const { secret } = await enrol(admin.token);
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: 'wrong password!', totpCode: currentTotp(secret, clock.now()) })).toBe('BAD_CREDENTIALS');
  });

  it('a backup code signs in once and only once', async () => {
    const { backupCodes } = await enrol(admin.token);
    const code = backupCodes[3]!;
    expect((await call(engine, 'auth.signIn', signIn(code))).user.username).toBe('alice');
    expect(auditActions(engine).some((e) => e.action === 'auth.backupCodeUsed' && e.summary.includes('9 left'))).toBe(true);
    expect(await failure(engine, 'auth.signIn', signIn(code))).toBe('TOTP_INVALID');
    // The others still work, typed without the dash and in capitals.
    expect((await call(engine, 'auth.signIn', signIn(backupCodes[4]!.replace('-', '').toUpperCase()))).user.username).toBe('alice');
  });

  it('ten sign-ins racing with one backup code open one session: the code is used once', async () => {
    const { backupCodes } = await enrol(admin.token);
    const results = await Promise.all(Array.from({ length: 10 }, () => engine.dispatch({ method: 'auth.signIn', input: signIn(backupCodes[0]!), token: null })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(['TOTP_INVALID', 'ACCOUNT_LOCKED']).toContain(r.ok ? null : r.error.code);
    expect(auditActions(engine).filter((e) => e.action === 'auth.backupCodeUsed')).toEqual([expect.objectContaining({ summary: expect.stringContaining('9 left') })]);
  });

  it('backup-code guesses sent in parallel stop at the lockout: five are judged, the rest refused unjudged', async () => {
    await enrol(admin.token);
    const guesses = Array.from({ length: 12 }, (_, i) => `zzzz-zz${String.fromCharCode(97 + i)}z`);
    const results = await Promise.all(guesses.map((g) => engine.dispatch({ method: 'auth.signIn', input: signIn(g), token: null })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'TOTP_INVALID')).toHaveLength(4);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(8);
    expect(auditActions(engine).filter((e) => e.action === 'auth.signInFailed')).toHaveLength(5);
  });

  it('authenticator-code guesses sent in parallel stop at the lockout too: five are judged, the rest refused unjudged', async () => {
    const { secret } = await enrol(admin.token);
    clock.advance(30_000);
    const valid = new Set([-30_000, 0, 30_000].map((d) => currentTotp(secret, clock.now() + d)));
    const guesses = Array.from({ length: 40 }, (_, i) => String(100_000 + i * 7919)).filter((g) => !valid.has(g)).slice(0, 12);
    const results = await Promise.all(guesses.map((g) => engine.dispatch({ method: 'auth.signIn', input: signIn(g), token: null })));
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes.filter((c) => c === 'TOTP_INVALID')).toHaveLength(4);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(8);
    expect(auditActions(engine).filter((e) => e.action === 'auth.signInFailed')).toHaveLength(5);
  });

  it('turning two-factor off needs the password and a current code, after which the password alone signs in again', async () => {
    const { secret } = await enrol(admin.token);
    clock.advance(30_000);
    const code = currentTotp(secret, clock.now());
    expect(await failure(engine, 'account.disableTotp', { currentPassword: 'not my password', totpCode: code }, admin.token)).toBe('BAD_CREDENTIALS');
    expect(await failure(engine, 'account.disableTotp', { currentPassword: TEST_ADMIN.password }, admin.token)).toBe('BAD_INPUT');
    expect(await failure(engine, 'account.disableTotp', { currentPassword: TEST_ADMIN.password, totpCode: wrongCode(secret) }, admin.token)).toBe('TOTP_INVALID');
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'account.secondFactorCheckFailed', risk: 'MEDIUM' });
    expect((await call(engine, 'auth.session', {}, admin.token)).session?.user.totpEnabled).toBe(true);
    await call(engine, 'account.disableTotp', { currentPassword: TEST_ADMIN.password, totpCode: code }, admin.token);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'account.disableTotp', risk: 'HIGH' });
    expect((await call(engine, 'auth.signIn', signIn())).user.totpEnabled).toBe(false);
  });

  it('an unused backup code also turns two-factor off, and is spent doing it', async () => {
    const { backupCodes } = await enrol(admin.token);
    await call(engine, 'account.disableTotp', { currentPassword: TEST_ADMIN.password, totpCode: backupCodes[0]! }, admin.token);
    expect(auditActions(engine).slice(-2).map((e) => e.action)).toEqual(['auth.backupCodeUsed', 'account.disableTotp']);
  });

  it('replacing the authenticator needs a current code: the password alone cannot move two-factor to another phone', async () => {
    const { secret: oldSecret } = await enrol(admin.token);
    expect(await failure(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password }, admin.token)).toBe('TOTP_REQUIRED');
    expect(await failure(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password, totpCode: wrongCode(oldSecret) }, admin.token)).toBe('TOTP_INVALID');
    expect(await failure(engine, 'account.confirmTotp', { code: '123456' }, admin.token)).toBe('CONFLICT');

    clock.advance(30_000);
    const enrollment = await call(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password, totpCode: currentTotp(oldSecret, clock.now()) }, admin.token);
    await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, admin.token);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'account.enableTotp', risk: 'HIGH', summary: expect.stringContaining('new authenticator') });
    clock.advance(60_000);
    expect(await failure(engine, 'auth.signIn', signIn(currentTotp(oldSecret, clock.now())))).toBe('TOTP_INVALID');
    expect((await call(engine, 'auth.signIn', signIn(currentTotp(enrollment.secretBase32, clock.now())))).user.username).toBe('alice');
  });

  it('wrong codes while changing two-factor count towards the lockout', async () => {
    const { secret } = await enrol(admin.token);
    for (let i = 1; i <= 4; i++) {
      expect(await failure(engine, 'account.disableTotp', { currentPassword: TEST_ADMIN.password, totpCode: wrongCode(secret) }, admin.token)).toBe('TOTP_INVALID');
    }
    expect(await failure(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password, totpCode: wrongCode(secret) }, admin.token)).toBe('ACCOUNT_LOCKED');
    expect(await failure(engine, 'auth.signIn', signIn(currentTotp(secret, clock.now() + 30_000)))).toBe('ACCOUNT_LOCKED');
  });

  it('an administrator can turn off a user’s two-factor (lost phone)', async () => {
    const { session, user } = await addUser(engine, admin.token, { username: 'mia', role: 'MANAGER' });
    await enrol(session.token, TEST_PASSWORD);
    expect(await failure(engine, 'auth.signIn', { username: 'mia', password: TEST_PASSWORD })).toBe('TOTP_REQUIRED');
    await call(engine, 'users.resetTotp', { userId: user.id }, admin.token);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'users.resetTotp', risk: 'HIGH', actor_id: admin.user.id });
    expect((await call(engine, 'auth.signIn', { username: 'mia', password: TEST_PASSWORD })).user.totpEnabled).toBe(false);
  });
});

describe('two-factor required for admin and manager roles', () => {
  it('an admin signing in without two-factor can do nothing but enrol; after enrolling the session works', async () => {
    await call(engine, 'settings.update', { requireTotpForAdmins: true }, admin.token);
    const session = await call(engine, 'auth.signIn', signIn());
    expect(session.mustEnrollTotp).toBe(true);
    expect(await failure(engine, 'users.list', {}, session.token)).toBe('TOTP_REQUIRED');
    expect(await failure(engine, 'settings.update', { requireTotpForAdmins: false }, session.token)).toBe('TOTP_REQUIRED');
    expect(await failure(engine, 'account.changePassword', { currentPassword: TEST_ADMIN.password, newPassword: 'some other passphrase' }, session.token)).toBe('TOTP_REQUIRED');
    expect((await call(engine, 'auth.session', {}, session.token)).session?.mustEnrollTotp).toBe(true);

    await enrol(session.token);
    expect(await call(engine, 'users.list', {}, session.token)).toHaveLength(1);
    expect((await call(engine, 'auth.session', {}, session.token)).session?.mustEnrollTotp).toBe(false);
  });

  it('turning the rule on applies at once to admins and managers already signed in', async () => {
    const { session: mia } = await addUser(engine, admin.token, { username: 'mia', role: 'MANAGER' });
    const { session: sam } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    expect(await call(engine, 'locations.list', {}, mia.token)).toHaveLength(1);
    await call(engine, 'settings.update', { requireTotpForAdmins: true }, admin.token);
    expect(await failure(engine, 'locations.list', {}, mia.token)).toBe('TOTP_REQUIRED');
    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('TOTP_REQUIRED');
    expect(await call(engine, 'locations.list', {}, sam.token)).toHaveLength(1);
  });

  it('applies to managers but not to staff', async () => {
    await addUser(engine, admin.token, { username: 'mia', role: 'MANAGER' });
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await call(engine, 'settings.update', { requireTotpForAdmins: true }, admin.token);
    expect((await call(engine, 'auth.signIn', { username: 'mia', password: TEST_PASSWORD })).mustEnrollTotp).toBe(true);
    const staff = await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD });
    expect(staff.mustEnrollTotp).toBe(false);
    expect(await call(engine, 'locations.list', {}, staff.token)).toHaveLength(1);
  });

  it('while required, an admin cannot turn their own two-factor off, and the backup code offered is not spent', async () => {
    const { backupCodes } = await enrol(admin.token);
    await call(engine, 'settings.update', { requireTotpForAdmins: true }, admin.token);
    expect(await failure(engine, 'account.disableTotp', { currentPassword: TEST_ADMIN.password, totpCode: backupCodes[0]! }, admin.token)).toBe('FORBIDDEN');
    expect((await call(engine, 'auth.signIn', signIn(backupCodes[0]!))).user.username).toBe('alice');
  });
});
