import { IPC_TRANSPORT_GLOBAL, type Transport } from '../../domain/contract/bridge';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in browser mode. */
    [IPC_TRANSPORT_GLOBAL]?: Transport;
  }
}

export {};
