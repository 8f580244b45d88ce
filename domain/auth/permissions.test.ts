import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, can, canAssignRole } from './permissions';
import { ASSIGNABLE_ROLES, ROLES, isAdminOrManagerRole, seesAllLocations } from './roles';

/** Permissions that change something; an auditor must hold none of them. */
const WRITES = PERMISSIONS.filter((p) => /\.(manage|record|operate|complete|signoff|manageLimits)$/.test(p));

describe('the permission matrix', () => {
  it('an auditor is read-only everywhere: every view, no change', () => {
    expect(WRITES.length).toBeGreaterThan(5);
    for (const p of WRITES) expect(can('AUDITOR', p), p).toBe(false);
    for (const p of PERMISSIONS.filter((p) => p.endsWith('.view'))) expect(can('AUDITOR', p), p).toBe(true);
  });

  it('an organization admin holds every permission', () => {
    for (const p of PERMISSIONS) expect(can('TENANT_ADMIN', p), p).toBe(true);
  });

  it('staff cannot administer users, settings, backups or see the audit log', () => {
    for (const p of ['users.view', 'users.manage', 'settings.manage', 'backup.manage', 'audit.view'] as const) expect(can('STAFF', p), p).toBe(false);
  });

  it('the audit log is visible to admins, compliance officers and auditors only', () => {
    expect(ROLES.filter((r) => can(r, 'audit.view')).sort()).toEqual(['AUDITOR', 'COMPLIANCE_OFFICER', 'SUPER_ADMIN', 'TENANT_ADMIN']);
  });

  it('each step up the restaurant ladder keeps every right of the step below', () => {
    const ladder = ['STAFF', 'MANAGER', 'LOCATION_MANAGER', 'TENANT_ADMIN'] as const;
    for (let i = 1; i < ladder.length; i++) {
      for (const p of ROLE_PERMISSIONS[ladder[i - 1]!]) expect(can(ladder[i]!, p), `${ladder[i]} ${p}`).toBe(true);
    }
  });

  it('every role may look after its own account', () => {
    for (const r of ROLES) expect(can(r, 'account.self'), r).toBe(true);
  });
});

describe('who may hand out which role', () => {
  it('nobody on a desktop grants the hub operator role', () => {
    for (const actor of ROLES) expect(canAssignRole(actor, 'SUPER_ADMIN'), actor).toBe(false);
    expect(ASSIGNABLE_ROLES).not.toContain('SUPER_ADMIN');
  });

  it('a location manager hands out MANAGER and STAFF only', () => {
    expect(ASSIGNABLE_ROLES.filter((r) => canAssignRole('LOCATION_MANAGER', r)).sort()).toEqual(['MANAGER', 'STAFF']);
  });

  it('an organization admin hands out every assignable role', () => {
    for (const r of ASSIGNABLE_ROLES) expect(canAssignRole('TENANT_ADMIN', r), r).toBe(true);
  });

  it('roles without users.manage hand out nothing', () => {
    for (const actor of ROLES.filter((r) => !can(r, 'users.manage'))) {
      for (const r of ROLES) expect(canAssignRole(actor, r), `${actor} → ${r}`).toBe(false);
    }
  });
});

describe('roles', () => {
  it('organization-wide roles see every location; the others only those granted', () => {
    expect(ROLES.filter(seesAllLocations).sort()).toEqual(['AUDITOR', 'SUPER_ADMIN', 'TENANT_ADMIN']);
  });

  it('two-factor can be required of admin and manager roles, not of staff, auditors or compliance officers', () => {
    expect(ROLES.filter(isAdminOrManagerRole).sort()).toEqual(['LOCATION_MANAGER', 'MANAGER', 'SUPER_ADMIN', 'TENANT_ADMIN']);
  });
});
