import { randomBytes } from 'node:crypto';
import { PERMISSIONS, ROLE_PERMISSIONS, type Permission } from '../../../domain/auth/permissions';
import type { Role } from '../../../domain/auth/roles';

export interface Session {
  token: string;
  userId: string;
  role: Role;
  viaPin: boolean;
  permissions: ReadonlySet<Permission>;
  lastActivityMs: number;
  locked: boolean;
  mustEnrollTotp: boolean;
  /** A two-factor secret being set up, not active until confirmed with a code; already sealed with the password given then. */
  pendingTotp: { secret: string; sealed: string; enrolment: string } | null;
}

/** A PIN opens STAFF rights at most: a shared-PC PIN must never unlock an admin's powers. */
export function sessionPermissions(role: Role, viaPin: boolean): ReadonlySet<Permission> {
  const own = ROLE_PERMISSIONS[role];
  if (!viaPin) return own;
  const staff = ROLE_PERMISSIONS.STAFF;
  return new Set(PERMISSIONS.filter((p) => own.has(p) && staff.has(p)));
}

/**
 * Signed-in sessions live in the engine's memory only: a restart signs everyone out, and a
 * session idle longer than the organization's idle time is locked until its owner unlocks it.
 */
export class Sessions {
  private readonly byToken = new Map<string, Session>();

  constructor(
    private readonly now: () => number,
    private readonly idleLockMs: () => number,
    private readonly onLocked: (session: Session, reason: 'idle' | 'manual') => void,
  ) {}

  open(init: { userId: string; role: Role; viaPin: boolean; mustEnrollTotp: boolean }): Session {
    const session: Session = {
      ...init,
      token: randomBytes(32).toString('base64url'),
      permissions: sessionPermissions(init.role, init.viaPin),
      lastActivityMs: this.now(),
      locked: false,
      pendingTotp: null,
    };
    this.byToken.set(session.token, session);
    return session;
  }

  /** The session for a token, locked first if it has been idle too long. */
  get(token: string | null): Session | null {
    if (!token) return null;
    const session = this.byToken.get(token);
    if (!session) return null;
    this.lockIfIdle(session);
    return session;
  }

  touch(session: Session): void {
    if (!session.locked) session.lastActivityMs = this.now();
  }

  lock(session: Session, reason: 'idle' | 'manual'): void {
    if (session.locked) return;
    session.locked = true;
    session.pendingTotp = null;
    this.onLocked(session, reason);
  }

  unlock(session: Session): void {
    session.locked = false;
    session.lastActivityMs = this.now();
  }

  close(token: string): void {
    this.byToken.delete(token);
  }

  /**
   * Ends every session of a user (deactivated, password reset by an admin), or every one but
   * `exceptToken` (they changed their own password: the PC they did it on stays signed in).
   */
  closeAllFor(userId: string, exceptToken: string | null = null): void {
    for (const [token, s] of this.byToken) if (s.userId === userId && token !== exceptToken) this.byToken.delete(token);
  }

  /** Refreshes role-derived rights after an administrator changed a signed-in user's role. */
  updateRole(userId: string, role: Role): void {
    for (const s of this.byToken.values()) {
      if (s.userId !== userId) continue;
      s.role = role;
      s.permissions = sessionPermissions(role, s.viaPin);
    }
  }

  /** Every open session, for rules that change while people are signed in. */
  all(): Session[] {
    return [...this.byToken.values()];
  }

  /** Called on a timer so the UI of an idle session is told to lock, not only on its next call. */
  sweep(): void {
    for (const s of this.byToken.values()) this.lockIfIdle(s);
  }

  private lockIfIdle(session: Session): void {
    if (!session.locked && this.now() - session.lastActivityMs >= this.idleLockMs()) this.lock(session, 'idle');
  }
}
