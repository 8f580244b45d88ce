/**
 * The one error type OpsFlow raises on purpose. `code` is stable (tests, CLI exit paths and the UI
 * key off it); `message` is a sentence for the person in front of the screen: what happened and
 * what to do next. Anything that is not an OpsFlowError is unexpected and shown as
 * "Something went wrong" by the dispatcher.
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'UNKNOWN_METHOD'
  | 'NOT_SIGNED_IN'
  | 'SESSION_LOCKED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'ALREADY_SET_UP'
  | 'NOT_SET_UP'
  | 'BAD_CREDENTIALS'
  | 'ACCOUNT_LOCKED'
  | 'ACCOUNT_INACTIVE'
  | 'TOTP_REQUIRED'
  | 'TOTP_INVALID'
  | 'WEAK_PASSWORD'
  | 'SCHEMA_TOO_NEW'
  | 'BACKUP_INVALID'
  | 'BACKUP_FOREIGN'
  | 'AUDIT_CHAIN_BROKEN'
  | 'CRC_MISMATCH'
  | 'CHECKSUM_MISMATCH'
  | 'FRAME_TRUNCATED'
  | 'FRAME_INVALID'
  | 'DEVICE_TIMEOUT'
  | 'DEVICE_UNPLUGGED'
  | 'DEVICE_UNSUPPORTED'
  | 'INTERNAL';

export class OpsFlowError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'OpsFlowError';
    this.code = code;
    this.details = details;
  }
}

export function isOpsFlowError(err: unknown): err is OpsFlowError {
  return err instanceof OpsFlowError;
}

/** What crosses a transport when a call fails: never a stack trace. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export function toErrorPayload(err: unknown): ErrorPayload {
  if (isOpsFlowError(err)) return { code: err.code, message: err.message };
  return {
    code: 'INTERNAL',
    message: 'Something went wrong. Try again; if it keeps happening, restart OpsFlow and tell your IT contact.',
  };
}
