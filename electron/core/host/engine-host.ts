import type { CallRequest, CallResult } from '../../../domain/contract';
import { isOpsFlowError, toErrorPayload } from '../../../domain/errors';
import { Engine } from '../engine';
import type { Logger } from '../logger';
import { describeRefusal, toHostMessage, type FromHostMessage, type HostStartOptions, type MessagePortLike } from './host-protocol';

export interface EngineHost {
  /** Stops as a stop message would; the entry calls it when the process that started it goes away. */
  stop(): Promise<void>;
  /** The exit code the host's process should end with, once the host is done: 0 after a stop, 1 after a failed start. */
  readonly done: Promise<number>;
}

const NOT_UNDERSTOOD: CallResult = { ok: false, error: { code: 'BAD_INPUT', message: 'The request was not understood.' } };
const NOT_RUNNING: CallResult = { ok: false, error: { code: 'INTERNAL', message: 'OpsFlow is starting or closing. Try again in a moment.' } };

/** The id of a message that looks like a call, so even a malformed call gets an answer instead of a caller waiting forever. */
function callIdOf(raw: unknown): number | null {
  if (!raw || typeof raw !== 'object') return null;
  const { type, id } = raw as { type?: unknown; id?: unknown };
  return type === 'call' && typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : null;
}

/**
 * The engine in a process of its own (an Electron utilityProcess, or a Node child process in
 * tests): opens the engine on `start`, answers calls, forwards every event with its target and
 * audience (the shell forwards it to the window holding one of those sessions), and closes on `stop`. Heavy calls (a 100,000-reading
 * import, an audit verify) then block this process, never the window.
 */
export function serveEngine(port: MessagePortLike<FromHostMessage>, log: Logger): EngineHost {
  let state: 'idle' | 'starting' | 'running' | 'stopping' | 'ended' = 'idle';
  let engine: Engine | null = null;
  let starting: Promise<void> = Promise.resolve();
  let stopping: Promise<void> | null = null;
  let stopEvents = () => {};
  const inFlight = new Set<Promise<void>>();
  let resolveDone!: (exitCode: number) => void;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  let stopReceiving = () => {};
  // Once done, the host hears nothing more: its process can end.
  const finish = (exitCode: number) => {
    stopReceiving();
    resolveDone(exitCode);
  };

  const sendResult = (id: number, result: CallResult) => {
    try {
      port.postMessage({ type: 'result', id, result });
    } catch (err) {
      // An output that cannot cross the process boundary is a bug in a handler; the caller still gets an answer.
      log.error({ err, id }, 'a call result could not be sent to the shell');
      port.postMessage({ type: 'result', id, result: { ok: false, error: toErrorPayload(err) } });
    }
  };

  async function start(options: HostStartOptions): Promise<void> {
    state = 'starting';
    try {
      const { secretKeyBase64, ...engineOptions } = options;
      const secretKey = secretKeyBase64 === undefined ? undefined : { key: () => Buffer.from(secretKeyBase64, 'base64') };
      engine = await Engine.open({ ...engineOptions, secretKey, log });
    } catch (err) {
      // A data folder from a newer version, a locked or unreadable file: the shell says so and quits.
      log.error({ err }, 'the engine could not start');
      state = 'ended';
      const message = isOpsFlowError(err) ? err.message : `OpsFlow could not open its data folder (${(err as Error)?.message ?? String(err)}).`;
      port.postMessage({ type: 'fatal', message });
      finish(1);
      return;
    }
    stopEvents = engine.events.listen((topic, payload, target, audience) => {
      try {
        port.postMessage({ type: 'event', topic, payload, target, audience: [...audience] });
      } catch (err) {
        // Never let a failed send break the engine code that emitted the event.
        log.error({ err, topic }, 'an event could not be sent to the shell');
      }
    });
    state = 'running';
    port.postMessage({ type: 'ready' });
  }

  function call(id: number, request: Omit<CallRequest, 'id'>): void {
    if (state !== 'running' || !engine) {
      sendResult(id, NOT_RUNNING);
      return;
    }
    const answered = engine
      .dispatch(request)
      .catch((err: unknown): CallResult => {
        log.error({ err, method: request.method }, 'the dispatcher failed');
        return { ok: false, error: toErrorPayload(err) };
      })
      .then((result) => sendResult(id, result));
    inFlight.add(answered);
    void answered.finally(() => inFlight.delete(answered));
  }

  function stop(): Promise<void> {
    stopping ??= (async () => {
      await starting;
      if (state === 'ended') return; // the start failed and was reported: nothing to close
      state = 'stopping';
      // Calls already running finish on an open database; new ones are refused from here on.
      await Promise.allSettled([...inFlight]);
      stopEvents();
      try {
        await engine?.close();
      } catch (err) {
        log.error({ err }, 'the engine did not close cleanly');
      }
      engine = null;
      state = 'ended';
      port.postMessage({ type: 'stopped' });
      finish(0);
    })();
    return stopping;
  }

  stopReceiving = port.onMessage((raw) => {
    const parsed = toHostMessage.safeParse(raw);
    if (!parsed.success) {
      log.warn({ reason: describeRefusal(parsed.error) }, 'refused a malformed message from the shell');
      const id = callIdOf(raw);
      if (id !== null) sendResult(id, NOT_UNDERSTOOD);
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start':
        if (state !== 'idle') {
          log.warn({ state }, 'refused a second start message');
          return;
        }
        starting = start(message.options);
        return;
      case 'call':
        call(message.id, { method: message.request.method, input: message.request.input, token: message.request.token });
        return;
      case 'stop':
        void stop();
        return;
    }
  });

  return { stop, done };
}
