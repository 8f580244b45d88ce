import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LocationSummary, SessionInfo, UserSummary } from '../../domain/contract';
import { currentTotp } from './auth/totp';
import type { Engine } from './engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, freshSetUpEngine, testClock } from './testing/test-engine';

/**
 * Location scope (issue 7, finding 7): what a manager of one restaurant, or someone granted only
 * another restaurant, could do to people, devices and rules that are not theirs. Every attack is
 * refused with a sentence, changes nothing, and leaves a HIGH audit entry naming the caller.
 */

afterEach(closeTestEngines);

/** The error a call is refused with, or 'succeeded'. */
async function refusal(engine: Engine, method: string, input: unknown, token: string | null) {
  const result = await engine.dispatch({ method, input, token });
  return result.ok ? 'succeeded' : result.error;
}

function lastAudit(engine: Engine) {
  return auditActions(engine).at(-1);
}

describe('a location manager of Downtown, against someone who works at Downtown and Uptown', () => {
  let engine: Engine;
  let manager: SessionInfo;
  let both: UserSummary;
  let downtownOnly: UserSummary;
  let uptown: LocationSummary;
  let downtownId: string;

  beforeEach(async () => {
    let admin: SessionInfo;
    ({ engine, admin } = await freshSetUpEngine());
    downtownId = engine.context.identity()!.homeLocationId;
    uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
    manager = (await addUser(engine, admin.token, { username: 'lou', role: 'LOCATION_MANAGER', locationIds: [downtownId] })).session;
    both = (await addUser(engine, admin.token, { username: 'bo', role: 'STAFF', locationIds: [downtownId, uptown.id] })).user;
    downtownOnly = (await addUser(engine, admin.token, { username: 'dee', role: 'STAFF', locationIds: [downtownId] })).user;
  });

  const ALSO_ELSEWHERE = { code: 'FORBIDDEN', message: 'This user also works at locations you do not manage; only an organization administrator can change their account.' };

  it.each([
    ['users.resetPassword', () => ({ userId: both.id, newPassword: 'taken over by lou' })],
    ['users.setActive', () => ({ userId: both.id, active: false })],
    ['users.update', () => ({ userId: both.id, locationIds: [downtownId] })],
    ['users.update', () => ({ userId: both.id, displayName: 'Renamed by Lou' })],
    ['users.resetTotp', () => ({ userId: both.id })],
  ])('%s on them is refused, changes nothing and is audited as HIGH', async (method, input) => {
    const before = dataSnapshot(engine);
    expect(await refusal(engine, method, input(), manager.token)).toEqual(ALSO_ELSEWHERE);
    expect(dataSnapshot(engine)).toBe(before);
    expect(lastAudit(engine)).toEqual({
      action: 'security.permissionDenied',
      risk: 'HIGH',
      summary: `Refused ${method}: "bo" also works at locations the caller is not granted`,
      actor_id: manager.user.id,
    });
  });

  it('cannot take over their account to see Uptown: the password lou chose does not sign in, theirs still does', async () => {
    await refusal(engine, 'users.resetPassword', { userId: both.id, newPassword: 'taken over by lou' }, manager.token);
    expect(await refusal(engine, 'auth.signIn', { username: 'bo', password: 'taken over by lou' }, null)).toMatchObject({ code: 'BAD_CREDENTIALS' });
    const own = await call(engine, 'auth.signIn', { username: 'bo', password: TEST_PASSWORD });
    expect(own.user.locationIds.sort()).toEqual([downtownId, uptown.id].sort());
  });

  it('cannot grant Uptown to someone of Downtown', async () => {
    const before = dataSnapshot(engine);
    expect(await refusal(engine, 'users.update', { userId: downtownOnly.id, locationIds: [downtownId, uptown.id] }, manager.token)).toEqual({
      code: 'FORBIDDEN',
      message: 'You can only grant locations you manage yourself.',
    });
    expect(dataSnapshot(engine)).toBe(before);
    expect(lastAudit(engine)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', summary: 'Refused users.update: the caller may only grant locations they are granted' });
  });

  it('still runs someone who works at Downtown only', async () => {
    await call(engine, 'users.resetPassword', { userId: downtownOnly.id, newPassword: 'fresh start at nine' }, manager.token);
    expect((await call(engine, 'auth.signIn', { username: 'dee', password: 'fresh start at nine' })).user.username).toBe('dee');
    expect((await call(engine, 'users.setActive', { userId: downtownOnly.id, active: false }, manager.token)).active).toBe(false);
  });
});

describe('the organization’s sign-in rules', () => {
  let engine: Engine;
  let clock: ReturnType<typeof testClock>;
  let admin: SessionInfo;
  let manager: SessionInfo;

  async function enrol(token: string, password: string) {
    const enrollment = await call(engine, 'account.beginTotp', { currentPassword: password }, token);
    await call(engine, 'account.confirmTotp', { code: currentTotp(enrollment.secretBase32, clock.now()) }, token);
  }

  beforeEach(async () => {
    ({ engine, clock, admin } = await freshSetUpEngine());
    manager = (await addUser(engine, admin.token, { username: 'lou', role: 'LOCATION_MANAGER' })).session;
    // Both have two-factor, so the rule turned on below keeps both at work.
    await enrol(admin.token, TEST_ADMIN.password);
    clock.advance(60_000);
    await enrol(manager.token, TEST_PASSWORD);
    await call(engine, 'settings.update', { requireTotpForAdmins: true, idleLockMinutes: 10 }, admin.token);
  });

  const ADMINS_ONLY = {
    code: 'FORBIDDEN',
    message: 'Only an organization administrator can change the sign-in rules that hold for every location (idle lock, required two-factor).',
  };

  it.each([
    [{ requireTotpForAdmins: false }, 'requireTotpForAdmins'],
    [{ idleLockMinutes: 240 }, 'idleLockMinutes'],
    [{ idleLockMinutes: 240, requireTotpForAdmins: false, backupKeep: 3 }, 'idleLockMinutes, requireTotpForAdmins'],
  ])('a location manager cannot change them (%j): refused, nothing changes, audited as HIGH', async (input, named) => {
    const before = dataSnapshot(engine);
    expect(await refusal(engine, 'settings.update', input, manager.token)).toEqual(ADMINS_ONLY);
    expect(dataSnapshot(engine)).toBe(before);
    expect(lastAudit(engine)).toEqual({
      action: 'security.permissionDenied',
      risk: 'HIGH',
      summary: `Refused settings.update: the LOCATION_MANAGER role may not change organization-wide settings (${named})`,
      actor_id: manager.user.id,
    });
    const settings = await call(engine, 'settings.get', {}, admin.token);
    expect([settings.requireTotpForAdmins, settings.idleLockMinutes]).toEqual([true, 10]);
  });

  it('a location manager still changes this PC’s own settings, even from a form that sends the rules unchanged', async () => {
    const saved = await call(engine, 'settings.update', { backupKeep: 3, idleLockMinutes: 10, requireTotpForAdmins: true }, manager.token);
    expect(saved).toMatchObject({ backupKeep: 3, idleLockMinutes: 10, requireTotpForAdmins: true });
  });

  it('the organization administrator changes them', async () => {
    expect(await call(engine, 'settings.update', { idleLockMinutes: 240, requireTotpForAdmins: false }, admin.token)).toMatchObject({ idleLockMinutes: 240, requireTotpForAdmins: false });
  });
});
