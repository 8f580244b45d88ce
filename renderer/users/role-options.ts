import { canAssignRole } from '../../domain/auth/permissions';
import { ASSIGNABLE_ROLES, ROLE_LABELS, type Role } from '../../domain/auth/roles';

/** The roles this actor may hand out, as select options (nobody grants a role above their own). */
export function assignableRoleOptions(actor: Role): { value: Role; label: string }[] {
  return ASSIGNABLE_ROLES.filter((role) => canAssignRole(actor, role)).map((role) => ({ value: role, label: ROLE_LABELS[role] }));
}

/** Whether this actor may change a user who has `target`'s role. */
export function mayManageUserWithRole(actor: Role, target: Role): boolean {
  return canAssignRole(actor, target);
}
