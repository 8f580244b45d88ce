import type { CallRequest, CallResult, EventMap, Topic } from '../../../domain/contract';
import type { EventAudience, EventTarget } from '../events';
import type { Logger } from '../logger';
import type { ContractEndpoint } from '../transport/ipc-bridge';
import { describeRefusal, fromHostMessage, type HostStartOptions, type MessagePortLike, type ToHostMessage } from './host-protocol';

type EventListener = (topic: Topic, payload: EventMap[Topic], target: EventTarget, audience: EventAudience) => void;

const HOST_GONE: CallResult = { ok: false, error: { code: 'INTERNAL', message: 'The OpsFlow engine has stopped. Restart OpsFlow.' } };

/**
 * The shell's side of the engine host: the same contract as `Engine.dispatch` and
 * `engine.events`, spoken over a message port to the engine in another process.
 */
export class EngineHostClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: CallResult) => void>();
  private readonly listeners = new Set<EventListener>();
  private starting: { resolve: () => void; reject: (err: Error) => void } | null = null;
  private readonly stopWaiters = new Set<() => void>();
  private gone = false;

  /** This client in the shape IpcBridge takes an engine, so the shell's per-window event targeting is unchanged. */
  readonly endpoint: ContractEndpoint = {
    dispatch: (request) => this.call(request),
    events: { listen: (listener) => this.onEvent(listener) },
  };

  constructor(
    private readonly port: MessagePortLike<ToHostMessage>,
    private readonly log: Logger,
  ) {
    port.onMessage((raw) => this.receive(raw));
  }

  /** Opens the engine in the host; rejects with the host's sentence when it cannot (e.g. a data folder from a newer version). */
  start(options: HostStartOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.starting = { resolve, reject };
      this.port.postMessage({ type: 'start', options });
    });
  }

  call(request: Omit<CallRequest, 'id'>): Promise<CallResult> {
    if (this.gone) return Promise.resolve(HOST_GONE);
    const id = this.nextId++;
    return new Promise<CallResult>((resolve) => {
      this.pending.set(id, resolve);
      try {
        this.port.postMessage({ type: 'call', id, request: { method: request.method, input: request.input, token: request.token } });
      } catch (err) {
        // An input that cannot be cloned, or a port already closed.
        this.pending.delete(id);
        this.log.warn({ err, method: request.method }, 'a call could not be sent to the engine');
        resolve({ ok: false, error: { code: 'BAD_INPUT', message: 'The request was not understood.' } });
      }
    });
  }

  /** Every engine event with its target and audience; the caller forwards it to whoever holds a session of the audience. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Asks the host to close the engine (calls already running finish first). True once it has
   * stopped or its process is gone; false if neither happened within `timeoutMs`.
   */
  stop(timeoutMs: number): Promise<boolean> {
    if (this.gone) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.stopWaiters.delete(stopped);
        resolve(false);
      }, timeoutMs);
      const stopped = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.stopWaiters.add(stopped);
      try {
        this.port.postMessage({ type: 'stop' });
      } catch (err) {
        this.log.warn({ err }, 'the stop message could not be sent to the engine');
        this.stopWaiters.delete(stopped);
        clearTimeout(timer);
        resolve(false);
      }
    });
  }

  /** The host stopped or its process ended: calls waiting for it are answered, later ones fail at once. */
  hostGone(): void {
    this.gone = true;
    for (const resolve of this.pending.values()) resolve(HOST_GONE);
    this.pending.clear();
    this.starting?.reject(new Error('The OpsFlow engine ended before it was ready.'));
    this.starting = null;
    for (const stopped of this.stopWaiters) stopped();
    this.stopWaiters.clear();
  }

  private receive(raw: unknown): void {
    const parsed = fromHostMessage.safeParse(raw);
    if (!parsed.success) {
      this.log.warn({ reason: describeRefusal(parsed.error) }, 'refused a malformed message from the engine');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'ready':
        this.starting?.resolve();
        this.starting = null;
        return;
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result as CallResult);
        return;
      }
      case 'event':
        for (const listener of this.listeners) listener(message.topic as Topic, message.payload as EventMap[Topic], message.target, message.audience);
        return;
      case 'stopped':
        this.hostGone();
        return;
      case 'fatal':
        this.log.error({ message: message.message }, 'the engine reported a fatal error');
        this.starting?.reject(new Error(message.message));
        this.starting = null;
        this.hostGone();
        return;
    }
  }
}
