import type { Transport } from '../../domain/contract/bridge';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in browser mode. */
    opsflowIpc?: Transport;
  }
}

export {};
