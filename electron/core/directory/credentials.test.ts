import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CREDENTIALS_MAP, DIRECTORY_MAPS } from '../../../domain/directory/records';
import { credentialsDocName, directoryDocName } from '../../../domain/sync/doc-names';
import type { Engine } from '../engine';
import { addUser, auditActions, call, failure, openTestEngine, setUpOrganization, tempDataDir, TEST_ADMIN, TEST_PASSWORD } from '../testing/test-engine';

const opened: Engine[] = [];
const temps: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const e of opened.splice(0)) e.close();
  for (const t of temps.splice(0)) t.cleanup();
});

async function open(dataDir: string): Promise<Engine> {
  const engine = await openTestEngine({ dataDir });
  opened.push(engine);
  return engine;
}

function restart(engine: Engine, dataDir: string): Promise<Engine> {
  opened.splice(opened.indexOf(engine), 1);
  engine.close();
  return open(dataDir);
}

const SECRET_FIELD_NAMES = ['passwordHash', 'pinHash', 'totpSecret', 'totpBackupCodeHashes'];

/** The directory as every device of the organization receives it: its whole encoded state. */
function directoryState(engine: Engine): string {
  const { tenantId } = engine.context.identity()!;
  return Buffer.from(Y.encodeStateAsUpdate(engine.context.docs.get(directoryDocName(tenantId)))).toString('latin1');
}

/** What this PC has stored of the directory: every update row, as bytes. */
function storedDirectoryUpdates(engine: Engine): string {
  const { tenantId } = engine.context.identity()!;
  const rows = engine.context.sqlite.prepare('SELECT "update" FROM y_updates WHERE doc = ?').all(directoryDocName(tenantId)) as { update: Uint8Array }[];
  return Buffer.concat(rows.map((r) => Buffer.from(r.update))).toString('latin1');
}

function storedSecrets(engine: Engine, username: string): { password_hash: string; pin_hash: string | null } {
  return engine.context.sqlite
    .prepare('SELECT password_hash, pin_hash FROM user_credentials JOIN users ON users.id = user_id WHERE username = ?')
    .get(username) as { password_hash: string; pin_hash: string | null };
}

describe('sign-in secrets are kept out of the directory document', () => {
  it('the directory every device reads holds no password, PIN or two-factor material; the user’s own document does, and sign-in works', async () => {
    const t = tempDataDir();
    temps.push(t);
    const engine = await open(t.dir);
    const admin = await setUpOrganization(engine);
    const { user, session } = await addUser(engine, admin.token, { username: 'lena', role: 'LOCATION_MANAGER' });
    await call(engine, 'account.setPin', { currentPassword: TEST_PASSWORD, pin: '4821' }, session.token);
    const { password_hash, pin_hash } = storedSecrets(engine, 'lena');

    const directory = directoryState(engine);
    expect(directory).toContain('lena');
    for (const field of SECRET_FIELD_NAMES) expect(directory).not.toContain(field);
    expect(directory).not.toContain(password_hash);
    expect(directory).not.toContain(pin_hash!);

    const { tenantId } = engine.context.identity()!;
    const credentials = engine.context.docs.get(credentialsDocName(tenantId, user.id)).getMap(CREDENTIALS_MAP).toJSON();
    expect(credentials).toMatchObject({ passwordHash: password_hash, pinHash: pin_hash });

    expect(await call(engine, 'auth.signIn', { username: 'lena', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'lena', hasPin: true } });
    expect(await call(engine, 'auth.signInWithPin', { username: 'lena', pin: '4821' })).toMatchObject({ user: { username: 'lena' } });
    expect(await failure(engine, 'auth.signIn', { username: 'lena', password: 'not her password at all' })).toBe('BAD_CREDENTIALS');
  });

  it('a directory written by an older version, secrets inside, is cleaned at the next start: secrets moved, stored updates rewritten, sign-in unchanged', async () => {
    const t = tempDataDir();
    temps.push(t);
    let engine = await open(t.dir);
    const admin = await setUpOrganization(engine);
    const { user, session } = await addUser(engine, admin.token, { username: 'lena', role: 'STAFF' });
    await call(engine, 'account.setPin', { currentPassword: TEST_PASSWORD, pin: '4821' }, session.token);
    const { password_hash, pin_hash } = storedSecrets(engine, 'lena');
    // As an older version kept them: in the user's directory record, and no credentials document.
    const { tenantId } = engine.context.identity()!;
    const credentialsName = credentialsDocName(tenantId, user.id);
    engine.context.docs.transaction(() => {
      engine.context.docs.change(directoryDocName(tenantId), (doc) => {
        const record = doc.getMap(DIRECTORY_MAPS.users).get(user.id) as Y.Map<unknown>;
        record.set('passwordHash', password_hash);
        record.set('pinHash', pin_hash);
        record.set('totpSecret', null);
        record.set('totpBackupCodeHashes', []);
      });
      engine.context.sqlite.prepare('DELETE FROM y_updates WHERE doc = ?').run(credentialsName);
    });
    expect(storedDirectoryUpdates(engine)).toContain(password_hash);

    engine = await restart(engine, t.dir);

    expect(directoryState(engine)).not.toContain(password_hash);
    expect(storedDirectoryUpdates(engine)).not.toContain(password_hash);
    // Moved, not lost: the start-up rights check finds the rows as the documents say.
    expect(auditActions(engine).map((e) => e.action)).not.toContain('security.rightsRepaired');
    expect(storedDirectoryUpdates(engine)).not.toContain(pin_hash!);
    expect(engine.context.docs.get(credentialsName).getMap(CREDENTIALS_MAP).toJSON()).toMatchObject({ passwordHash: password_hash, pinHash: pin_hash });
    expect(await call(engine, 'auth.signIn', { username: 'lena', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'lena' } });
    expect(await call(engine, 'auth.signInWithPin', { username: 'lena', pin: '4821' })).toMatchObject({ user: { username: 'lena' } });
    expect(await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).toMatchObject({ user: { username: 'alice' } });
  });

  it('a user whose credentials document this PC does not hold cannot sign in here', async () => {
    const t = tempDataDir();
    temps.push(t);
    let engine = await open(t.dir);
    const admin = await setUpOrganization(engine);
    const { user } = await addUser(engine, admin.token, { username: 'lena', role: 'STAFF' });
    const { tenantId } = engine.context.identity()!;
    engine.context.sqlite.prepare('DELETE FROM y_updates WHERE doc = ?').run(credentialsDocName(tenantId, user.id));
    engine.context.sqlite.prepare('DELETE FROM user_credentials WHERE user_id = ?').run(user.id);
    engine = await restart(engine, t.dir);
    expect(await failure(engine, 'auth.signIn', { username: 'lena', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');
  });
});
