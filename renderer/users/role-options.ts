import { canAssignRole } from '../../domain/auth/permissions';
import { ASSIGNABLE_ROLES, ROLE_LABELS, type Role } from '../../domain/auth/roles';

/** What each role may do, in one line: shown where a role is chosen, and on Home. */
export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  SUPER_ADMIN: 'Runs the OpsFlow hub for every organization.',
  TENANT_ADMIN: 'Everything at every location: people, settings, backups and the audit log.',
  LOCATION_MANAGER: 'Runs their restaurants: their managers and staff, settings, calibration, HACCP limits and backups.',
  COMPLIANCE_OFFICER: 'Food safety at their locations: calibration, HACCP limits and sign-off, and the audit log.',
  MANAGER: 'Day-to-day running: sensors, stock, tasks and HACCP sign-off; sees users and settings.',
  STAFF: 'Records temperatures, stock and tasks, and downloads loggers.',
  AUDITOR: 'Reads everything at every location and changes nothing.',
};

/** The roles this actor may hand out, as select options (nobody grants a role above their own). */
export function assignableRoleOptions(actor: Role): { value: Role; label: string }[] {
  return ASSIGNABLE_ROLES.filter((role) => canAssignRole(actor, role)).map((role) => ({ value: role, label: ROLE_LABELS[role] }));
}

/** Whether this actor may change a user who has `target`'s role. */
export function mayManageUserWithRole(actor: Role, target: Role): boolean {
  return canAssignRole(actor, target);
}
