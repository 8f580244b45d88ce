import { describe, expect, it } from 'vitest';
import { decideDocAccess } from './access';

const writer = { deviceId: 'd1', tenantId: 'acme', locationId: 'lyon', canWrite: true };
const reader = { ...writer, canWrite: false };

describe('what a device token may do with a document', () => {
  it('lets a device read and write its own location, and only read the directory', () => {
    expect(decideDocAccess(writer, 'acme/lyon/ops')).toMatchObject({ allowed: true, canWrite: true });
    expect(decideDocAccess(writer, 'acme/lyon/log/2026-11')).toMatchObject({ allowed: true, canWrite: true });
    expect(decideDocAccess(writer, 'acme/directory')).toMatchObject({ allowed: true, canWrite: false });
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
