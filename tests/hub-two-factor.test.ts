// Two-factor sign-in across PCs: the authenticator a user set up at one location works at every
// PC of the locations they are granted, through the hub, without the secret ever being readable
// from the document the hub stores and hands out. Real hub, two desktop engines, one test clock.
import { Secret } from 'otpauth';
import { describe, expect, it, vi } from 'vitest';
import { CREDENTIALS_MAP } from '../domain/directory/records';
import { credentialsDocName } from '../domain/sync/doc-names';
import { currentTotp } from '../electron/core/auth/totp';
import { auditActions, call, failure, TEST_ADMIN, TEST_PASSWORD } from '../electron/core/testing/test-engine';
import { allSynced, hubForThisFile, twoLocationsSharingMax, until, type Station } from './support/hub-stations';

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const hub = hubForThisFile();
const NEW_PASSWORD = 'walnut ladder sunrise 7';

const totpSecretAt = (s: Station, username: string) => s.engine.context.directory.userByUsername(username)?.totp_secret ?? null;
const backupCodesLeftAt = (s: Station, username: string) => (JSON.parse(s.engine.context.directory.userByUsername(username)?.totp_backup_code_hashes ?? '[]') as string[]).length;

/** Downtown's PC (a) and Uptown's (b), one clock; max works at both. */
async function twoLocations() {
  const setup = await twoLocationsSharingMax(hub.hub);
  const signIn = (password: string, totpCode?: string) => ({ username: 'max', password, ...(totpCode ? { totpCode } : {}) });
  return { ...setup, signIn };
}

/** max sets up two-factor at `s`; resolves once the other PC has it too. */
async function enrolMax(setup: Awaited<ReturnType<typeof twoLocations>>, at: Station, token: string) {
  const { a, b, clock } = setup;
  const begun = await call(at.engine, 'account.beginTotp', { currentPassword: TEST_PASSWORD }, token);
  const { backupCodes } = await call(at.engine, 'account.confirmTotp', { code: currentTotp(begun.secretBase32, clock.now()) }, token);
  await until([a, b], () => allSynced(a, b)() && totpSecretAt(a, 'max') !== null && totpSecretAt(a, 'max') === totpSecretAt(b, 'max'));
  return { secret: begun.secretBase32, backupCodes };
}

describe('two-factor sign-in carried to every PC the user is granted', () => {
  it('set up Downtown, the authenticator signs in Uptown; a backup code used Uptown is spent Downtown too; the document holds the secret only sealed', async () => {
    const setup = await twoLocations();
    const { a, b, clock, tenantId, max, signIn } = setup;
    const { secret, backupCodes } = await enrolMax(setup, a, max.session.token);

    clock.advance(30_000);
    expect(await failure(b.engine, 'auth.signIn', signIn(TEST_PASSWORD))).toBe('TOTP_REQUIRED');
    const wrong = String((Number(currentTotp(secret, clock.now())) + 1) % 1_000_000).padStart(6, '0');
    expect(await failure(b.engine, 'auth.signIn', signIn(TEST_PASSWORD, wrong))).toBe('TOTP_INVALID');
    expect(await call(b.engine, 'auth.signIn', signIn(TEST_PASSWORD, currentTotp(secret, clock.now())))).toMatchObject({ user: { username: 'max', totpEnabled: true } });

    // What the hub stores and hands out (it unseals its own at-rest layer): never the secret itself.
    const doc = b.engine.context.docs.get(credentialsDocName(tenantId, max.user.id));
    const sent = Buffer.from(JSON.stringify(doc.getMap(CREDENTIALS_MAP).toJSON()));
    expect(String(doc.getMap(CREDENTIALS_MAP).get('totpSecret'))).toMatch(/^p1\$/);
    expect(sent.includes(Buffer.from(secret))).toBe(false);
    expect(sent.includes(Buffer.from(Secret.fromBase32(secret).bytes))).toBe(false);

    expect(await call(b.engine, 'auth.signIn', signIn(TEST_PASSWORD, backupCodes[0]!))).toMatchObject({ user: { username: 'max' } });
    await until([a, b], () => allSynced(a, b)() && backupCodesLeftAt(a, 'max') === 9);
    expect(await failure(a.engine, 'auth.signIn', signIn(TEST_PASSWORD, backupCodes[0]!))).toBe('TOTP_INVALID');
    expect(await call(a.engine, 'auth.signIn', signIn(TEST_PASSWORD, backupCodes[1]!))).toMatchObject({ user: { username: 'max' } });
  });

  it('a password changed Uptown re-seals the secret: Downtown then signs in with the new password and a code, not the old one', async () => {
    const setup = await twoLocations();
    const { a, b, clock, max, signIn } = setup;
    const { secret } = await enrolMax(setup, a, max.session.token);
    clock.advance(30_000);
    const atB = await call(b.engine, 'auth.signIn', signIn(TEST_PASSWORD, currentTotp(secret, clock.now())));
    await call(b.engine, 'account.changePassword', { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD }, atB.token);
    const passwordHash = () => b.engine.context.directory.userByUsername('max')?.password_hash;
    await until([a, b], () => allSynced(a, b)() && a.engine.context.directory.userByUsername('max')?.password_hash === passwordHash() && totpSecretAt(a, 'max') === totpSecretAt(b, 'max'));

    clock.advance(30_000);
    expect(await failure(a.engine, 'auth.signIn', signIn(TEST_PASSWORD, currentTotp(secret, clock.now())))).toBe('BAD_CREDENTIALS');
    expect(await call(a.engine, 'auth.signIn', signIn(NEW_PASSWORD, currentTotp(secret, clock.now())))).toMatchObject({ user: { username: 'max' } });
    clock.advance(30_000);
    expect(await call(b.engine, 'auth.signIn', signIn(NEW_PASSWORD, currentTotp(secret, clock.now())))).toMatchObject({ user: { username: 'max' } });
  });

  it('after an administrator resets the password, two-factor is still asked everywhere: the PC that knew the secret seals it anew, the other takes a backup code until then', async () => {
    const setup = await twoLocations();
    const { a, b, clock, max, signIn } = setup;
    const { secret, backupCodes } = await enrolMax(setup, a, max.session.token);
    await call(a.engine, 'users.resetPassword', { userId: max.user.id, newPassword: NEW_PASSWORD }, a.adminToken);
    const passwordHash = () => a.engine.context.directory.userByUsername('max')?.password_hash;
    await until([a, b], () => allSynced(a, b)() && b.engine.context.directory.userByUsername('max')?.password_hash === passwordHash());

    // Uptown never opened the secret, and it is sealed under the old password: no code opens it, nothing is skipped.
    clock.advance(30_000);
    expect(await failure(b.engine, 'auth.signIn', signIn(NEW_PASSWORD))).toBe('TOTP_REQUIRED');
    const refused = await b.engine.dispatch({ method: 'auth.signIn', input: signIn(NEW_PASSWORD, currentTotp(secret, clock.now())), token: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'TOTP_INVALID', message: expect.stringMatching(/cannot read.*backup codes/) } });
    expect(await call(b.engine, 'auth.signIn', signIn(NEW_PASSWORD, backupCodes[0]!))).toMatchObject({ user: { username: 'max' } });

    // Downtown kept its own copy when max set it up: the code works there, and seals it with the new password.
    expect(await call(a.engine, 'auth.signIn', signIn(NEW_PASSWORD, currentTotp(secret, clock.now())))).toMatchObject({ user: { username: 'max' } });
    expect(auditActions(a.engine).map((e) => e.action)).toContain('security.totpSecretResealed');
    await until([a, b], () => allSynced(a, b)() && totpSecretAt(b, 'max') === totpSecretAt(a, 'max'));
    clock.advance(30_000);
    expect(await call(b.engine, 'auth.signIn', signIn(NEW_PASSWORD, currentTotp(secret, clock.now())))).toMatchObject({ user: { username: 'max' } });
    expect(await call(a.engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).toMatchObject({ user: { username: 'alice' } });
  });
});
