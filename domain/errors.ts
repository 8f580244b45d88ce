/**
 * The one error type OpsFlow raises on purpose. `code` is stable (tests, CLI exit paths and the UI
 * key off it); `message` is a sentence for the person in front of the screen: what happened and
 * what to do next. Anything that is not an OpsFlowError is unexpected and shown as
 * "Something went wrong" by the dispatcher.
 */
export const ERROR_CODES = [
  'BAD_INPUT',
  'UNKNOWN_METHOD',
  'NOT_SIGNED_IN',
  'SESSION_LOCKED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'ALREADY_SET_UP',
  'NOT_SET_UP',
  'BAD_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_INACTIVE',
  'TOTP_REQUIRED',
  'TOTP_INVALID',
  'WEAK_PASSWORD',
  'SCHEMA_TOO_NEW',
  'BACKUP_INVALID',
  'BACKUP_FOREIGN',
  'AUDIT_CHAIN_BROKEN',
  'CRC_MISMATCH',
  'CHECKSUM_MISMATCH',
  'FRAME_TRUNCATED',
  'FRAME_INVALID',
  'DEVICE_TIMEOUT',
  'DEVICE_UNPLUGGED',
  'DEVICE_UNSUPPORTED',
  'PORT_UNAVAILABLE',
  'INTERNAL',
  // Raised on the UI's side of the wire when the engine cannot answer, never by the engine.
  'CONNECTION_LOST',
  'ENGINE_UNREACHABLE',
  // Connecting this PC to a hub (sync.enroll).
  'HUB_UNREACHABLE',
  'ENROLLMENT_REFUSED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

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

/** A call or frame that is not the shape of any request: a bug or a stranger, not the person. */
export const REQUEST_NOT_UNDERSTOOD = 'The request was not understood.';

/** What the person is told about an error OpsFlow did not expect: never a stack trace. */
export const SOMETHING_WENT_WRONG =
  'Something went wrong. Try again; if it keeps happening, restart OpsFlow and tell your IT contact.';

export function toErrorPayload(err: unknown): ErrorPayload {
  if (isOpsFlowError(err)) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: SOMETHING_WENT_WRONG };
}

/**
 * An error as it arrives over a transport, checked: a code this side does not know (an engine
 * newer than the window) becomes INTERNAL, and a missing sentence the generic one.
 */
export function errorPayloadFrom(value: unknown): ErrorPayload {
  const e = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const message = typeof e.message === 'string' && e.message.length > 0 ? e.message : SOMETHING_WENT_WRONG;
  return isErrorCode(e.code) ? { code: e.code, message } : { code: 'INTERNAL', message };
}
