import { z } from 'zod';
import { contract, isMethodName, type CallRequest, type CallResult, type MethodName } from '../../domain/contract';
import type { MethodDef } from '../../domain/contract/define';
import { OpsFlowError, REQUEST_NOT_UNDERSTOOD, isOpsFlowError, toErrorPayload } from '../../domain/errors';
import type { AuditDraft } from '../../domain/audit/entry';
import type { AuditActor } from './audit/audit-writer';
import type { Session } from './auth/sessions';
import type { CallContext, EngineContext } from './context';
import type { Handler, Handlers } from './handler';

/** Methods a session that must first set up two-factor may still call. */
const ENROLLMENT_METHODS = new Set<string>(['auth.session', 'auth.lock', 'auth.unlock', 'auth.signOut', 'account.beginTotp', 'account.confirmTotp', 'setup.status']);

function describeInputError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return REQUEST_NOT_UNDERSTOOD;
  // A limit's own sentence names the field and the range (domain/contract/limits.ts): it is what
  // the person needs, word for word as the form says it. zod's messages (a malformed call) are not
  // sentences and get the field's path for whoever debugs the caller.
  if (/^[A-Z].*\.$/s.test(issue.message)) return issue.message;
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return `The request was not accepted (${where}${issue.message}).`;
}

/**
 * Runs every call from every transport: session check → permission check → input validation →
 * handler. A refusal changes nothing; a permission refusal leaves a HIGH audit entry.
 */
export class Dispatcher {
  constructor(
    private readonly context: () => EngineContext,
    private readonly handlers: Handlers,
  ) {}

  async dispatch(request: Omit<CallRequest, 'id'>): Promise<CallResult> {
    const ctx = this.context();
    try {
      const output = await this.run(ctx, request);
      return { ok: true, output };
    } catch (err) {
      if (!isOpsFlowError(err)) ctx.log.error({ err, method: request.method }, 'unexpected error in a contract call');
      return { ok: false, error: toErrorPayload(err) };
    }
  }

  private async run(ctx: EngineContext, request: Omit<CallRequest, 'id'>): Promise<unknown> {
    const { method } = request;
    if (typeof method !== 'string' || !isMethodName(method)) {
      throw new OpsFlowError('UNKNOWN_METHOD', 'OpsFlow does not know that request. Update the app, or restart it.');
    }
    const def: MethodDef = contract[method];
    const token = typeof request.token === 'string' && request.token.length <= 200 ? request.token : null;
    let session: Session | null = ctx.sessions.get(token);

    if (def.access !== 'public') {
      if (!session) throw new OpsFlowError('NOT_SIGNED_IN', 'Please sign in again.');
      if (session.locked && !def.allowWhenLocked) throw new OpsFlowError('SESSION_LOCKED', 'The session is locked. Unlock it to go on.');
      if (session.mustEnrollTotp && !ENROLLMENT_METHODS.has(method)) {
        throw new OpsFlowError('TOTP_REQUIRED', 'Your organization requires two-factor sign-in for your role. Set it up under My account first.');
      }
      if (def.access !== 'signedIn' && !session.permissions.has(def.access)) {
        this.callContext(session, method).refuse(
          new OpsFlowError('FORBIDDEN', 'Your role does not allow this. Ask an administrator if you need it.'),
          `the ${session.role}${session.viaPin ? ' (PIN)' : ''} role lacks ${def.access}`,
        );
      }
      if (method !== 'auth.session') ctx.sessions.touch(session);
    } else if (session?.locked && !def.allowWhenLocked) {
      // A public call made with a locked session's token acts as nobody (auth.session excepted:
      // it must say the session is locked so the UI shows the lock screen, not the sign-in).
      session = null;
    }

    const parsed = def.input.safeParse(request.input ?? {});
    if (!parsed.success) throw new OpsFlowError('BAD_INPUT', describeInputError(parsed.error));

    const handler = this.handlers[method] as Handler<MethodName>;
    return handler(parsed.data as never, this.callContext(session, method));
  }

  /**
   * The engine's context is read afresh on every use, never captured: a restore swaps the database
   * (and the context with it) in the middle of a call, and what the call writes afterwards must go
   * to the restored database, not to the closed one.
   */
  private callContext(session: Session | null, method: MethodName): CallContext {
    const context = this.context;
    const actor = (): AuditActor => {
      if (!session) return { id: null, name: 'system' };
      return { id: session.userId, name: context().directory.user(session.userId)?.display_name ?? 'unknown user' };
    };
    return {
      get ctx() {
        return context();
      },
      session,
      actor,
      commit<T>(draft: AuditDraft, write: () => T): T {
        return context().docs.transaction(() => {
          const result = write();
          context().audit.append(draft, actor());
          return result;
        });
      },
      audit(draft: AuditDraft, who?: AuditActor) {
        context().audit.append(draft, who ?? actor());
      },
      refuse(error, why, about) {
        context().audit.append({ action: 'security.permissionDenied', summary: `Refused ${method}: ${why}`, risk: 'HIGH', ...about }, actor());
        throw error;
      },
    };
  }
}
