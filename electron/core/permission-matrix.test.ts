import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, can, type Permission } from '../../domain/auth/permissions';
import { ASSIGNABLE_ROLES, type Role } from '../../domain/auth/roles';
import { contract, type MethodName, type SessionInfo } from '../../domain/contract';
import type { Engine } from './engine';
import { TEST_PASSWORD, addUser, auditActions, call, dataSnapshot, openTestEngine, rowCount, setUpOrganization, tempDataDir } from './testing/test-engine';

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

describe('the permission matrix, every role against every guarded method', () => {
  it('covers the contract: every guarded method is probed, and the probe input is refused by every schema', () => {
    expect(GUARDED.length).toBeGreaterThan(20);
    for (const { method } of GUARDED) expect(contract[method].input.safeParse(PROBE).success, method).toBe(false);
  });

  for (const role of ASSIGNABLE_ROLES) {
    it(`a ${role} gets exactly what can(${role}, permission) allows; each refusal leaves one HIGH audit entry and changes nothing else`, async () => {
      const token = sessions.get(role)!.token;
      for (const { method, permission } of GUARDED) {
        const dataBefore = dataSnapshot(engine);
        const auditBefore = rowCount(engine, 'audit_entries');
        const result = await engine.dispatch({ method, input: PROBE, token });
        expect(result.ok, method).toBe(false);
        const code = result.ok ? null : result.error.code;
        const added = auditActions(engine).slice(auditBefore);

        if (can(role, permission)) {
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
  ];
  for (const role of ASSIGNABLE_ROLES) {
    it(`a ${role} with real input gets answers to the reads it may make and FORBIDDEN for the others`, async () => {
      const token = sessions.get(role)!.token;
      for (const { method, input } of READS) {
        const result = await engine.dispatch({ method, input, token });
        const permission = contract[method].access as Permission;
        if (can(role, permission)) expect(result, `${role} ${method}`).toMatchObject({ ok: true });
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
      expect(result.ok ? null : result.error.code, method).toBe(can('STAFF', permission) ? 'BAD_INPUT' : 'FORBIDDEN');
    }
  });
});
