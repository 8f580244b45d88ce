import type { z } from 'zod';
import type { Permission } from '../auth/permissions';

/**
 * Who may call a method:
 * - 'public': anyone who reached the transport (setup, sign-in);
 * - 'signedIn': any unlocked session;
 * - a Permission: an unlocked session whose role has it.
 */
export type Access = 'public' | 'signedIn' | Permission;

export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  input: I;
  access: Access;
  /** Mutations are audited by the dispatcher. */
  mutation: boolean;
  /** A method that may run on a locked session (unlock, sign-out, lock state). */
  allowWhenLocked?: boolean;
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O;
}

/** `method<Output>()({ input, access, mutation })`: curried so the output type is explicit. */
export function method<O>() {
  return <I extends z.ZodType>(def: Omit<MethodDef<I, O>, '__output'>): MethodDef<I, O> => def as MethodDef<I, O>;
}
