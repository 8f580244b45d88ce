import { IPC_TRANSPORT_GLOBAL, SHELL_ACTIONS_GLOBAL, type ShellActions, type Transport } from '../../domain/contract/bridge';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in browser mode. */
    [IPC_TRANSPORT_GLOBAL]?: Transport;
    /** The desktop shell's dialogs (contextBridge); absent in browser mode. */
    [SHELL_ACTIONS_GLOBAL]?: ShellActions;
  }
}

export {};
