import { ROLE_LABELS, ROLES, type Role } from '../auth/roles';
import { PERMISSION_WORDS } from '../auth/permission-words';
import type { Permission } from '../auth/permissions';
import type { AuditEntry } from './entry';

/**
 * The audit log in words. Entries keep the stable action names and summaries they were written
 * with (the hash chain covers them); these words are how a person reads them.
 */

/** What a person filters by; each category is the actions starting with its prefixes. */
export const AUDIT_CATEGORIES = {
  security: { label: 'Sign-in & security', prefixes: ['auth.', 'account.', 'security.'] },
  users: { label: 'Users', prefixes: ['users.'] },
  locations: { label: 'Locations', prefixes: ['locations.'] },
  settings: { label: 'Settings & setup', prefixes: ['settings.', 'setup.'] },
  backups: { label: 'Backups', prefixes: ['backup.'] },
  devices: { label: 'Devices & sensors', prefixes: ['devices.', 'sensors.'] },
  audit: { label: 'Audit log', prefixes: ['audit.'] },
  tasks: { label: 'Tasks', prefixes: ['tasks.'] },
  checklists: { label: 'Checklists & cooling logs', prefixes: ['checklists.', 'cooling.'] },
  haccp: { label: 'HACCP', prefixes: ['haccp.', 'alerts.'] },
  inventory: { label: 'Inventory', prefixes: ['inventory.'] },
  sync: { label: 'Hub connection', prefixes: ['sync.'] },
} as const satisfies Record<string, { label: string; prefixes: readonly string[] }>;

export type AuditCategory = keyof typeof AUDIT_CATEGORIES;
export const AUDIT_CATEGORY_IDS = Object.keys(AUDIT_CATEGORIES) as [AuditCategory, ...AuditCategory[]];

/** Every action the engine writes, in words. */
export const ACTION_WORDS: Record<string, string> = {
  'auth.signIn': 'Signed in',
  'auth.signInWithPin': 'Signed in with a PIN',
  'auth.signInFailed': 'Sign-in failed',
  'auth.lockedOut': 'Locked out after failed sign-ins',
  'auth.unlock': 'Unlocked the screen',
  'auth.signOut': 'Signed out',
  'auth.backupCodeUsed': 'Used a two-factor backup code',
  'account.changePassword': 'Changed their password',
  'account.setPin': 'Changed their PIN',
  'account.setPreferences': 'Changed their preferences',
  'account.enableTotp': 'Turned on two-factor sign-in',
  'account.disableTotp': 'Turned off two-factor sign-in',
  'account.passwordCheckFailed': 'Gave a wrong current password',
  'account.secondFactorCheckFailed': 'Gave a wrong two-factor code',
  'security.permissionDenied': 'Refused: not allowed',
  'security.rightsRepaired': 'Repaired users and rights changed outside OpsFlow',
  'security.totpSecretsSealed': 'Sealed two-factor secrets with this PC’s key',
  'users.create': 'Created a user',
  'users.update': 'Changed a user',
  'users.deactivate': 'Deactivated a user',
  'users.reactivate': 'Reactivated a user',
  'users.resetPassword': "Reset a user's password",
  'users.resetTotp': "Turned off a user's two-factor",
  'users.unlock': 'Unlocked a user',
  'locations.create': 'Added a location',
  'locations.update': 'Changed a location',
  'settings.update': 'Changed settings',
  'setup.create': 'Set up OpsFlow',
  'backup.create': 'Backed up',
  'backup.restore': 'Restored a backup',
  'backup.tamperedRefused': 'Refused a tampered backup',
  'devices.download': 'Downloaded a logger',
  'devices.setProbes': 'Set the probes of a bus',
  'devices.changeProbeAddress': "Changed a probe's address",
  'sensors.update': 'Changed a sensor',
  'sensors.calibrate': 'Calibrated a sensor',
  'sensors.offline': 'A sensor stopped answering',
  'sensors.online': 'A sensor answers again',
  'audit.export': 'Exported the audit log',
  'audit.chainBroken': 'Found the audit chain broken',
  'tasks.create': 'Added a task',
  'tasks.update': 'Changed a task',
  'tasks.setStatus': 'Moved a task on',
  'tasks.delete': 'Deleted a task',
  'checklists.saveTemplate': 'Set up a checklist',
  'checklists.complete': 'Completed a checklist',
  'checklists.amend': 'Corrected a checklist record',
  'checklists.signOff': 'Signed off a checklist',
  'cooling.start': 'Started a cooling log',
  'cooling.addReading': 'Recorded a cooling temperature',
  'cooling.recordAction': 'Recorded a corrective action on a cooling log',
  'sensors.importReadings': 'Imported readings from a file',
  'haccp.addUnit': 'Added a monitored unit',
  'haccp.updateUnit': 'Changed a monitored unit',
  'haccp.assignSensor': 'Assigned a sensor to a unit',
  'haccp.recordReading': 'Recorded a temperature by hand',
  'alerts.acknowledge': 'Acknowledged an alert',
  'alerts.escalate': 'Escalated an unacknowledged alert',
  'alerts.setEscalation': 'Changed when alerts escalate',
  'inventory.createItem': 'Added a catalog item',
  'inventory.updateItem': 'Changed a catalog item',
  'inventory.createSupplier': 'Added a supplier',
  'inventory.updateSupplier': 'Changed a supplier',
  'inventory.importCatalog': 'Imported the catalog',
  'inventory.receive': 'Received a delivery',
  'inventory.use': 'Used stock',
  'inventory.waste': 'Wasted stock',
  'inventory.transfer': 'Sent stock to another location',
  'inventory.confirmTransfer': 'Received a transfer',
  'inventory.reverse': 'Reversed a stock movement',
  'inventory.startCount': 'Started a stock count',
  'inventory.enterCount': 'Counted an item',
  'inventory.submitCount': 'Handed in a stock count',
  'inventory.approveCount': 'Approved a stock count',
  'inventory.discardCount': 'Discarded a stock count',
  'inventory.reconcileRepaired': 'Repaired stock balances that did not match the ledger',
  'haccp.recordCorrectiveAction': 'Recorded a corrective action for an excursion',
  'haccp.amendCorrectiveAction': 'Corrected a corrective action',
  'haccp.signOffCorrectiveAction': 'Signed off a corrective action',
  'report.haccp': "Made the inspector's HACCP report",
  'sync.enroll': 'Connected this PC to a hub',
  'sync.disconnect': 'Disconnected this PC from its hub',
  'haccp.archive': 'Archived the months past the retention (their records stay in the log documents)',
  'inventory.printCountSheet': 'Printed a stock count sheet',
  'security.totpSecretResealed': 'Sealed a two-factor secret with the current password',
  'security.credentialsRemoved': 'Removed sign-in secrets no longer granted to this PC',
};

/** "devices.firmwareUpdate" → "Devices: firmware update": an action this version has no words for. */
function readableName(action: string): string {
  const [area = '', ...rest] = action.split('.');
  const words = rest.join(' ').replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const head = area.charAt(0).toUpperCase() + area.slice(1);
  return words ? `${head}: ${words}` : head;
}

export function actionWords(action: string): string {
  return ACTION_WORDS[action] ?? readableName(action);
}

export function actionCategory(action: string): AuditCategory | null {
  for (const id of AUDIT_CATEGORY_IDS) if (AUDIT_CATEGORIES[id].prefixes.some((p) => action.startsWith(p))) return id;
  return null;
}

/** Attempts made under a typed name: not the act of whoever owns that name. */
const ATTEMPTS = new Set(['auth.signInFailed', 'auth.lockedOut']);

/**
 * Who did it, as the Who column shows it: a failed sign-in is an attempt under what was typed
 * ("attempt as “sam”"), never the act of the user called sam. Entries from before the engine
 * recorded the typed name as the actor still name it in their summary ('… for "sam": …').
 */
export function actorWords(entry: Pick<AuditEntry, 'action' | 'actorId' | 'actorName' | 'summary'>): string {
  if (ATTEMPTS.has(entry.action)) {
    const typed = entry.actorId === null ? entry.actorName : (/"([^"]*)"/.exec(entry.summary)?.[1] ?? entry.actorName);
    return `attempt as “${typed}”`;
  }
  if (entry.actorId === null && entry.actorName === 'system') return 'OpsFlow (automatic)';
  return entry.actorName;
}

/** Error codes that summaries carry, in words. */
const CODE_WORDS: Record<string, string> = {
  BAD_CREDENTIALS: 'wrong password or PIN',
  ACCOUNT_INACTIVE: 'the account is deactivated',
  TOTP_INVALID: 'wrong two-factor code',
  ACCOUNT_LOCKED: 'the account is locked',
};

/** The summary without raw codes: "wrong password or PIN", not BAD_CREDENTIALS; roles and rights in words. */
export function summaryWords(entry: Pick<AuditEntry, 'action' | 'summary'>): string {
  let text = entry.summary.replace(/\b[A-Z][A-Z_]{3,}\b/g, (code) => CODE_WORDS[code] ?? code);
  // "Refused users.list: the STAFF role lacks users.view" → "A Staff may not see users (asked for users.list)"
  const refused = entry.action === 'security.permissionDenied' ? /^Refused (\S+): the (\w+)( \(PIN\))? role lacks (\S+)$/.exec(text) : null;
  if (refused) {
    const [, method, role = '', pin, permission = ''] = refused;
    const who = ROLES.includes(role as Role) ? ROLE_LABELS[role as Role] : role;
    const what = permission in PERMISSION_WORDS ? PERMISSION_WORDS[permission as Permission] : `use ${permission}`;
    return `${who}${pin ? ' (signed in with a PIN)' : ''} may not ${what} (asked for ${method})`;
  }
  return text;
}
