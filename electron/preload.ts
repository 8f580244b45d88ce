// Exposes the typed contract's transport to the page — invoke and subscribe, nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const CALL = 'opsflow:call';
const EVENT = 'opsflow:event';

contextBridge.exposeInMainWorld('opsflowIpc', {
  call: (request: { method: string; input: unknown; token: string | null }) => ipcRenderer.invoke(CALL, request),
  subscribe: (topic: string, listener: (payload: unknown) => void) => {
    const handler = (_event: IpcRendererEvent, eventTopic: string, payload: unknown) => {
      if (eventTopic === topic) listener(payload);
    };
    ipcRenderer.on(EVENT, handler);
    return () => ipcRenderer.removeListener(EVENT, handler);
  },
});
