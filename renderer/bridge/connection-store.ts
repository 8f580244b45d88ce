import { create } from 'zustand';
import { getTransport } from './transport';
import type { ConnectionState } from './websocket-transport';

export const useConnectionStore = create<{ state: ConnectionState }>()(() => ({ state: 'connecting' }));

/** Mirrors the transport's connection state into the store (call once at start). */
export function watchConnection(): void {
  getTransport().onStateChange((state) => useConnectionStore.setState({ state }));
}
