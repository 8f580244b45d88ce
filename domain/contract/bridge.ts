import { errorPayloadFrom } from '../errors';
import type { CallRequest, CallResponse, CallResult } from './index';
import type { EventMap, Topic } from './events';

/**
 * What a transport gives the renderer. Implemented twice: by the Electron preload (IPC) and by the
 * browser-mode WebSocket client. The renderer wraps it with the session token and typed helpers.
 */
export interface Transport {
  call(request: Omit<CallRequest, 'id'>): Promise<CallResult>;
  subscribe<T extends Topic>(topic: T, listener: (payload: EventMap[T]) => void): () => void;
}

/** Browser-mode WebSocket frames (JSON text). */
export type ClientFrame = { type: 'call'; id: number; method: string; input: unknown; token: string | null };
export type ServerFrame =
  | ({ type: 'result' } & CallResponse)
  | { type: 'event'; topic: Topic; payload: unknown };

/**
 * A call's result as it arrives from the other side of a transport: an error's code is checked
 * against the codes this side knows rather than trusted (see errorPayloadFrom).
 */
export function checkedCallResult(value: unknown): CallResult {
  const result = value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  if (result?.ok === true) return { ok: true, output: result.output };
  return { ok: false, error: errorPayloadFrom(result?.error) };
}

/** Path of the browser-mode contract socket. */
export const RPC_PATH = '/rpc';

/**
 * The Electron transport's names, shared by the shell (main.ts), the preload and the page. Plain
 * strings, so the sandboxed preload's bundle takes them without pulling in any other module.
 */
export const IPC_CALL_CHANNEL = 'opsflow:call';
export const IPC_EVENT_CHANNEL = 'opsflow:event';
/** The window property the preload exposes the Transport on. */
export const IPC_TRANSPORT_GLOBAL = 'opsflowIpc';

/**
 * What only the desktop shell can do for the page: the OS's own dialogs. A browser's file input
 * hands over a file's content, never its path, and the engine restores from a path.
 */
export interface ShellActions {
  /** The OS file dialog; the chosen backup file's path, or null when cancelled. */
  chooseBackupFile(): Promise<string | null>;
}
export const IPC_CHOOSE_BACKUP_FILE_CHANNEL = 'opsflow:choose-backup-file';
/** The window property the preload exposes ShellActions on; absent in browser mode. */
export const SHELL_ACTIONS_GLOBAL = 'opsflowShell';
