import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { DB_FILE_NAME } from '../engine';
import { addUser, call, closeTestEngines, dataSnapshot, freshSetUpEngine, openTestEngine, TEST_ADMIN } from '../testing/test-engine';

/** Fault injection: the next open of this path fails, as a full disk or a vanished drive would make it. */
const failNextOpen = vi.hoisted(() => ({ path: null as string | null }));
vi.mock('../db/open-database', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../db/open-database')>();
  return {
    ...actual,
    openDatabase: (file: string, options?: { readonly?: boolean }) => {
      if (file === failNextOpen.path) {
        failNextOpen.path = null;
        throw new Error('injected: the restored database could not be opened');
      }
      return actual.openDatabase(file, options);
    },
  };
});

afterEach(closeTestEngines);

it('a restore that fails after the swap puts the previous database back: same data, same sessions, nothing left behind', async () => {
  const { engine, admin, dir, clock } = await freshSetUpEngine();
  const backup = await call(engine, 'backup.now', {}, admin.token);
  await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
  const before = dataSnapshot(engine);
  const filesBefore = readdirSync(dir).sort();

  failNextOpen.path = join(dir, DB_FILE_NAME);
  const result = await engine.dispatch({ method: 'backup.restore', input: { path: backup.path, confirm: true }, token: admin.token });
  expect(failNextOpen.path).toBeNull(); // the failure did happen, after the swap
  expect(result).toEqual({
    ok: false,
    error: { code: 'INTERNAL', message: 'The restore could not be completed, so the data from before it was put back: nothing changed. Try again; if it keeps failing, choose another backup.' },
  });

  // The app keeps working on the previous data, and the admin is still signed in.
  expect(dataSnapshot(engine)).toBe(before);
  expect((await call(engine, 'users.list', {}, admin.token)).map((u) => u.username).sort()).toEqual(['alice', 'sam']);
  await call(engine, 'settings.update', { idleLockMinutes: 12 }, admin.token);
  expect(readdirSync(dir).sort()).toEqual(filesBefore);

  // And so it opens next time.
  engine.close();
  const reopened = await openTestEngine({ dataDir: dir, now: clock.now });
  try {
    const again = await call(reopened, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(reopened, 'users.list', {}, again.token)).map((u) => u.username).sort()).toEqual(['alice', 'sam']);
    expect((await call(reopened, 'audit.verify', {}, again.token)).ok).toBe(true);
  } finally {
    reopened.close();
  }
});
