// Exposes the typed contract's transport to the page — call and subscribe — and the OS file dialog. The
// preload runs sandboxed, where require knows only electron, events, timers and url: import
// nothing here but Electron and plain constants from domain/, which the bundle inlines.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  IPC_CALL_CHANNEL,
  IPC_CHOOSE_BACKUP_FILE_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_TRANSPORT_GLOBAL,
  SHELL_ACTIONS_GLOBAL,
  type ShellActions,
  type Transport,
} from '../domain/contract/bridge';

const transport = {
  call: (request) => ipcRenderer.invoke(IPC_CALL_CHANNEL, request),
  subscribe: (topic, listener) => {
    const handler = (_event: IpcRendererEvent, eventTopic: string, payload: unknown) => {
      // The shell sends each topic's payload as the contract's EventMap types it.
      if (eventTopic === topic) listener(payload as Parameters<typeof listener>[0]);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
} satisfies Transport;

contextBridge.exposeInMainWorld(IPC_TRANSPORT_GLOBAL, transport);

const shell = {
  chooseBackupFile: () => ipcRenderer.invoke(IPC_CHOOSE_BACKUP_FILE_CHANNEL),
} satisfies ShellActions;
contextBridge.exposeInMainWorld(SHELL_ACTIONS_GLOBAL, shell);
