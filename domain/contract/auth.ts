import { z } from 'zod';
import type { Permission } from '../auth/permissions';
import type { Role } from '../auth/roles';
import type { Clock, DateStyle } from '../time/format-time';
import { method } from './define';
import { password, pin, totpCode, username } from './limits';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  /** Locations this user may see; every location for roles that see all. */
  locationIds: string[];
  totpEnabled: boolean;
  hasPin: boolean;
  temperatureUnit: 'C' | 'F';
  /** How this user reads times: 24- or 12-hour clock, and the order of day, month and year. */
  clock: Clock;
  dateStyle: DateStyle;
}

export interface SessionInfo {
  token: string;
  user: SessionUser;
  permissions: Permission[];
  /** Signed in with a PIN: STAFF rights only, whatever the user's role. */
  viaPin: boolean;
  idleLockMs: number;
  /** The administrator requires two-factor for this role and the user has not set it up yet. */
  mustEnrollTotp: boolean;
}

export const authMethods = {
  'auth.signIn': method<SessionInfo>()({
    input: z.strictObject({ username, password, totpCode: totpCode.optional() }),
    access: 'public',
    mutation: true,
  }),
  'auth.signInWithPin': method<SessionInfo>()({
    input: z.strictObject({ username, pin }),
    access: 'public',
    mutation: true,
  }),
  /** The current session, or null (no token, expired). A locked session says so. */
  'auth.session': method<{ session: SessionInfo | null; locked: boolean }>()({
    input: z.strictObject({}),
    access: 'public',
    mutation: false,
    allowWhenLocked: true,
  }),
  /**
   * The person is at the keyboard (typing a long form, reading a chart) though the window has not
   * called the engine: counts as activity for the idle lock, like any call. The window sends it at
   * most about once a minute while there is input.
   */
  'auth.stillHere': method<{ ok: true }>()({ input: z.strictObject({}), access: 'signedIn', mutation: false }),
  'auth.lock': method<{ locked: true }>()({ input: z.strictObject({}), access: 'signedIn', mutation: false, allowWhenLocked: true }),
  /** Unlock with the user's password or PIN (a PIN only when the session was opened with one). */
  'auth.unlock': method<SessionInfo>()({
    input: z.strictObject({ password: password.optional(), pin: pin.optional() }),
    access: 'signedIn',
    mutation: true,
    allowWhenLocked: true,
  }),
  'auth.signOut': method<{ signedOut: true }>()({
    input: z.strictObject({}),
    access: 'signedIn',
    mutation: true,
    allowWhenLocked: true,
  }),
};
