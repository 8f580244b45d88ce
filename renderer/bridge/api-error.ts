/** A refused or failed contract call: `code` is stable, `message` is a sentence for the person. */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
  }
}

export const SOMETHING_WENT_WRONG =
  'Something went wrong. Try again; if it keeps happening, restart OpsFlow and tell your IT contact.';

/** The sentence to show for any error: the engine's own message, or a generic one (never a stack trace). */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return SOMETHING_WENT_WRONG;
}

