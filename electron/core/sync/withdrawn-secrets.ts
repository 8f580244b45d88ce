import { credentialsDocName, parseDocName } from '../../../domain/sync/doc-names';
import { dropLocalCopy } from '../auth/totp-local-copy';
import type { EngineContext } from '../context';
import type { UserRow } from '../directory/directory';

/** The users whose sign-in secrets a PC of `locationId` holds: the hub decides the same (sync-server/sync/access.ts). */
export function keepsSecrets(user: Pick<UserRow, 'role' | 'locationIds' | 'active'>, locationId: string): boolean {
  return user.active === 1 && (user.role === 'TENANT_ADMIN' || user.locationIds.includes(locationId));
}

/**
 * Deletes from this enrolled PC the sign-in secrets of the users the directory no longer lets it
 * hold (their grant of this location removed, or deactivated): their credentials row, their stored
 * credentials document, this PC's own copy of their two-factor secret; signs them out here, and
 * audits each. A document holding changes the hub has not confirmed is kept (this PC has the only
 * copy of them) and said so in the log. Returns the documents removed.
 */
export function removeWithdrawnSecrets(ctx: EngineContext, locationId: string, hubHoldsAllOf: (docName: string) => boolean): string[] {
  const identity = ctx.identity();
  if (!identity) return [];
  const { tenantId } = identity;
  const held = new Set(ctx.q.all(ctx.db.selectFrom('user_credentials').select('user_id')).map((r) => r.user_id));
  for (const userId of storedCredentialsUsers(ctx, tenantId)) held.add(userId);
  const removed: string[] = [];
  for (const userId of held) {
    const user = ctx.directory.user(userId);
    // A user the directory does not know (yet) is not judged.
    if (!user || keepsSecrets(user, locationId)) continue;
    const name = credentialsDocName(tenantId, userId);
    if (!hubHoldsAllOf(name)) {
      ctx.log.warn({ userId }, 'sign-in secrets no longer granted here hold changes the hub has not confirmed: kept for now');
      continue;
    }
    const why = user.active === 1 ? 'no longer granted this location' : 'deactivated';
    ctx.docs.transaction(() => {
      ctx.docs.remove(name);
      ctx.q.run(ctx.db.deleteFrom('user_credentials').where('user_id', '=', userId));
      dropLocalCopy(ctx, userId);
      ctx.audit.append(
        { action: 'security.credentialsRemoved', summary: `Removed ${user.display_name}'s sign-in secrets from this PC (${why})`, risk: 'MEDIUM', entityType: 'user', entityId: userId },
        { id: null, name: 'system' },
      );
    });
    ctx.sessions.closeAllFor(userId);
    removed.push(name);
  }
  if (removed.length > 0) ctx.events.emit('data.changed', { kinds: ['users'] });
  return removed;
}

/** The users whose credentials document this PC has stored. */
export function storedCredentialsUsers(ctx: EngineContext, tenantId: string): string[] {
  // A range on the indexed name, not a scan of every stored update ('0' follows '/').
  const prefix = `${tenantId}/credentials/`;
  const stored = ctx.q.all(ctx.db.selectFrom('y_updates').select('doc').distinct().where('doc', '>=', prefix).where('doc', '<', `${tenantId}/credentials0`));
  const users: string[] = [];
  for (const { doc: name } of stored) {
    const doc = parseDocName(name);
    if (doc?.kind === 'credentials' && doc.tenantId === tenantId) users.push(doc.userId);
  }
  return users;
}
