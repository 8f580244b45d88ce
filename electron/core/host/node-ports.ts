import type { ChildProcess } from 'node:child_process';
import type { MessagePortLike } from './host-protocol';

/**
 * The child's end of a fork()ed process's IPC channel. `flushed()` settles once every message
 * posted so far has been handed to the channel, so the process can exit without losing the last one.
 */
export function parentProcessPort<Out>(): MessagePortLike<Out> & { flushed(): Promise<void> } {
  let lastSent = Promise.resolve();
  return {
    postMessage(message) {
      const send = process.send?.bind(process);
      if (!send || !process.connected) return; // the parent is gone: nobody to tell
      // With a callback, a failed send is reported there instead of as an 'error' that would end the process.
      lastSent = new Promise<void>((resolve) => send(message, undefined, {}, () => resolve()));
    },
    onMessage(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
    flushed: () => lastSent,
  };
}

/** The parent's end of a fork()ed child's IPC channel. */
export function childProcessPort<Out>(child: ChildProcess): MessagePortLike<Out> {
  return {
    postMessage(message) {
      // With a callback, sending to a child that has exited fails quietly; its 'exit' says the rest.
      child.send(message as Parameters<ChildProcess['send']>[0], () => {});
    },
    onMessage(listener) {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
  };
}
