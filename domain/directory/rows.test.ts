import { describe, expect, it } from 'vitest';
import type { LocationRecord, UserRecord } from './records';
import { credentialFieldRow, locationRows, organizationMetaRows, organizationSettingRows, userRows } from './rows';

const location: LocationRecord = { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F', createdAtMs: 1_700_000_000_000 };

const user: UserRecord = {
  username: 'lena',
  displayName: 'Lena Manager',
  role: 'LOCATION_MANAGER',
  locationIds: ['loc-a', 'loc-b', 'loc-a'],
  active: true,
  temperatureUnit: 'C',
  clock: '24h',
  dateStyle: 'iso',
  createdAtMs: 1_700_000_000_001,
};

describe('rows of the directory document', () => {
  it('a location record is its row', () => {
    expect(locationRows('loc-a', location)).toEqual({
      location: { id: 'loc-a', name: 'Downtown', address: '1 Main St', time_zone: 'America/New_York', temperature_unit: 'F', created_at_ms: 1_700_000_000_000 },
    });
  });

  it('a user record is its row and its granted locations, each once', () => {
    expect(userRows('u-1', user)).toEqual({
      user: {
        id: 'u-1',
        username: 'lena',
        display_name: 'Lena Manager',
        role: 'LOCATION_MANAGER',
        active: 1,
        temperature_unit: 'C',
        clock: '24h',
        date_style: 'iso',
        created_at_ms: 1_700_000_000_001,
      },
      userLocations: [
        { user_id: 'u-1', location_id: 'loc-a' },
        { user_id: 'u-1', location_id: 'loc-b' },
      ],
    });
  });

  it('a user record written by an older version with its secrets in it projects no secret', () => {
    const rows = userRows('u-1', { ...user, passwordHash: 'scrypt$abc', pinHash: 'scrypt$pin', totpSecret: 'JBSWY3DPEHPK3PXP', totpBackupCodeHashes: ['h1'] });
    expect(JSON.stringify(rows)).not.toMatch(/scrypt|JBSWY3DPEHPK3PXP|h1/);
  });

  it('each credentials field is one column of the user\'s credentials row; a removed one reads as none', () => {
    expect(credentialFieldRow('u-1', 'passwordHash', 'scrypt$abc')).toEqual({ userId: 'u-1', column: 'password_hash', value: 'scrypt$abc' });
    expect(credentialFieldRow('u-1', 'pinHash', null)).toEqual({ userId: 'u-1', column: 'pin_hash', value: null });
    expect(credentialFieldRow('u-1', 'totpBackupCodeHashes', ['h1', 'h2'])).toEqual({ userId: 'u-1', column: 'totp_backup_code_hashes', value: '["h1","h2"]' });
    expect(credentialFieldRow('u-1', 'totpBackupCodeHashes', undefined)).toEqual({ userId: 'u-1', column: 'totp_backup_code_hashes', value: '[]' });
    expect(credentialFieldRow('u-1', 'totpSecret', undefined)).toEqual({ userId: 'u-1', column: 'totp_secret', value: null });
  });

  it.each([
    ['a field that is not a secret', 'role', 'ADMIN', 'not a credentials field'],
    ['a password hash that is not text', 'passwordHash', 42, 'expected string'],
    ['a password hash past 512 characters', 'passwordHash', 'x'.repeat(513), '512'],
  ])('a credentials field with %s is skipped, saying why', (_what, key, value, why) => {
    expect(credentialFieldRow('u-1', key, value)).toEqual({ skipped: expect.stringContaining(why) });
  });

  it('a deactivated user with no locations is active 0 and no location rows', () => {
    const rows = userRows('u-2', { ...user, active: false, locationIds: [] });
    expect(rows).toMatchObject({ user: { id: 'u-2', active: 0 }, userLocations: [] });
  });

  it.each([
    ['a missing field', { ...location, timeZone: undefined }, 'timeZone'],
    ['a unit that is neither C nor F', { ...location, temperatureUnit: 'K' }, 'temperatureUnit'],
    ['a name past 120 characters', { ...location, name: 'x'.repeat(121) }, 'name'],
    ['no record at all', undefined, 'expected object'],
  ])('a location record with %s is skipped, saying why', (_what, value, field) => {
    expect(locationRows('loc-a', value)).toEqual({ skipped: expect.stringContaining(field) });
  });

  it.each([
    ['a role that does not exist', { ...user, role: 'OWNER' }, 'role'],
    ['a fractional creation time', { ...user, createdAtMs: 1.5 }, 'createdAtMs'],
    ['locations that are not a list', { ...user, locationIds: 'loc-a' }, 'locationIds'],
    ['an active flag that is not a boolean', { ...user, active: 1 }, 'active'],
  ])('a user record with %s is skipped, saying why', (_what, value, field) => {
    expect(userRows('u-1', value)).toEqual({ skipped: expect.stringContaining(field) });
  });

  it('an organization setting is kept as JSON, and a removed one is removed', () => {
    expect(organizationSettingRows('idleLockMinutes', 15)).toEqual({ setting: { key: 'idleLockMinutes', value: '15' } });
    expect(organizationSettingRows('requireTotpForAdmins', true)).toEqual({ setting: { key: 'requireTotpForAdmins', value: 'true' } });
    expect(organizationSettingRows('idleLockMinutes', undefined)).toEqual({ removed: { key: 'idleLockMinutes' } });
  });

  it('the organization’s name and id go to meta as organization.<key>; anything but text is skipped', () => {
    expect(organizationMetaRows('name', 'Bistro Group')).toEqual({ meta: { key: 'organization.name', value: 'Bistro Group' } });
    expect(organizationMetaRows('name', 42)).toEqual({ skipped: expect.stringContaining('organization.name') });
  });
});
