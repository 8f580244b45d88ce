import { canAssignRole } from '../../../domain/auth/permissions';
import { passwordProblem } from '../../../domain/auth/password-policy';
import { ROLE_LABELS, seesAllLocations, type Role } from '../../../domain/auth/roles';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import { userSummary, type UserRow } from '../directory/directory';
import type { HandlerMap } from '../handler';
import { clearFailures, lockedUntil } from '../auth/lockout';
import { hashSecret } from '../auth/passwords';
import { dropLocalCopy } from '../auth/totp-local-copy';
import { createUser } from './create-user';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import { requireUserOfThisPc } from '../sync/directory-scope';

function actorScope(call: CallContext) {
  const actor = sessionUser(call.ctx, call.session!);
  const role = actor.role as Role;
  return { actor, role, locations: new Set(visibleLocationIds(call.ctx, actor)), all: seesAllLocations(role) };
}

function visibleTo(scope: ReturnType<typeof actorScope>, user: UserRow): boolean {
  return scope.all || user.id === scope.actor.id || user.locationIds.some((id) => scope.locations.has(id));
}

const USER_NOT_FOUND = 'That user does not exist or is not at your locations.';

/**
 * A user the caller may change: of a role they could have handed out, and working only at
 * locations the caller holds. A manager of Downtown must not reset the password of someone who
 * also works at Uptown, then sign in as them and see Uptown. Each refusal is audited.
 */
function managedUser(call: CallContext, userId: string) {
  const scope = actorScope(call);
  const user = call.ctx.directory.user(userId);
  if (!user) throw new OpsFlowError('NOT_FOUND', USER_NOT_FOUND);
  const about = { entityType: 'user', entityId: user.id };
  if (!visibleTo(scope, user)) call.refuse(new OpsFlowError('NOT_FOUND', USER_NOT_FOUND), `"${user.username}" works at none of the caller's locations`, about);
  if (user.id === scope.actor.id) {
    call.refuse(new OpsFlowError('FORBIDDEN', 'Change your own account from My account; another administrator must change your role or access.'), 'a user may not change their own role or access', about);
  }
  if (!canAssignRole(scope.role, user.role as Role)) {
    call.refuse(new OpsFlowError('FORBIDDEN', `You cannot change a ${ROLE_LABELS[user.role as Role]}'s account.`), `the ${scope.role} role cannot change a ${user.role}`, about);
  }
  if (!scope.all && user.locationIds.some((id) => !scope.locations.has(id))) {
    call.refuse(
      new OpsFlowError('FORBIDDEN', 'This user also works at locations you do not manage; only an organization administrator can change their account.'),
      `"${user.username}" also works at locations the caller is not granted`,
      about,
    );
  }
  return { scope, user };
}

function checkGrants(call: CallContext, scope: ReturnType<typeof actorScope>, role: Role, locationIds: string[]) {
  if (!canAssignRole(scope.role, role)) call.refuse(new OpsFlowError('FORBIDDEN', `You cannot give someone the ${ROLE_LABELS[role]} role.`), `the ${scope.role} role cannot grant ${role}`);
  const known = new Set(call.ctx.directory.locations().map((l) => l.id));
  for (const id of locationIds) {
    if (!known.has(id)) throw new OpsFlowError('BAD_INPUT', 'One of the chosen locations does not exist.');
    if (!scope.all && !scope.locations.has(id)) {
      call.refuse(new OpsFlowError('FORBIDDEN', 'You can only grant locations you manage yourself.'), 'the caller may only grant locations they are granted', { entityType: 'location', entityId: id, locationId: id });
    }
  }
  if (locationIds.length === 0 && !seesAllLocations(role)) throw new OpsFlowError('BAD_INPUT', 'Choose at least one location for this user.');
}

function summary(call: CallContext, userId: string) {
  const user = call.ctx.directory.user(userId)!;
  return userSummary(user, lockedUntil(call.ctx, user.username));
}

export const userHandlers: HandlerMap<'users.list' | 'users.create' | 'users.update' | 'users.setActive' | 'users.resetPassword' | 'users.resetTotp' | 'users.unlock'> = {
  'users.list'({ includeInactive }, call) {
    const scope = actorScope(call);
    return call.ctx.directory
      .users(includeInactive)
      .filter((u) => visibleTo(scope, u))
      .map((u) => userSummary(u, lockedUntil(call.ctx, u.username)));
  },

  async 'users.create'(input, call) {
    const scope = actorScope(call);
    checkGrants(call, scope, input.role, input.locationIds);
    requireUserOfThisPc(call.ctx, null, input);
    const id = await createUser(call.ctx, input, call.actor());
    return summary(call, id);
  },

  'users.update'(input, call) {
    const { scope, user } = managedUser(call, input.userId);
    const role = input.role ?? (user.role as Role);
    const locationIds = input.locationIds ? [...new Set(input.locationIds)] : user.locationIds;
    checkGrants(call, scope, role, locationIds);
    requireUserOfThisPc(call.ctx, user, { role, locationIds });
    const changes: string[] = [];
    if (input.displayName && input.displayName !== user.display_name) changes.push(`name "${input.displayName}"`);
    if (role !== user.role) changes.push(`role ${ROLE_LABELS[user.role as Role]} → ${ROLE_LABELS[role]}`);
    if (input.locationIds) changes.push(`${locationIds.length} location(s)`);
    call.commit(
      { action: 'users.update', summary: `Changed "${user.username}": ${changes.join(', ') || 'nothing'}`, risk: role !== user.role ? 'HIGH' : 'MEDIUM', entityType: 'user', entityId: user.id },
      () => call.ctx.directory.updateUser(user.id, { displayName: input.displayName, role, locationIds }),
    );
    call.ctx.sessions.updateRole(user.id, role);
    return summary(call, user.id);
  },

  'users.setActive'({ userId, active }, call) {
    const { user } = managedUser(call, userId);
    requireUserOfThisPc(call.ctx, user, user);
    call.commit(
      { action: active ? 'users.reactivate' : 'users.deactivate', summary: `${active ? 'Reactivated' : 'Deactivated'} "${user.username}"`, risk: 'HIGH', entityType: 'user', entityId: user.id },
      () => call.ctx.directory.updateUser(user.id, { active }),
    );
    if (!active) call.ctx.sessions.closeAllFor(user.id);
    return summary(call, user.id);
  },

  /**
   * The user's two-factor stays on: its secret stays sealed under the old password, which nobody
   * here knows. PCs that kept their own copy (totp-local-copy.ts) still check the authenticator
   * and, at that sign-in, seal it under the new password for the others; elsewhere the person
   * signs in with a backup code meanwhile. A password reset alone never gets past two-factor.
   */
  async 'users.resetPassword'({ userId, newPassword }, call) {
    const { user } = managedUser(call, userId);
    const problem = passwordProblem(newPassword, { username: user.username });
    if (problem) throw new OpsFlowError('WEAK_PASSWORD', problem);
    const passwordHash = await hashSecret(newPassword, call.ctx.options.passwordCost);
    call.commit({ action: 'users.resetPassword', summary: `Reset the password of "${user.username}"`, risk: 'HIGH', entityType: 'user', entityId: user.id }, () => {
      call.ctx.directory.updateUser(user.id, { passwordHash });
      clearFailures(call.ctx, user.username);
    });
    call.ctx.sessions.closeAllFor(user.id);
    return summary(call, user.id);
  },

  'users.resetTotp'({ userId }, call) {
    const { user } = managedUser(call, userId);
    if (user.totp_secret === null) throw new OpsFlowError('CONFLICT', `${user.display_name} has no two-factor sign-in to reset.`);
    call.commit({ action: 'users.resetTotp', summary: `Turned off two-factor sign-in for "${user.username}"`, risk: 'HIGH', entityType: 'user', entityId: user.id }, () => {
      call.ctx.directory.updateUser(user.id, { totpSecret: null, totpBackupCodeHashes: [] });
      dropLocalCopy(call.ctx, user.id);
    });
    return summary(call, user.id);
  },

  'users.unlock'({ userId }, call) {
    const { user } = managedUser(call, userId);
    // A lockout that ran out meanwhile needs nothing done, and nothing on the record.
    if (lockedUntil(call.ctx, user.username) === null) return summary(call, user.id);
    call.commit({ action: 'users.unlock', summary: `Lifted the sign-in lockout of "${user.username}"`, risk: 'MEDIUM', entityType: 'user', entityId: user.id }, () =>
      clearFailures(call.ctx, user.username),
    );
    return summary(call, user.id);
  },
};
