import { SOMETHING_WENT_WRONG, type ErrorCode } from '../../domain/errors';

/** A refused or failed contract call: `code` is stable, `message` is a sentence for the person. */
export class ApiError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

/** The sentence to show for any error: the engine's own message, or a generic one (never a stack trace). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return SOMETHING_WENT_WRONG;
}

