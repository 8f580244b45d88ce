import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { credentialsGranted, decideDocAccess } from './access';

const writer = { deviceId: 'd1', tenantId: 'acme', locationId: 'lyon', canWrite: true, canWriteDirectory: false };
const reader = { ...writer, canWrite: false };
const founder = { ...writer, canWriteDirectory: true };

function directoryWith(users: Record<string, { role: string; locationIds: string[] }>): Y.Doc {
  const doc = new Y.Doc();
  for (const [id, u] of Object.entries(users)) {
    const record = { username: id, displayName: id, active: true, temperatureUnit: 'C', createdAtMs: 1, ...u };
    doc.getMap('users').set(id, new Y.Map(Object.entries(record)));
  }
  return doc;
}

describe('what a device token may do with a document', () => {
  it('lets a device read and write its own location', () => {
    expect(decideDocAccess(writer, 'acme/lyon/ops')).toMatchObject({ allowed: true, canWrite: true });
    expect(decideDocAccess(writer, 'acme/lyon/log/2026-11')).toMatchObject({ allowed: true, canWrite: true });
  });

  it('lets a read-only enrollment read its location without writing it', () => {
    expect(decideDocAccess(reader, 'acme/lyon/ops')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(reader, 'acme/lyon/log/2026-11')).toMatchObject({ allowed: true, canWrite: false });
  });

  it('refuses another location, another organization and malformed names', () => {
    expect(decideDocAccess(writer, 'acme/paris/ops')).toEqual({ allowed: false, status: 403, reason: 'This device is not enrolled at that location.' });
    expect(decideDocAccess(writer, 'rival/lyon/ops')).toEqual({ allowed: false, status: 403, reason: 'This document belongs to another organization.' });
    expect(decideDocAccess(writer, 'rival/directory')).toMatchObject({ allowed: false, status: 403 });
    for (const name of ['acme', 'acme/lyon', 'acme/lyon/log/2026-1', 'acme/../ops', 'acme/lyon/ops/extra', '']) {
      expect(decideDocAccess(writer, name)).toMatchObject({ allowed: false, status: 400 });
    }
  });
});

describe('who writes the directory, and whose credentials a location receives', () => {
  it('the main PC writes the whole directory, another PC only within its location, a read-only enrollment not at all', () => {
    expect(decideDocAccess(founder, 'acme/directory')).toEqual({ allowed: true, doc: { kind: 'directory', tenantId: 'acme' }, canWrite: true });
    expect(decideDocAccess(writer, 'acme/directory')).toEqual({ allowed: true, doc: { kind: 'directory', tenantId: 'acme' }, canWrite: true, directoryScope: 'lyon' });
    expect(decideDocAccess({ ...founder, canWrite: false }, 'acme/directory')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(reader, 'acme/directory')).toMatchObject({ allowed: true, canWrite: false });
  });

  it("a credentials document is named for the organization's devices only", () => {
    expect(decideDocAccess(writer, 'acme/credentials/u1')).toMatchObject({ allowed: true, canWrite: true });
    expect(decideDocAccess(reader, 'acme/credentials/u1')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(writer, 'rival/credentials/u1')).toMatchObject({ allowed: false, status: 403 });
    expect(decideDocAccess(writer, 'acme/credentials')).toMatchObject({ allowed: false, status: 400 });
    expect(decideDocAccess(writer, 'acme/credentials/u1/extra')).toMatchObject({ allowed: false, status: 400 });
  });

  it('a location receives the secrets of users granted it, and of organization admins; nobody else', () => {
    const directory = directoryWith({
      lena: { role: 'LOCATION_MANAGER', locationIds: ['lyon'] },
      paul: { role: 'STAFF', locationIds: ['paris'] },
      both: { role: 'STAFF', locationIds: ['paris', 'lyon'] },
      boss: { role: 'TENANT_ADMIN', locationIds: [] },
    });
    expect(credentialsGranted(directory, 'lena', 'lyon')).toBe(true);
    expect(credentialsGranted(directory, 'both', 'lyon')).toBe(true);
    expect(credentialsGranted(directory, 'boss', 'lyon')).toBe(true);
    expect(credentialsGranted(directory, 'paul', 'lyon')).toBe(false);
    expect(credentialsGranted(directory, 'lena', 'paris')).toBe(false);
    expect(credentialsGranted(directory, 'nobody', 'lyon')).toBe(false);
  });
});
