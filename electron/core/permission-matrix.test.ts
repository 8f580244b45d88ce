import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission } from '../../domain/auth/permissions';
import { ASSIGNABLE_ROLES, type Role } from '../../domain/auth/roles';
import { contract, type MethodName, type SessionInfo } from '../../domain/contract';
import type { Engine } from './engine';
import { TEST_PASSWORD, addUser, auditActions, call, dataSnapshot, openTestEngine, rowCount, setUpOrganization, tempDataDir } from './testing/test-engine';

type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];
const COLUMNS = ['TENANT_ADMIN', 'LOCATION_MANAGER', 'COMPLIANCE_OFFICER', 'MANAGER', 'STAFF', 'AUDITOR'] as const satisfies readonly AssignableRole[];

/**
 * The specification, written out by hand and deliberately not derived from ROLE_PERMISSIONS: a
 * wrong entry there (a MANAGER given backup.manage, say) must make these tests fail, not move
 * their expectations along with it. Changing a role's rights means changing this table too.
 *
 * TENANT_ADMIN runs the organization: everything. LOCATION_MANAGER runs their restaurants: their
 * staff, settings, limits, calibration and backups (but restoring one, which replaces the whole
 * organization's data on the PC, is the organization admin's), not the organization's locations nor
 * the audit log. COMPLIANCE_OFFICER looks after food safety: HACCP, sensors, calibration, the audit log;
 * no stock, tasks or people. MANAGER runs a shift: signs off, manages stock, tasks and sensors.
 * STAFF records: readings, stock movements, tasks, and plugs in loggers. AUDITOR reads, only.
 */
const SPEC: Record<Permission, Record<(typeof COLUMNS)[number], 0 | 1>> = matrix([
  //                      TENANT  LOC  COMPL  MGR  STAFF  AUDIT
  ['account.self',          1,     1,    1,    1,    1,     1],
  ['users.view',            1,     1,    1,    1,    0,     1],
  ['users.manage',          1,     1,    0,    0,    0,     0],
  ['locations.view',        1,     1,    1,    1,    1,     1],
  ['locations.manage',      1,     0,    0,    0,    0,     0],
  ['settings.view',         1,     1,    1,    1,    0,     1],
  ['settings.manage',       1,     1,    0,    0,    0,     0],
  ['audit.view',            1,     0,    1,    0,    0,     1],
  ['backup.manage',         1,     1,    0,    0,    0,     0],
  ['backup.restore',        1,     0,    0,    0,    0,     0],
  ['devices.view',          1,     1,    1,    1,    1,     1],
  ['devices.operate',       1,     1,    1,    1,    1,     0],
  ['sensors.manage',        1,     1,    1,    1,    0,     0],
  ['calibration.manage',    1,     1,    1,    0,    0,     0],
  ['haccp.view',            1,     1,    1,    1,    1,     1],
  ['haccp.record',          1,     1,    1,    1,    1,     0],
  ['haccp.signoff',         1,     1,    1,    1,    0,     0],
  ['haccp.manageLimits',    1,     1,    1,    0,    0,     0],
  ['inventory.view',        1,     1,    1,    1,    1,     1],
  ['inventory.record',      1,     1,    0,    1,    1,     0],
  ['inventory.manage',      1,     1,    0,    1,    0,     0],
  ['tasks.view',            1,     1,    1,    1,    1,     1],
  ['tasks.complete',        1,     1,    0,    1,    1,     0],
  ['tasks.manage',          1,     1,    0,    1,    0,     0],
  ['reports.view',          1,     1,    1,    1,    0,     1],
  ['haccp.manageChecklists',1,     1,    1,    1,    0,     0],
  ['sync.manage',           1,     0,    0,    0,    0,     0],
  ['rollup.view',           1,     1,    1,    1,    0,     1],
]);

function matrix(rows: [Permission, ...(0 | 1)[]][]) {
  return Object.fromEntries(rows.map(([permission, ...marks]) => [permission, Object.fromEntries(COLUMNS.map((role, i) => [role, marks[i]]))])) as typeof SPEC;
}

/** What the specification says a role may do. */
const allowed = (role: AssignableRole, permission: Permission) => SPEC[permission][role] === 1;

/** Every method that needs a permission, with the permission it needs. */
const GUARDED = (Object.keys(contract) as MethodName[])
  .map((method) => ({ method, permission: contract[method].access }))
  .filter((m): m is { method: MethodName; permission: Permission } => (PERMISSIONS as readonly string[]).includes(m.permission));

/**
 * Input no schema accepts (every input is a strict object), so a call that passes the permission
 * check stops at validation with BAD_INPUT and changes nothing; one that fails it gets FORBIDDEN.
 */
const PROBE = { probeKeyNoSchemaAccepts: true };

let engine: Engine;
let cleanup: () => void;
const sessions = new Map<Role, SessionInfo>();

beforeAll(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: temp.dir });
  const admin = await setUpOrganization(engine);
  for (const role of ASSIGNABLE_ROLES) {
    const { session } = await addUser(engine, admin.token, { username: `user-${role.toLowerCase()}`, role });
    sessions.set(role, session);
  }
});
afterAll(() => {
  engine.close();
  cleanup();
});

describe('the permission matrix, as specified', () => {
  it('the specification names every permission once and every assignable role', () => {
    expect(Object.keys(SPEC).sort()).toEqual([...PERMISSIONS].sort());
    expect([...COLUMNS].sort()).toEqual([...ASSIGNABLE_ROLES].sort());
  });

  for (const role of COLUMNS) {
    it(`ROLE_PERMISSIONS gives a ${role} exactly the rights of its column`, () => {
      expect([...ROLE_PERMISSIONS[role]].sort()).toEqual(PERMISSIONS.filter((p) => allowed(role, p)).sort());
    });
  }
});

describe('the permission matrix, every role against every guarded method', () => {
  it('covers the contract: every guarded method is probed, and the probe input is refused by every schema', () => {
    expect(GUARDED.length).toBeGreaterThan(20);
    for (const { method } of GUARDED) expect(contract[method].input.safeParse(PROBE).success, method).toBe(false);
  });

  for (const role of ASSIGNABLE_ROLES) {
    it(`a ${role} gets exactly what its column allows; each refusal leaves one HIGH audit entry and changes nothing else`, async () => {
      const token = sessions.get(role)!.token;
      for (const { method, permission } of GUARDED) {
        const dataBefore = dataSnapshot(engine);
        const auditBefore = rowCount(engine, 'audit_entries');
        const result = await engine.dispatch({ method, input: PROBE, token });
        expect(result.ok, method).toBe(false);
        const code = result.ok ? null : result.error.code;
        const added = auditActions(engine).slice(auditBefore);

        if (allowed(role, permission)) {
          expect(code, `${role} should pass the ${permission} check of ${method}`).toBe('BAD_INPUT');
          expect(added, method).toEqual([]);
        } else {
          expect(code, `${role} should be refused ${method} (${permission})`).toBe('FORBIDDEN');
          expect(added, method).toEqual([
            expect.objectContaining({ action: 'security.permissionDenied', risk: 'HIGH', actor_id: sessions.get(role)!.user.id, summary: expect.stringContaining(method) }),
          ]);
        }
        expect(dataSnapshot(engine), method).toBe(dataBefore);
      }
    });
  }

  it('a refused call is refused before its input is even looked at: valid input changes nothing either', async () => {
    const staff = sessions.get('STAFF')!.token;
    const usersBefore = rowCount(engine, 'users');
    const dataBefore = dataSnapshot(engine);
    const result = await engine.dispatch({
      method: 'users.create',
      input: { username: 'sneaky', displayName: 'Sneaky', role: 'TENANT_ADMIN', locationIds: [], password: TEST_PASSWORD },
      token: staff,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(rowCount(engine, 'users')).toBe(usersBefore);
    expect(dataSnapshot(engine)).toBe(dataBefore);
  });

  // Read-only methods with their real input: an allowed role gets an answer, not just "past the check".
  const READS: { method: MethodName; input: Record<string, unknown> }[] = [
    { method: 'users.list', input: {} },
    { method: 'locations.list', input: {} },
    { method: 'settings.get', input: {} },
    { method: 'audit.list', input: { limit: 5 } },
    { method: 'audit.verify', input: {} },
    { method: 'audit.actors', input: {} },
    { method: 'backup.status', input: {} },
    { method: 'tasks.list', input: {} },
    { method: 'checklists.templates', input: {} },
    { method: 'checklists.day', input: {} },
    { method: 'cooling.list', input: {} },
  ];
  for (const role of ASSIGNABLE_ROLES) {
    it(`a ${role} with real input gets answers to the reads it may make and FORBIDDEN for the others`, async () => {
      const token = sessions.get(role)!.token;
      for (const { method, input } of READS) {
        const result = await engine.dispatch({ method, input, token });
        const permission = contract[method].access as Permission;
        if (allowed(role, permission)) expect(result, `${role} ${method}`).toMatchObject({ ok: true });
        else expect(result, `${role} ${method}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    });
  }

  it('a PIN session of an administrator is held to the STAFF column of the matrix', async () => {
    const admin = await call(engine, 'auth.signIn', { username: 'user-tenant_admin', password: TEST_PASSWORD });
    await call(engine, 'account.setPin', { currentPassword: TEST_PASSWORD, pin: '8642' }, admin.token);
    const pin = await call(engine, 'auth.signInWithPin', { username: 'user-tenant_admin', pin: '8642' });
    for (const { method, permission } of GUARDED) {
      const result = await engine.dispatch({ method, input: PROBE, token: pin.token });
      expect(result.ok ? null : result.error.code, method).toBe(allowed('STAFF', permission) ? 'BAD_INPUT' : 'FORBIDDEN');
    }
  });
});
