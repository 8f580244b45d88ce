import { describe, expect, it } from 'vitest';
import { MAIN_PC_ONLY, OTHER_LOCATIONS_USER, refusalOfScopedDirectoryChange, worksHereAlone, type DirectoryJson } from './directory-scope';

const cook = { username: 'paul', displayName: 'Paul', role: 'STAFF', locationIds: ['paris'], active: true, temperatureUnit: 'C', createdAtMs: 1 };
const boss = { ...cook, username: 'boss', role: 'TENANT_ADMIN', locationIds: [] };
const both = { ...cook, username: 'both', locationIds: ['paris', 'lyon'] };
const directory: DirectoryJson = {
  organization: { id: 'acme', name: 'Acme' },
  settings: { idleLockMinutes: 10, requireTotpForAdmins: true },
  locations: { paris: { name: 'Paris' } },
  users: { paul: cook, boss, both },
  inventoryItems: {},
};

function after(change: (d: DirectoryJson) => void): DirectoryJson {
  const copy = structuredClone(directory);
  change(copy);
  return copy;
}

describe("what Paris's PC (not the organization's main one) may change in the directory", () => {
  it('catalog items, and users who work at Paris alone in a location role', () => {
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.inventoryItems!.flour = { name: 'Flour' })), 'paris')).toBeNull();
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.pia = { ...cook, username: 'pia', role: 'LOCATION_MANAGER' })), 'paris')).toBeNull();
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.paul = { ...cook, displayName: 'Paul B.', active: false })), 'paris')).toBeNull();
  });

  it("anyone's display preferences, an organization admin's too, but nothing else of theirs", () => {
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.boss = { ...boss, temperatureUnit: 'F', clock: '12h' })), 'paris')).toBeNull();
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.boss = { ...boss, temperatureUnit: 'F', displayName: 'Mallory' })), 'paris')).toBe(OTHER_LOCATIONS_USER);
  });

  it('sign-in secrets leaving a record, and fields listed in another order, are no change', () => {
    const withSecret = after((d) => (d.users!.paul = { ...cook, passwordHash: 'x' }));
    expect(refusalOfScopedDirectoryChange(withSecret, directory, 'paris')).toBeNull();
    const reordered = after((d) => (d.users!.both = Object.fromEntries(Object.entries(both).reverse())));
    expect(refusalOfScopedDirectoryChange(directory, reordered, 'paris')).toBeNull();
  });

  it('never a role that spans the organization, another location, or a user who also works elsewhere', () => {
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.paul = { ...cook, role: 'TENANT_ADMIN' })), 'paris')).toBe(OTHER_LOCATIONS_USER);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.aud = { ...cook, role: 'AUDITOR', locationIds: [] })), 'paris')).toBe(OTHER_LOCATIONS_USER);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.paul = { ...cook, locationIds: ['paris', 'lyon'] })), 'paris')).toBe(OTHER_LOCATIONS_USER);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.both = { ...both, locationIds: ['paris'] })), 'paris')).toBe(OTHER_LOCATIONS_USER);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => delete d.users!.both), 'paris')).toBe(OTHER_LOCATIONS_USER);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.users!.x = { ...cook, role: 'OWNER' })), 'paris')).toBe(OTHER_LOCATIONS_USER);
  });

  it('never the organization, its locations or its settings', () => {
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.settings!.requireTotpForAdmins = false)), 'paris')).toBe(MAIN_PC_ONLY);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.settings = { ...d.settings, retentionMonths: 12 })), 'paris')).toBe(MAIN_PC_ONLY);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.locations!.paris = { name: 'Paris 2' })), 'paris')).toBe(MAIN_PC_ONLY);
    expect(refusalOfScopedDirectoryChange(directory, after((d) => (d.organization!.name = 'Mallory')), 'paris')).toBe(MAIN_PC_ONLY);
  });

  it('a user record works at Paris alone: a location role, Paris and nothing else', () => {
    expect(worksHereAlone(cook, 'paris')).toBe(true);
    expect(worksHereAlone(cook, 'lyon')).toBe(false);
    expect(worksHereAlone({ ...cook, role: 'COMPLIANCE_OFFICER' }, 'paris')).toBe(true);
    expect(worksHereAlone(boss, 'paris')).toBe(false);
    expect(worksHereAlone({ ...cook, locationIds: 'paris' }, 'paris')).toBe(false);
    expect(worksHereAlone(null, 'paris')).toBe(false);
  });
});
