import type { Role } from './roles';

/**
 * Every permission the engine checks. The matrix below is the single source: the dispatcher
 * refuses a call whose method needs a permission the caller's role lacks, and the UI asks the
 * same matrix which screens and buttons to show.
 */
export const PERMISSIONS = [
  'account.self', // own password, PIN, two-factor
  'users.view',
  'users.manage',
  'locations.view',
  'locations.manage',
  'settings.view',
  'settings.manage',
  'audit.view',
  'backup.manage', // back up, see and inspect backups
  'backup.restore', // replace the organization's data on this PC with a backup: organization admins only
  'devices.view',
  'devices.operate', // download a logger, plug/unplug demo devices
  'sensors.manage', // name and assign sensors
  'calibration.manage',
  'haccp.view',
  'haccp.record', // record readings by hand, acknowledge alerts, record corrective actions
  'haccp.signoff',
  'haccp.manageLimits',
  'inventory.view',
  'inventory.record', // use, waste, count
  'inventory.manage', // receive, transfer, approve counts, catalog
  'tasks.view',
  'tasks.complete',
  'tasks.manage',
  'reports.view',
  'haccp.manageChecklists', // checklist templates and their schedules
  'sync.manage', // connect this PC to a hub, or disconnect it: organization admins only
  'rollup.view', // the regional roll-up: every granted location side by side
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY: Permission[] = [
  'account.self',
  'users.view',
  'locations.view',
  'settings.view',
  'audit.view',
  'devices.view',
  'haccp.view',
  'inventory.view',
  'tasks.view',
  'reports.view',
  'rollup.view',
];

const STAFF: Permission[] = [
  'account.self',
  'locations.view',
  'devices.view',
  'devices.operate',
  'haccp.view',
  'haccp.record',
  'inventory.view',
  'inventory.record',
  'tasks.view',
  'tasks.complete',
];

const MANAGER: Permission[] = [
  ...STAFF,
  'users.view',
  'settings.view',
  'sensors.manage',
  'haccp.signoff',
  'inventory.manage',
  'tasks.manage',
  'reports.view',
  'haccp.manageChecklists',
  'rollup.view',
];

const LOCATION_MANAGER: Permission[] = [
  ...MANAGER,
  'users.manage',
  'settings.manage',
  'calibration.manage',
  'haccp.manageLimits',
  'backup.manage',
];

const COMPLIANCE_OFFICER: Permission[] = [
  'account.self',
  'users.view',
  'locations.view',
  'settings.view',
  'audit.view',
  'devices.view',
  'devices.operate',
  'sensors.manage',
  'calibration.manage',
  'haccp.view',
  'haccp.record',
  'haccp.signoff',
  'haccp.manageLimits',
  'inventory.view',
  'tasks.view',
  'reports.view',
  'haccp.manageChecklists',
  'rollup.view',
];

const ALL: Permission[] = [...PERMISSIONS];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  SUPER_ADMIN: new Set(ALL),
  TENANT_ADMIN: new Set(ALL),
  LOCATION_MANAGER: new Set(LOCATION_MANAGER),
  COMPLIANCE_OFFICER: new Set(COMPLIANCE_OFFICER),
  MANAGER: new Set(MANAGER),
  STAFF: new Set(STAFF),
  AUDITOR: new Set(READ_ONLY),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/**
 * Who may hand out which role: nobody grants a role above their own. A LOCATION_MANAGER runs the
 * staff of their restaurants; only an organization admin makes admins, auditors and compliance officers.
 */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (target === 'SUPER_ADMIN') return false;
  if (actor === 'SUPER_ADMIN' || actor === 'TENANT_ADMIN') return true;
  if (actor === 'LOCATION_MANAGER') return target === 'MANAGER' || target === 'STAFF';
  return false;
}
