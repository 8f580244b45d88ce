import { z } from 'zod';
import { ASSIGNABLE_ROLES, type Role } from '../auth/roles';
import { method } from './define';
import { id, password, shortTextFor, username } from './limits';

export interface UserSummary {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  locationIds: string[];
  active: boolean;
  totpEnabled: boolean;
  hasPin: boolean;
  lockedUntilMs: number | null;
  createdAtMs: number;
}

/** How a person is named on screen and in the audit log. */
export const displayName = shortTextFor('The display name');

const role = z.enum(ASSIGNABLE_ROLES as [Role, ...Role[]]);

export const userMethods = {
  'users.list': method<UserSummary[]>()({
    input: z.strictObject({ includeInactive: z.boolean().default(true) }),
    access: 'users.view',
    mutation: false,
  }),
  'users.create': method<UserSummary>()({
    input: z.strictObject({
      username,
      displayName,
      role,
      locationIds: z.array(id).max(500),
      password,
    }),
    access: 'users.manage',
    mutation: true,
  }),
  'users.update': method<UserSummary>()({
    input: z.strictObject({
      userId: id,
      displayName: displayName.optional(),
      role: role.optional(),
      locationIds: z.array(id).max(500).optional(),
    }),
    access: 'users.manage',
    mutation: true,
  }),
  /** Users are never deleted: their name stays on the records they signed. */
  'users.setActive': method<UserSummary>()({
    input: z.strictObject({ userId: id, active: z.boolean() }),
    access: 'users.manage',
    mutation: true,
  }),
  'users.resetPassword': method<UserSummary>()({
    input: z.strictObject({ userId: id, newPassword: password }),
    access: 'users.manage',
    mutation: true,
  }),
  /** Turns off the user's two-factor sign-in (a lost phone); they may set it up again themselves. */
  'users.resetTotp': method<UserSummary>()({
    input: z.strictObject({ userId: id }),
    access: 'users.manage',
    mutation: true,
  }),
  /** Lifts this PC's sign-in lockout (too many wrong passwords) at once; nothing else changes. */
  'users.unlock': method<UserSummary>()({
    input: z.strictObject({ userId: id }),
    access: 'users.manage',
    mutation: true,
  }),
};
