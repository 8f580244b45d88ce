import { v7 as uuidv7 } from 'uuid';
import { passwordProblem } from '../../../domain/auth/password-policy';
import { ROLE_LABELS, type Role } from '../../../domain/auth/roles';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import { hashSecret } from '../auth/passwords';
import type { EngineContext } from '../context';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  locationIds: string[];
  password: string;
}

function refuseIfTaken(ctx: EngineContext, username: string): void {
  if (ctx.directory.userByUsername(username)) throw new OpsFlowError('CONFLICT', `The username "${username}" is taken; choose another.`);
}

/**
 * Creates a user in the directory, with its audit entry, in one transaction; returns the new id.
 * Who may grant what is the caller's check (users.create for a signed-in manager; the command line
 * runs as the PC's administrator).
 */
export async function createUser(ctx: EngineContext, input: NewUser, actor: AuditActor): Promise<string> {
  refuseIfTaken(ctx, input.username);
  const problem = passwordProblem(input.password, { username: input.username });
  if (problem) throw new OpsFlowError('WEAK_PASSWORD', problem);
  const passwordHash = await hashSecret(input.password, ctx.options.passwordCost);
  // Again after the (slow) hash: a second create of the same name may have finished meanwhile.
  refuseIfTaken(ctx, input.username);
  const id = uuidv7();
  ctx.docs.transaction(() => {
    ctx.directory.putUser(id, {
      username: input.username,
      displayName: input.displayName,
      role: input.role,
      locationIds: [...new Set(input.locationIds)],
      active: true,
      passwordHash,
      pinHash: null,
      totpSecret: null,
      totpBackupCodeHashes: [],
      temperatureUnit: ctx.directory.location(input.locationIds[0] ?? '')?.temperature_unit ?? 'C',
      createdAtMs: ctx.now(),
    });
    ctx.audit.append(
      { action: 'users.create', summary: `Created ${ROLE_LABELS[input.role]} "${input.username}" (${input.displayName})`, risk: 'MEDIUM', entityType: 'user', entityId: id },
      actor,
    );
  });
  return id;
}
