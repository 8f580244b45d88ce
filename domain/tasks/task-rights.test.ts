import { describe, expect, it } from 'vitest';
import { ROLE_PERMISSIONS } from '../auth/permissions';
import { ASSIGNABLE_ROLES, type Role } from '../auth/roles';
import { canAssignTo, canEdit, canWorkOn, type TaskWorker } from './task-rights';

/**
 * Who may do what with a task at their own location, written out by hand (ROLE_PERMISSIONS itself is
 * pinned to the hand-written matrix in electron/core/permission-matrix.test.ts):
 *   add own     add a task for themselves          assign      give a task to someone else
 *   work own    move on a task given to them       work role   one given to their role
 *   work other  one given to another person        edit other  change a task a manager gave someone
 *   edit own    change a task they added for themselves
 */
const COLUMNS = ['add own', 'assign', 'work own', 'work role', 'work other', 'edit other', 'edit own'] as const;
const SPEC: Record<Exclude<Role, 'SUPER_ADMIN'>, (0 | 1)[]> = {
  //                  add own  assign  work own  work role  work other  edit other  edit own
  TENANT_ADMIN:       [1,       1,      1,        1,         1,          1,          1],
  LOCATION_MANAGER:   [1,       1,      1,        1,         1,          1,          1],
  COMPLIANCE_OFFICER: [0,       0,      0,        0,         0,          0,          0],
  MANAGER:            [1,       1,      1,        1,         1,          1,          1],
  STAFF:              [1,       0,      1,        1,         0,          0,          1],
  AUDITOR:            [0,       0,      0,        0,         0,          0,          0],
};

const ME = 'user-me';
const OTHER = 'user-other';
const MANAGER_ID = 'user-manager';

function whatMay(role: Role): (0 | 1)[] {
  const me: TaskWorker = { userId: ME, role, permissions: ROLE_PERMISSIONS[role] };
  const givenTo = (assigneeUserId: string | null, assigneeRole: string | null, createdById: string) => ({ assigneeUserId, assigneeRole, createdById });
  const checks = [
    canAssignTo(me, { userId: ME }),
    canAssignTo(me, { userId: OTHER }) && canAssignTo(me, { role: 'STAFF' }) && canAssignTo(me, null),
    canWorkOn(me, givenTo(ME, null, MANAGER_ID)),
    canWorkOn(me, givenTo(null, role, MANAGER_ID)),
    canWorkOn(me, givenTo(OTHER, null, MANAGER_ID)),
    canEdit(me, givenTo(OTHER, null, MANAGER_ID)) && canEdit(me, givenTo(ME, null, MANAGER_ID)),
    canEdit(me, givenTo(ME, null, ME)),
  ];
  return checks.map((c) => (c ? 1 : 0));
}

describe('the task rights of each role, as specified', () => {
  it('the specification covers every role a desktop hands out', () => {
    expect(Object.keys(SPEC).sort()).toEqual([...ASSIGNABLE_ROLES].sort());
  });

  for (const role of ASSIGNABLE_ROLES) {
    it(`a ${role} may exactly what its row says (${COLUMNS.join(', ')})`, () => {
      expect(whatMay(role)).toEqual(SPEC[role]);
    });
  }

  it('a PIN session of a manager carries staff rights: it works on its own tasks but assigns none', () => {
    const pinManager: TaskWorker = { userId: ME, role: 'MANAGER', permissions: ROLE_PERMISSIONS.STAFF };
    expect(canAssignTo(pinManager, { userId: OTHER })).toBe(false);
    expect(canWorkOn(pinManager, { assigneeUserId: null, assigneeRole: 'MANAGER', createdById: MANAGER_ID })).toBe(true);
    expect(canWorkOn(pinManager, { assigneeUserId: OTHER, assigneeRole: null, createdById: MANAGER_ID })).toBe(false);
  });
});
