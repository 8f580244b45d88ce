import type { CallRequest, CallResult } from '../../domain/contract/index';
import { checkedCallResult, type ClientFrame, type ServerFrame, type Transport } from '../../domain/contract/bridge';
import type { EventMap, Topic } from '../../domain/contract/events';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

const LOST_MESSAGE =
  'The connection to the OpsFlow engine was lost before it answered. Check that OpsFlow is still running, then try again.';
const UNREACHABLE_MESSAGE =
  'OpsFlow cannot reach its engine. Check that OpsFlow is still running, then reload this page.';

/** A call waits this long for the socket to open before it gives up. */
const QUEUE_TIMEOUT_MS = 20_000;
const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 5_000;

interface Waiting {
  frame: ClientFrame;
  resolve: (response: CallResult) => void;
  timer: number;
}

type Listener = (payload: unknown) => void;

/**
 * Browser mode: the contract over one WebSocket to the engine on the same origin. The per-launch
 * secret travels as the HttpOnly cookie the engine set when it served the page, so nothing extra is
 * sent here. Calls made before the socket opens are queued; a dropped socket reconnects with backoff,
 * and calls already sent fail with a clear error (the engine may or may not have run them).
 */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly queued: Waiting[] = [];
  private readonly sent = new Map<number, (response: CallResult) => void>();
  private readonly listeners = new Map<Topic, Set<Listener>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private backoffMs = BACKOFF_FIRST_MS;
  private state: ConnectionState = 'connecting';

  constructor(private readonly url: string) {
    this.connect();
  }

  call(request: Omit<CallRequest, 'id'>): Promise<CallResult> {
    const id = this.nextId++;
    const frame: ClientFrame = { type: 'call', id, method: request.method, input: request.input, token: request.token };
    return new Promise<CallResult>((resolve) => {
      if (this.socket?.readyState === WebSocket.OPEN) {
        this.send(frame, resolve);
        return;
      }
      const waiting: Waiting = {
        frame,
        resolve,
        timer: window.setTimeout(() => {
          const at = this.queued.indexOf(waiting);
          if (at >= 0) this.queued.splice(at, 1);
          resolve({ ok: false, error: { code: 'ENGINE_UNREACHABLE', message: UNREACHABLE_MESSAGE } });
        }, QUEUE_TIMEOUT_MS),
      };
      this.queued.push(waiting);
    });
  }

  subscribe<T extends Topic>(topic: T, listener: (payload: EventMap[T]) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    const untyped = listener as Listener;
    set.add(untyped);
    return () => {
      set.delete(untyped);
    };
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => {
      this.stateListeners.delete(listener);
    };
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.backoffMs = BACKOFF_FIRST_MS;
      this.setState('open');
      for (const waiting of this.queued.splice(0)) {
        window.clearTimeout(waiting.timer);
        this.send(waiting.frame, waiting.resolve);
      }
    });
    socket.addEventListener('message', (event) => this.receive(event.data));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.failSent();
      this.setState('reconnecting');
      const delay = this.backoffMs * (0.75 + Math.random() * 0.5);
      this.backoffMs = Math.min(this.backoffMs * 2, BACKOFF_MAX_MS);
      window.setTimeout(() => this.connect(), delay);
    });
    // 'error' is always followed by 'close', which does the work.
  }

  private send(frame: ClientFrame, resolve: (response: CallResult) => void): void {
    this.sent.set(frame.id, resolve);
    this.socket?.send(JSON.stringify(frame));
  }

  private failSent(): void {
    for (const resolve of this.sent.values()) {
      resolve({ ok: false, error: { code: 'CONNECTION_LOST', message: LOST_MESSAGE } });
    }
    this.sent.clear();
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    if (frame.type === 'result') {
      const resolve = this.sent.get(frame.id);
      if (!resolve) return;
      this.sent.delete(frame.id);
      resolve(checkedCallResult(frame));
    } else if (frame.type === 'event') {
      for (const listener of this.listeners.get(frame.topic) ?? []) listener(frame.payload);
    }
  }
}
