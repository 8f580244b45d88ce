import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../domain/contract';
import type { Engine } from './engine';
import { TEST_PASSWORD, call, dataSnapshot, openTestEngine, rowCount, setUpOrganization, tempDataDir } from './testing/test-engine';

let engine: Engine;
let admin: SessionInfo;
let cleanup: () => void;
beforeAll(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: temp.dir });
  admin = await setUpOrganization(engine);
});
afterAll(() => {
  engine.close();
  cleanup();
});

/** Every forged call below must change nothing: no row anywhere, no audit entry, no Yjs update. */
let before: { data: string; audit: number; updates: number };
beforeEach(() => {
  before = { data: dataSnapshot(engine), audit: rowCount(engine, 'audit_entries'), updates: rowCount(engine, 'y_updates') };
});
afterEach(() => {
  expect(dataSnapshot(engine)).toBe(before.data);
  expect(rowCount(engine, 'audit_entries')).toBe(before.audit);
  expect(rowCount(engine, 'y_updates')).toBe(before.updates);
});

async function codeOf(method: unknown, input: unknown, token: unknown = admin.token) {
  const result = await engine.dispatch({ method: method as string, input, token: token as string });
  expect(result.ok).toBe(false);
  return result.ok ? null : result.error;
}

/** Filled in when the test runs (the tables below are built before the engine exists). */
const HOME = '<home location>';
const goodUser = () => ({ username: 'newbie', displayName: 'New Person', role: 'STAFF', locationIds: [HOME], password: TEST_PASSWORD });
const withHome = (input: unknown): unknown => JSON.parse(JSON.stringify(input).replaceAll(HOME, admin.user.locationIds[0]!));

describe('forged contract calls', () => {
  it.each([['users.delete'], ['users.list '], ['toString'], ['__proto__'], ['constructor'], [''], [42], [null]])(
    'an unknown method (%j) gets UNKNOWN_METHOD',
    async (method) => {
      expect((await codeOf(method, {}))?.code).toBe('UNKNOWN_METHOD');
    },
  );

  it.each([
    ['a number for a string', { ...goodUser(), displayName: 12 }],
    ['a string for a list', { ...goodUser(), locationIds: 'all of them' }],
    ['a role that does not exist', { ...goodUser(), role: 'GOD' }],
    ['the hub-only role', { ...goodUser(), role: 'SUPER_ADMIN' }],
    ['an extra key', { ...goodUser(), isAdmin: true }],
    ['a prototype-polluting key', JSON.parse(`{"__proto__": {"role": "TENANT_ADMIN"}, ${JSON.stringify(goodUser()).slice(1)}`)],
    ['a 10,000-character display name', { ...goodUser(), displayName: 'x'.repeat(10_000) }],
    ['a 10,000-character password', { ...goodUser(), password: 'correct horse '.repeat(720) }],
    ['an oversize username', { ...goodUser(), username: 'u'.repeat(65) }],
    ['a username with spaces', { ...goodUser(), username: 'new bie' }],
    ['501 locations', { ...goodUser(), locationIds: Array.from({ length: 501 }, (_, i) => `loc-${i}`) }],
    ['a missing field', { username: 'newbie', displayName: 'New Person', role: 'STAFF', locationIds: [] }],
    ['null instead of an object', null],
    ['a list instead of an object', [goodUser()]],
    ['a string instead of an object', 'users.create'],
  ])('users.create with %s gets BAD_INPUT and creates no one', async (_what, input) => {
    const error = await codeOf('users.create', withHome(input));
    expect(error?.code).toBe('BAD_INPUT');
    // One sentence: a limit's own ("The display name is at most 120 characters."), or the path and
    // zod's message for a call no form would make.
    expect(error?.message).toMatch(/^[A-Z][^\n]*\.$/);
  });

  it.each([
    ['settings.update', { idleLockMinutes: 0 }, 'The idle lock is 1 to 240 minutes.'],
    ['settings.update', { idleLockMinutes: 99_999 }, 'The idle lock is 1 to 240 minutes.'],
    ['settings.update', { idleLockMinutes: 10.5 }, 'The idle lock is 1 to 240 minutes.'],
    ['settings.update', { backupKeep: 0 }, 'The number of backups to keep is 1 to 365.'],
    ['users.create', { ...goodUser(), displayName: 'x'.repeat(121) }, 'The display name is at most 120 characters.'],
    ['users.create', { ...goodUser(), displayName: '   ' }, 'The display name cannot be empty.'],
    ['users.create', { ...goodUser(), username: 'u'.repeat(65) }, 'A username is 2 to 64 characters.'],
    ['locations.create', { name: 'x'.repeat(121), address: '', timeZone: 'UTC', temperatureUnit: 'C' }, "The location's name is at most 120 characters."],
    ['locations.create', { name: 'Uptown', address: 'x'.repeat(301), timeZone: 'UTC', temperatureUnit: 'C' }, 'The address is at most 300 characters.'],
    ['sensors.update', { sensorId: 'any', intervalS: 1 }, 'A sensor is polled every 5 to 86,400 seconds (one day).'],
    ['sensors.update', { sensorId: 'any', name: 'x'.repeat(121) }, "The sensor's name is at most 120 characters."],
    ['sensors.update', { sensorId: 'any', unitLabel: 'x'.repeat(121) }, 'What the sensor watches is at most 120 characters.'],
  ])('%s with %j is refused with the sentence “%s”, nothing clamped', async (method, input, sentence) => {
    expect(await codeOf(method, withHome(input))).toEqual({ code: 'BAD_INPUT', message: sentence });
  });

  it.each([
    ['settings.update', { idleLockMinutes: 0 }],
    ['settings.update', { idleLockMinutes: 10.5 }],
    ['settings.update', { backupKeep: '7' }],
    ['audit.list', { limit: 100_000 }],
    ['audit.list', { filter: { categories: ['users.'] } }],
    ['audit.list', { filter: { action: 'users.' } }],
    ['audit.list', { after: 'not-a-cursor' }],
    ['locations.create', { name: '', address: '', timeZone: 'UTC', temperatureUnit: 'C' }],
    ['locations.create', { name: 'Uptown', address: '', timeZone: 'Mars/Olympus_Mons', temperatureUnit: 'C' }],
    ['locations.create', { name: 'Uptown', address: '', timeZone: 'UTC', temperatureUnit: 'K' }],
    ['backup.inspect', { path: 'x'.repeat(5000) }],
    ['backup.restore', { path: '/tmp/whatever.db', confirm: false }],
    ['auth.signIn', { username: 'alice', password: 'p'.repeat(257) }],
    ['account.setPin', { currentPassword: 'whatever', pin: '12345678' }],
  ])('%s with %j gets BAD_INPUT', async (method, input) => {
    expect((await codeOf(method, input))?.code).toBe('BAD_INPUT');
  });

  it('a well-formed request succeeds, so the refusals above are about the input', async () => {
    // Runs last in this file; its changes are expected, so the after-check is re-based.
    const created = await call(engine, 'users.create', withHome(goodUser()) as never, admin.token);
    expect(created.username).toBe('newbie');
    before = { data: dataSnapshot(engine), audit: rowCount(engine, 'audit_entries'), updates: rowCount(engine, 'y_updates') };
  });
});

describe('calls without a valid session', () => {
  it('no token gets NOT_SIGNED_IN', async () => {
    expect((await codeOf('users.list', {}, null))?.code).toBe('NOT_SIGNED_IN');
    const withoutToken = await engine.dispatch({ method: 'users.create', input: withHome(goodUser()) } as never);
    expect(withoutToken).toMatchObject({ ok: false, error: { code: 'NOT_SIGNED_IN' } });
  });

  it.each([
    ['a made-up token', 'dGhpcyBpcyBub3QgYSByZWFsIHRva2VuIGF0IGFsbCEhIQ'],
    ['the admin token with one character changed', () => admin.token.slice(0, -1) + (admin.token.endsWith('A') ? 'B' : 'A')],
    ['an empty token', ''],
    ['a 10,000-character token', 'x'.repeat(10_000)],
    ['a token of the wrong type', { token: true }],
    ['the user id instead of the token', () => admin.user.id],
  ])('%s gets NOT_SIGNED_IN', async (_what, token) => {
    const t = typeof token === 'function' ? token() : token;
    expect((await codeOf('users.list', {}, t))?.code).toBe('NOT_SIGNED_IN');
    expect((await codeOf('settings.update', { idleLockMinutes: 240 }, t))?.code).toBe('NOT_SIGNED_IN');
  });
});
