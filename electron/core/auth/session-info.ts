import type { SessionInfo } from '../../../domain/contract/auth';
import { seesAllLocations, type Role } from '../../../domain/auth/roles';
import { OpsFlowError } from '../../../domain/errors';
import type { EngineContext } from '../context';
import type { UserRow } from '../directory/directory';
import type { Session } from './sessions';

/** The locations a user may see and change: all of them for organization-wide roles. */
export function visibleLocationIds(ctx: EngineContext, user: Pick<UserRow, 'role' | 'locationIds'>): string[] {
  if (seesAllLocations(user.role as Role)) return ctx.directory.locations().map((l) => l.id);
  const existing = new Set(ctx.directory.locations().map((l) => l.id));
  return user.locationIds.filter((id) => existing.has(id));
}

/** The session's user; a session whose user was deactivated (or removed) ends here. */
export function sessionUser(ctx: EngineContext, session: Session): UserRow {
  const user = ctx.directory.user(session.userId);
  if (!user || user.active !== 1) {
    ctx.sessions.close(session.token);
    throw new OpsFlowError('NOT_SIGNED_IN', 'Your account is no longer active. Ask an administrator.');
  }
  return user;
}

export function sessionInfo(ctx: EngineContext, session: Session): SessionInfo {
  const user = sessionUser(ctx, session);
  return {
    token: session.token,
    user: {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role as Role,
      locationIds: visibleLocationIds(ctx, user),
      totpEnabled: user.totp_secret !== null,
      hasPin: user.pin_hash !== null,
      temperatureUnit: user.temperature_unit,
      clock: user.clock,
      dateStyle: user.date_style,
    },
    permissions: [...session.permissions],
    viaPin: session.viaPin,
    idleLockMs: ctx.directory.settings().idleLockMinutes * 60_000,
    mustEnrollTotp: session.mustEnrollTotp,
  };
}
