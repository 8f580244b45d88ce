// Servers for the hub figures, each in a process of its own so that its CPU time and memory are
// its own, not the clients'.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openHubDatabase, type HubDatabase } from '../../sync-server/storage/database';
import { createTenant, enrollDevice } from '../../sync-server/storage/tenants';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  wsUrl: string;
  /** Resident memory, bytes (VmRSS). */
  rssBytes(): number;
  /** User + system CPU time so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** Extra node flags for the server processes, e.g. OPSFLOW_BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to see where their time goes. */
function serverNodeArgs(): string[] {
  return (process.env.OPSFLOW_BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

function start(args: string[], wsUrlOf: (line: Record<string, unknown>) => string): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...serverNodeArgs(), '--import', 'tsx', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const pid = child.pid!;
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args[0]} exited (${code}) before listening: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({
        wsUrl: wsUrlOf(JSON.parse(line) as Record<string, unknown>),
        rssBytes: () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024,
        cpuMs() {
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
        },
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export function startBareRelay(): Promise<ServerProcess> {
  return start(['bench/hub/bare-relay.ts'], (line) => `ws://127.0.0.1:${String(line.port)}`);
}

export function startHubProcess(dataDir: string): Promise<ServerProcess> {
  return start(['sync-server/main.ts', '--port', '0', '--data-dir', dataDir], (line) => String(line.wsUrl));
}

/** A tenant with one location and a device token on a not yet running hub's data folder; `prepare` may store documents first. */
export async function prepareHubData(dataDir: string, prepare?: (db: HubDatabase, tenantId: string, locationId: string) => Promise<void>) {
  const db = await openHubDatabase({ dataDir });
  try {
    const { tenantId, locationId, enrollmentCode } = await createTenant(db, { name: 'Bench chain', locationName: 'Lyon', nowMs: Date.now() });
    const { token } = await enrollDevice(db, { code: enrollmentCode, deviceName: 'Bench PC', nowMs: Date.now() });
    await prepare?.(db, tenantId, locationId);
    return { tenantId, locationId, token };
  } finally {
    await db.destroy();
  }
}
