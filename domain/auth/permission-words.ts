import type { Permission } from './permissions';

/** What each permission lets someone do, as it finishes "may …" or "can …". */
export const PERMISSION_WORDS: Record<Permission, string> = {
  'account.self': 'change their own password, PIN and two-factor',
  'users.view': 'see users',
  'users.manage': 'create and change users',
  'locations.view': 'see locations',
  'locations.manage': 'add and change locations',
  'settings.view': 'see settings',
  'settings.manage': 'change settings',
  'audit.view': 'read the audit log',
  'backup.manage': 'back up and restore',
  'devices.view': 'see devices, sensors and readings',
  'devices.operate': 'download loggers',
  'sensors.manage': 'name sensors and set up probes',
  'calibration.manage': 'record calibrations',
  'haccp.view': 'see HACCP records',
  'haccp.record': 'record temperatures and corrective actions',
  'haccp.signoff': 'sign off HACCP records',
  'haccp.manageLimits': 'set HACCP limits',
  'inventory.view': 'see inventory',
  'inventory.record': 'receive, use, waste and count stock',
  'inventory.manage': 'manage the catalog and transfers',
  'tasks.view': 'see tasks',
  'tasks.complete': 'complete tasks',
  'tasks.manage': 'plan and assign tasks',
  'reports.view': 'see reports',
};
