/** The roles of the product brief. SUPER_ADMIN exists only on the hub; a desktop never grants it. */
export const ROLES = [
  'SUPER_ADMIN',
  'TENANT_ADMIN',
  'LOCATION_MANAGER',
  'COMPLIANCE_OFFICER',
  'MANAGER',
  'STAFF',
  'AUDITOR',
] as const;

export type Role = (typeof ROLES)[number];

/** Roles a desktop administrator may hand out. */
export const ASSIGNABLE_ROLES = ROLES.filter((r) => r !== 'SUPER_ADMIN') as Exclude<Role, 'SUPER_ADMIN'>[];

export const ROLE_LABELS: Record<Role, string> = {
  SUPER_ADMIN: 'Hub operator',
  TENANT_ADMIN: 'Organization admin',
  LOCATION_MANAGER: 'Location manager',
  COMPLIANCE_OFFICER: 'Compliance officer',
  MANAGER: 'Manager',
  STAFF: 'Staff',
  AUDITOR: 'Auditor (read-only)',
};

/** Roles that see every location of the organization without explicit grants. */
export function seesAllLocations(role: Role): boolean {
  return role === 'SUPER_ADMIN' || role === 'TENANT_ADMIN' || role === 'AUDITOR';
}

/** Roles for which an administrator can require two-factor sign-in. */
export function isAdminOrManagerRole(role: Role): boolean {
  return role === 'SUPER_ADMIN' || role === 'TENANT_ADMIN' || role === 'LOCATION_MANAGER' || role === 'MANAGER';
}
