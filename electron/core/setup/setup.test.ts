import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { TEST_ADMIN, auditActions, call, failure, openTestEngine, rowCount, setUpOrganization, tempDataDir } from '../testing/test-engine';

const location = { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F' as const };

let engine: Engine;
let cleanup: () => void;
beforeEach(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: temp.dir });
});
afterEach(() => {
  engine.close();
  cleanup();
});

describe('first-run setup', () => {
  it('creates the organization, its first location and the administrator, who is signed in', async () => {
    const session = await setUpOrganization(engine);
    expect(session.user).toMatchObject({ username: 'alice', displayName: 'Alice Admin', role: 'TENANT_ADMIN', temperatureUnit: 'F' });
    expect(session.permissions).toContain('users.manage');
    expect(await call(engine, 'setup.status', {})).toEqual({ isSetUp: true, organizationName: 'Bistro Group', deviceLocationName: 'Downtown' });

    const locations = await call(engine, 'locations.list', {}, session.token);
    expect(locations).toEqual([expect.objectContaining({ name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', isThisDevice: true })]);
    expect(session.user.locationIds).toEqual([locations[0]!.id]);
    expect(auditActions(engine).map((e) => e.action)).toEqual(['setup.create']);
    expect((await call(engine, 'settings.get', {}, session.token)).idleLockMinutes).toBe(10);
  });

  it('refuses a second setup with ALREADY_SET_UP and keeps the first organization', async () => {
    await setUpOrganization(engine);
    const code = await failure(engine, 'setup.create', {
      organizationName: 'Hostile Takeover',
      location,
      admin: { username: 'mallory', password: 'another good passphrase', displayName: 'Mallory' },
    });
    expect(code).toBe('ALREADY_SET_UP');
    expect(await call(engine, 'setup.status', {})).toMatchObject({ organizationName: 'Bistro Group' });
    expect(rowCount(engine, 'users')).toBe(1);
    expect(await failure(engine, 'auth.signIn', { username: 'mallory', password: 'another good passphrase' })).toBe('BAD_CREDENTIALS');
  });

  it('two setups sent at once make one organization: the second gets ALREADY_SET_UP', async () => {
    const other = { organizationName: 'Second Bistro', location, admin: { username: 'bob', password: 'another fine passphrase', displayName: 'Bob' } };
    const first = { organizationName: 'Bistro Group', location, admin: TEST_ADMIN };
    const results = await Promise.all([first, other].map((input) => engine.dispatch({ method: 'setup.create', input, token: null })));
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['ALREADY_SET_UP', 'ok']);
    expect(rowCount(engine, 'users')).toBe(1);
    expect(rowCount(engine, 'locations')).toBe(1);
  });

  it.each([
    ['shorter than 10 characters', 'Sh0rt!pw', /at least 10 characters/],
    ['one of the most common passwords', 'password123', /commonly used password/],
    ['containing the username', 'xx-alice-2026-yy', /must not contain the username/],
    ['of one repeated character', 'aaaaaaaaaaab', /too easy to guess/],
    ['of a season and a year', 'Summer2024!', /too easy to guess/],
    ['of a character sequence', 'abcdefgh90', /sequences like "abc"/],
  ])('refuses an administrator password %s with WEAK_PASSWORD, says why, and sets nothing up', async (_why, password, why) => {
    const result = await engine.dispatch({ method: 'setup.create', input: { organizationName: 'Bistro Group', location, admin: { ...TEST_ADMIN, password } }, token: null });
    expect(result).toMatchObject({ ok: false, error: { code: 'WEAK_PASSWORD', message: expect.stringMatching(why) } });
    expect((await call(engine, 'setup.status', {})).isSetUp).toBe(false);
    expect(rowCount(engine, 'users')).toBe(0);
    expect(rowCount(engine, 'y_updates')).toBe(0);
  });

  it('signs nobody in before setup: sign-in answers BAD_CREDENTIALS', async () => {
    expect(await failure(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).toBe('BAD_CREDENTIALS');
  });
});
