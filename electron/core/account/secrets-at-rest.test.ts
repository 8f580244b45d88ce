import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Secret } from 'otpauth';
import { currentTotp, sealTotpSecret } from '../auth/totp';
import { DB_FILE_NAME, type Engine } from '../engine';
import type { SecretKeyProvider } from '../secrets/secret-box';
import { auditActions, call, failure, openTestEngine, rowCount, setUpOrganization, tempDataDir, TEST_ADMIN, testClock } from '../testing/test-engine';

const opened: Engine[] = [];
const temps: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const e of opened.splice(0)) e.close();
  for (const t of temps.splice(0)) t.cleanup();
});

const clock = testClock();
const folder = () => {
  const t = tempDataDir();
  temps.push(t);
  return t.dir;
};
async function open(dataDir: string, secretKey?: SecretKeyProvider): Promise<Engine> {
  const engine = await openTestEngine({ dataDir, now: clock.now, ...(secretKey ? { secretKey } : {}) });
  opened.push(engine);
  return engine;
}
function closeEngine(engine: Engine): void {
  opened.splice(opened.indexOf(engine), 1);
  engine.close();
}

async function enrol(engine: Engine, token: string) {
  const enrollment = await call(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password }, token);
  const { backupCodes } = await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, token);
  return { secret: enrollment.secretBase32, backupCodes };
}

const signIn = (totpCode: string) => ({ username: 'alice', password: TEST_ADMIN.password, totpCode });
const storedUser = (engine: Engine, username = 'alice') =>
  engine.context.sqlite
    .prepare('SELECT id, totp_secret, totp_backup_code_hashes FROM users JOIN user_credentials ON user_credentials.user_id = users.id WHERE username = ?')
    .get(username) as {
    id: string;
    totp_secret: string | null;
    totp_backup_code_hashes: string;
  };
/** Everything SQLite holds on disk for this data folder: the database and its write-ahead log. */
const databaseBytes = (dir: string) =>
  Buffer.concat(['', '-wal'].map((suffix) => join(dir, DB_FILE_NAME + suffix)).filter(existsSync).map((f) => readFileSync(f)));

describe('two-factor secrets at rest', () => {
  it('the TOTP secret is nowhere on disk in the clear: not in the users table, not in the stored document updates', async () => {
    const dir = folder();
    const engine = await open(dir);
    const admin = await setUpOrganization(engine);
    const { secret } = await enrol(engine, admin.token);
    expect(storedUser(engine).totp_secret).toMatch(/^p1\$/);
    expect(databaseBytes(dir).includes(Buffer.from(secret))).toBe(false);
    expect(databaseBytes(dir).includes(Buffer.from(Secret.fromBase32(secret).bytes))).toBe(false);
    clock.advance(30_000);
    expect((await call(engine, 'auth.signIn', signIn(currentTotp(secret, clock.now())))).user.totpEnabled).toBe(true);
  });

  it('a secret sealed for one user does not work when copied onto another user’s record', async () => {
    const engine = await open(folder());
    const admin = await setUpOrganization(engine);
    const { secret } = await enrol(engine, admin.token);
    await call(engine, 'users.create', { username: 'mia', displayName: 'Mia', role: 'STAFF', locationIds: admin.user.locationIds, password: 'plum tree orchard 42' }, admin.token);
    const mia = storedUser(engine, 'mia');
    engine.context.directory.updateUser(mia.id, { totpSecret: storedUser(engine).totp_secret });
    clock.advance(30_000);
    const result = await engine.dispatch({ method: 'auth.signIn', input: { username: 'mia', password: 'plum tree orchard 42', totpCode: currentTotp(secret, clock.now()) }, token: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'TOTP_INVALID', message: expect.stringContaining('cannot read') } });
  });

  it('a secret kept in plain text from before is sealed with this PC’s key at the next start, then with the password at the first sign-in', async () => {
    const dir = folder();
    let engine = await open(dir);
    await setUpOrganization(engine);
    const plain = 'JBSWY3DPEHPK3PXP';
    engine.context.directory.updateUser(storedUser(engine).id, { totpSecret: plain });

    closeEngine(engine);
    engine = await open(dir);
    expect(storedUser(engine).totp_secret).toMatch(/^v1:/);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.totpSecretsSealed', risk: 'LOW' });
    clock.advance(30_000);
    expect((await call(engine, 'auth.signIn', signIn(currentTotp(plain, clock.now())))).user.username).toBe('alice');
    // The password is known at sign-in: from now on every PC the user works at can open it.
    expect(storedUser(engine).totp_secret).toMatch(/^p1\$/);
    expect(auditActions(engine).map((e) => e.action)).toContain('security.totpSecretResealed');
    // Sealed once: another start finds nothing left to seal, and the code still works.
    const entries = rowCount(engine, 'audit_entries');
    closeEngine(engine);
    engine = await open(dir);
    expect(rowCount(engine, 'audit_entries')).toBe(entries);
    clock.advance(30_000);
    expect((await call(engine, 'auth.signIn', signIn(currentTotp(plain, clock.now())))).user.username).toBe('alice');
  });

  it('sealed with the password, the secret opens on a PC with another key (a backup restored on a new PC)', async () => {
    const dir = folder();
    let engine = await open(dir, { key: () => randomBytes(32) });
    const admin = await setUpOrganization(engine);
    const { secret } = await enrol(engine, admin.token);
    closeEngine(engine);

    engine = await open(dir, { key: () => randomBytes(32) });
    clock.advance(30_000);
    expect((await call(engine, 'auth.signIn', signIn(currentTotp(secret, clock.now())))).user.username).toBe('alice');
    expect(await failure(engine, 'auth.signIn', signIn('000000'))).toBe('TOTP_INVALID');
  });

  it('an older value sealed with another PC’s key: a code is refused with what to do, not counted as a guess; a backup code still works', async () => {
    const dir = folder();
    const keyA = randomBytes(32);
    let engine = await open(dir, { key: () => keyA });
    const admin = await setUpOrganization(engine);
    const { secret, backupCodes } = await enrol(engine, admin.token);
    // As an older version stored it: sealed with this PC's key only.
    const { id } = storedUser(engine);
    engine.context.directory.updateUser(id, { totpSecret: sealTotpSecret(engine.context.secrets, id, secret) });
    closeEngine(engine);

    engine = await open(dir, { key: () => randomBytes(32) });
    clock.advance(30_000);
    const result = await engine.dispatch({ method: 'auth.signIn', input: signIn(currentTotp(secret, clock.now())), token: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'TOTP_INVALID', message: expect.stringMatching(/cannot read.*backup codes/) } });
    expect(rowCount(engine, 'sign_in_attempts')).toBe(0);
    expect((await call(engine, 'auth.signIn', signIn(backupCodes[0]!))).user.username).toBe('alice');
  });
});

describe('backup codes at rest', () => {
  it('each code is stored as a slow hash with its own salt, never as a plain SHA-256', async () => {
    const engine = await open(folder());
    const admin = await setUpOrganization(engine);
    const { backupCodes } = await enrol(engine, admin.token);
    const hashes = JSON.parse(storedUser(engine).totp_backup_code_hashes) as string[];
    expect(hashes).toHaveLength(10);
    for (const h of hashes) expect(h).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(new Set(hashes.map((h) => h.split('$')[4])).size).toBe(10);
    const sha256 = (code: string) => createHash('sha256').update(code.replace('-', '')).digest('hex');
    for (const code of backupCodes) expect(hashes).not.toContain(sha256(code));
  });

  it('codes hashed the old way (unsalted SHA-256) still sign in, once', async () => {
    const engine = await open(folder());
    const admin = await setUpOrganization(engine);
    await enrol(engine, admin.token);
    const old = createHash('sha256').update('abcd2345').digest('hex');
    engine.context.directory.updateUser(storedUser(engine).id, { totpBackupCodeHashes: [old] });
    expect((await call(engine, 'auth.signIn', signIn('ABCD-2345'))).user.username).toBe('alice');
    expect(await failure(engine, 'auth.signIn', signIn('abcd-2345'))).toBe('TOTP_INVALID');
  });
});
