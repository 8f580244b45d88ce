import { create } from 'zustand';
import type { SessionInfo } from '../../domain/contract/index';
import type { Permission } from '../../domain/auth/permissions';
import type { Role } from '../../domain/auth/roles';

/** sessionStorage survives a reload of this window but not closing it: right for a shared PC. */
const TOKEN_KEY = 'opsflow.sessionToken';
const IDENTITY_KEY = 'opsflow.sessionIdentity';

/**
 * Who holds the session, for the lock screen. `auth.session` does not tell who owns a locked
 * session, so after a reload on a locked PC the lock screen shows what this window remembered.
 */
export interface LockIdentity {
  displayName: string;
  username: string;
  role: Role;
  viaPin: boolean;
}

function identityOf(info: SessionInfo): LockIdentity {
  return { displayName: info.user.displayName, username: info.user.username, role: info.user.role, viaPin: info.viaPin };
}

function readStoredIdentity(): LockIdentity | null {
  try {
    const text = window.sessionStorage.getItem(IDENTITY_KEY);
    return text ? (JSON.parse(text) as LockIdentity) : null;
  } catch {
    return null;
  }
}

function readStoredToken(): string | null {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null, identity: LockIdentity | null): void {
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
    else window.sessionStorage.removeItem(TOKEN_KEY);
    if (identity) window.sessionStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
    else window.sessionStorage.removeItem(IDENTITY_KEY);
  } catch {
    // Storage can be disabled; the session then simply does not survive a reload.
  }
}

interface SessionState {
  /** Sent with every call; read from sessionStorage at start so a reload keeps the session. */
  token: string | null;
  session: SessionInfo | null;
  /** Who holds the token: known even when a reload found the session locked. */
  identity: LockIdentity | null;
  locked: boolean;
  /** A new or refreshed session (sign-in, unlock, setup). */
  setSession(info: SessionInfo, locked?: boolean): void;
  /** The engine says the stored token's session is locked (found at start, after a reload). */
  setLockedAtStart(): void;
  markLocked(): void;
  /** Signed out, expired or unknown: back to sign-in. */
  clear(): void;
}

export const useSessionStore = create<SessionState>()((set) => ({
  token: readStoredToken(),
  session: null,
  identity: readStoredIdentity(),
  locked: false,
  setSession(info, locked = false) {
    const identity = identityOf(info);
    storeToken(info.token, identity);
    set({ token: info.token, session: info, identity, locked });
  },
  setLockedAtStart() {
    set({ locked: true });
  },
  markLocked() {
    set((state) => (state.token ? { locked: true } : state));
  },
  clear() {
    storeToken(null, null);
    set({ token: null, session: null, identity: null, locked: false });
  },
}));

/** The signed-in session; only call inside the app shell, where one exists. */
export function useSession(): SessionInfo {
  const session = useSessionStore((s) => s.session);
  if (!session) throw new Error('useSession used outside a signed-in screen');
  return session;
}

/** Whether this session may do something. PIN sessions carry STAFF rights only, which the list already reflects. */
export function useCan(permission: Permission): boolean {
  return useSessionStore((s) => s.session?.permissions.includes(permission) ?? false);
}
