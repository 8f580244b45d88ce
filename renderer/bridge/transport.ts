import { RPC_PATH, checkedCallResult, type Transport } from '../../domain/contract/bridge';
import { WebSocketTransport, type ConnectionState } from './websocket-transport';

export interface ChosenTransport {
  transport: Transport;
  /** Connection state for the banner; Electron IPC is always open. */
  onStateChange(listener: (state: ConnectionState) => void): () => void;
}

/** Electron's preload when present, otherwise the browser-mode WebSocket on this page's origin. */
function chooseTransport(): ChosenTransport {
  const ipc = window.opsflowIpc;
  if (ipc) {
    return {
      transport: {
        call: async (request) => checkedCallResult(await ipc.call(request)),
        subscribe: (topic, listener) => ipc.subscribe(topic, listener),
      },
      onStateChange(listener) {
        listener('open');
        return () => {};
      },
    };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocketTransport(`${scheme}://${window.location.host}${RPC_PATH}`);
  return { transport: socket, onStateChange: (listener) => socket.onStateChange(listener) };
}

let chosen: ChosenTransport | null = null;

export function getTransport(): ChosenTransport {
  chosen ??= chooseTransport();
  return chosen;
}
