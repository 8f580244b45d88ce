import { ORGANIZATION_SETTINGS, mayChangeOrganizationSettings, type Settings } from '../../../domain/contract/settings';
import { isAdminOrManagerRole } from '../../../domain/auth/roles';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext, EngineContext } from '../context';
import type { HandlerMap } from '../handler';
import { checkBackupFolder } from '../backup/backup-folder';
import { backupFolderTimeoutMs, backupSettings } from '../backup/backup-settings';
import { storedDeviceSwitches } from '../devices/device-switches';
import { requireStationGrant } from '../station/station-scope';
import { requireMainPc } from '../sync/directory-scope';

export function readSettings(ctx: EngineContext): Settings {
  const org = ctx.directory.settings();
  const switches = storedDeviceSwitches(ctx.stationSettings);
  return {
    ...org,
    ...backupSettings(ctx),
    ...switches,
    // The --demo flag turns demo mode on for this run without storing it: report what is in force.
    demoMode: ctx.devices()?.demoMode ?? switches.demoMode,
  };
}

export const settingsHandlers: HandlerMap<'settings.get' | 'settings.update'> = {
  'settings.get'(_input, { ctx }) {
    return readSettings(ctx);
  },

  async 'settings.update'(input, call) {
    const { ctx } = call;
    const before = readSettings(ctx);
    const changed = (Object.keys(input) as (keyof Settings)[]).filter((k) => input[k] !== undefined && input[k] !== before[k]);
    checkScope(call, changed);
    const security = changed.includes('requireTotpForAdmins') || changed.includes('idleLockMinutes');
    const { idleLockMinutes, requireTotpForAdmins, retentionMonths, backupFolder, backupKeep, backupDaily, ...pcSwitches } = input;
    // A folder that cannot take a backup is refused when it is chosen, with nothing else changed.
    if (changed.includes('backupFolder')) await checkBackupFolder(backupFolder!, backupFolderTimeoutMs(ctx));
    call.commit(
      { action: 'settings.update', summary: `Changed settings: ${changed.map((k) => `${k} ${JSON.stringify(before[k])} → ${JSON.stringify(input[k])}`).join(', ') || 'nothing'}`, risk: security ? 'HIGH' : 'LOW', entityType: 'settings' },
      () => {
        // Only what changed: a form sends every field, and a PC other than the main one may not write the organization's.
        const organization = { idleLockMinutes, requireTotpForAdmins, retentionMonths };
        const organizationChanges = Object.fromEntries(Object.entries(organization).filter(([k]) => changed.includes(k as keyof Settings)));
        if (Object.keys(organizationChanges).length > 0) ctx.directory.updateSettings(organizationChanges);
        if (backupFolder !== undefined) ctx.stationSettings.set('backupFolder', backupFolder);
        if (backupKeep !== undefined) ctx.stationSettings.set('backupKeep', backupKeep);
        if (backupDaily !== undefined) ctx.stationSettings.set('backupDaily', backupDaily);
        for (const [key, value] of Object.entries(pcSwitches)) if (value !== undefined) ctx.stationSettings.set(key, value);
      },
    );
    // The organization's settings are a document change and announce themselves; this PC's are
    // not. The backup folder and how many to keep also change what the backup list shows.
    const backupListChanged = backupFolder !== undefined || backupKeep !== undefined;
    if (backupListChanged || backupDaily !== undefined || Object.values(pcSwitches).some((v) => v !== undefined)) {
      ctx.events.emit('data.changed', { kinds: backupListChanged ? ['settings', 'backups'] : ['settings'] });
    }
    if (input.requireTotpForAdmins && !before.requireTotpForAdmins) requireEnrollmentNow(ctx);
    // Demo mode swaps the devices watched at once; the logger switches apply to the next logger.
    const { demoMode, autoDownloadLoggers, restartLoggersAfterDownload } = input;
    if (demoMode !== undefined || autoDownloadLoggers !== undefined || restartLoggersAfterDownload !== undefined) {
      await ctx.devices()?.applySettings({ demoMode });
    }
    return readSettings(ctx);
  },
};

/**
 * Who may change what: the organization's rules only its administrators; this PC's settings only
 * people granted its location. Only settings that change count, so a form sending every field
 * unchanged is not refused for the ones it did not touch.
 */
function checkScope(call: CallContext, changed: (keyof Settings)[]): void {
  const organizationWide = changed.filter((k) => (ORGANIZATION_SETTINGS as readonly string[]).includes(k));
  if (organizationWide.length > 0 && !mayChangeOrganizationSettings(call.session!.role)) {
    call.refuse(
      new OpsFlowError(
        'FORBIDDEN',
        organizationWide.every((k) => k === 'retentionMonths')
          ? 'Only an organization administrator can change how long records are kept before they are archived.'
          : 'Only an organization administrator can change the sign-in rules that hold for every location (idle lock, required two-factor).',
      ),
      `the ${call.session!.role} role may not change organization-wide settings (${organizationWide.join(', ')})`,
      { entityType: 'settings' },
    );
  }
  if (organizationWide.length > 0) requireMainPc(call.ctx);
  if (changed.length > organizationWide.length) requireStationGrant(call, 'change its settings');
}

/** Turning the rule on applies to admins already signed in, not only at their next sign-in. */
function requireEnrollmentNow(ctx: EngineContext): void {
  for (const session of ctx.sessions.all()) {
    if (session.viaPin || !isAdminOrManagerRole(session.role)) continue;
    if (ctx.directory.user(session.userId)?.totp_secret === null) session.mustEnrollTotp = true;
  }
}
