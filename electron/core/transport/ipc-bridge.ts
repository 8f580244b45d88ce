import type { CallRequest, CallResult } from '../../../domain/contract';
import { REQUEST_NOT_UNDERSTOOD } from '../../../domain/errors';
import type { Engine } from '../engine';
import { reachesConnection, type EventBus } from '../events';
import { parseClientFrame } from './connection-frames';

/** Only our own page, loaded from our own file, may call the engine over IPC. */
export function isTrustedSender(senderUrl: string | undefined, rendererIndexUrl: string): boolean {
  if (!senderUrl) return false;
  try {
    const sender = new URL(senderUrl);
    const expected = new URL(rendererIndexUrl);
    return sender.protocol === 'file:' && sender.pathname === expected.pathname;
  } catch {
    return false;
  }
}

/** What the bridge needs of the engine: the engine itself, or a client of the engine in another process. */
export interface ContractEndpoint {
  dispatch: Engine['dispatch'];
  events: Pick<EventBus, 'listen'>;
}

/**
 * The Electron side of the contract, kept out of main.ts so it runs (and is tested) under plain
 * Node: validates the frame, remembers the window's session tokens, and forwards it the events of those sessions.
 */
export class IpcBridge {
  private readonly tokens = new Set<string>();

  constructor(private readonly engine: ContractEndpoint) {}

  async call(senderUrl: string | undefined, rendererIndexUrl: string, request: unknown): Promise<CallResult> {
    if (!isTrustedSender(senderUrl, rendererIndexUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not talk to OpsFlow.' } };
    }
    const frame = parseClientFrame(JSON.stringify({ type: 'call', id: 0, ...(request as Omit<CallRequest, 'id'>) }));
    if (!frame) return { ok: false, error: { code: 'BAD_INPUT', message: REQUEST_NOT_UNDERSTOOD } };
    if (frame.token) this.tokens.add(frame.token);
    return this.engine.dispatch({ method: frame.method, input: frame.input, token: frame.token });
  }

  /** Forwards engine events meant for a session this window holds; nothing before it signs in. */
  onEvent(send: (topic: string, payload: unknown) => void): () => void {
    return this.engine.events.listen((topic, payload, _target, audience) => {
      if (reachesConnection(audience, this.tokens)) send(topic, payload);
    });
  }
}
