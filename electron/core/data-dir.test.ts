import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from './auth/totp';
import { DB_FILE_NAME, type Engine } from './engine';
import { SECRET_KEY_FILE } from './secrets/key-file';
import { call, openTestEngine, setUpOrganization, tempDataDir, TEST_ADMIN, testClock } from './testing/test-engine';

const modeOf = (path: string) => statSync(path).mode & 0o777;

const opened: Engine[] = [];
const temps: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const e of opened.splice(0)) e.close();
  for (const t of temps.splice(0)) t.cleanup();
});

async function openIn(dataDir: string) {
  const clock = testClock();
  const engine = await openTestEngine({ dataDir, now: clock.now });
  opened.push(engine);
  return { engine, clock };
}

// File modes mean nothing on Windows, where the profile folder's ACL keeps other users out.
describe.skipIf(process.platform === 'win32')('the data folder is private to this OS user', () => {
  // The usual umask, which on its own gives 0755 folders and 0644 files: the modes must not depend on it.
  let umask = 0;
  beforeAll(() => void (umask = process.umask(0o022)));
  afterAll(() => void process.umask(umask));

  it('a new data folder is 0700; the database, its WAL and shared-memory file, the key file and each backup are 0600', async () => {
    const temp = tempDataDir();
    temps.push(temp);
    const dir = join(temp.dir, 'nested', 'OpsFlow');
    const { engine, clock } = await openIn(dir);
    const admin = await setUpOrganization(engine);
    const enrollment = await call(engine, 'account.beginTotp', { currentPassword: TEST_ADMIN.password }, admin.token);
    await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, admin.token);
    const backup = await call(engine, 'backup.now', {}, admin.token);

    expect(modeOf(dir)).toBe(0o700);
    for (const name of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`, `${DB_FILE_NAME}-shm`, SECRET_KEY_FILE]) {
      expect(existsSync(join(dir, name)), name).toBe(true);
      expect(modeOf(join(dir, name)), name).toBe(0o600);
    }
    expect(modeOf(join(dir, 'backups'))).toBe(0o700);
    expect(modeOf(backup.path)).toBe(0o600);
  });

  it('an existing data folder and database made readable by others are tightened when the engine opens them', async () => {
    const temp = tempDataDir();
    temps.push(temp);
    const dir = join(temp.dir, 'OpsFlow');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    for (const name of [DB_FILE_NAME, `${DB_FILE_NAME}-wal`]) writeFileSync(join(dir, name), '', { mode: 0o644 });
    chmodSync(join(dir, DB_FILE_NAME), 0o644);
    await openIn(dir);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(join(dir, DB_FILE_NAME))).toBe(0o600);
    expect(modeOf(join(dir, `${DB_FILE_NAME}-wal`))).toBe(0o600);
  });
});
