import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostStartOptions, MessagePortLike } from '../host/host-protocol';
import { TEST_ADMIN } from './test-engine';

/** Fast password hashing and sign-in, as openTestEngine has: the host's options cross as plain data. */
export const TEST_HOST_TUNING: HostStartOptions['tuning'] = { signInDelayBaseMs: 1, passwordCost: { N: 1024, r: 8, p: 1 } };

/** The setup.create input setUpOrganization sends, for tests that speak to a host. */
export const TEST_ORGANIZATION = {
  organizationName: 'Bistro Group',
  location: { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F' },
  admin: TEST_ADMIN,
};

const nodeEntry = fileURLToPath(new URL('../host/node-entry.ts', import.meta.url));

/**
 * The engine host in a Node child process, as the Electron shell has it in a utilityProcess:
 * run by tsx, structured clone on the channel like a MessagePort, stderr kept for the test.
 */
export function forkNodeHost(): {
  child: ChildProcess;
  /** Settles once the child has written `text` to stderr (its log lines). */
  stderrIncludes: (text: string) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = fork(nodeEntry, [], {
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: { ...process.env, OPSFLOW_LOG_LEVEL: 'warn' },
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const stderrIncludes = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!stderr.includes(text)) return;
        child.stderr!.off('data', check);
        resolve();
      };
      child.stderr!.on('data', check);
      check();
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stderrIncludes, exited };
}

/**
 * Two connected in-memory ports, for testing both ends of the engine host in one process: what
 * one end posts reaches the other on a later turn, structured-cloned as it would be between
 * processes (so an output that could not cross a real boundary fails here too).
 */
export function memoryPortPair<AToB, BToA>(): [MessagePortLike<AToB>, MessagePortLike<BToA>] {
  const listenersOfA = new Set<(message: unknown) => void>();
  const listenersOfB = new Set<(message: unknown) => void>();
  const end = <Out>(own: Set<(message: unknown) => void>, other: Set<(message: unknown) => void>): MessagePortLike<Out> => ({
    postMessage(message) {
      const copy = structuredClone(message);
      setImmediate(() => {
        for (const listener of other) listener(copy);
      });
    },
    onMessage(listener) {
      own.add(listener);
      return () => own.delete(listener);
    },
  });
  return [end<AToB>(listenersOfA, listenersOfB), end<BToA>(listenersOfB, listenersOfA)];
}
