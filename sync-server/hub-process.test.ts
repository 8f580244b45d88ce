// The hub as its operators run it: a real process, started from the command line, killed with
// SIGKILL in the middle of traffic and started again on the same data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { stockClient, until } from './testing/sync-clients';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// Node itself with tsx's loader, not the tsx command: that one runs the hub in a child process of
// its own, which a SIGKILL to it would leave running.
const started = new Set<ChildProcess>();

function hubCommand(args: string[]): ChildProcess {
  return track(spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } }));
}

/** Every hub process a test starts is stopped at the end, even when the test fails half-way. */
function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

/** Runs a hub command to its end; resolves with its exit status and output. */
function runHub(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = hubCommand(args);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** Starts `npm run hub` on a free port; resolves once it says where it listens. */
function serveHub(dataDir: string): Promise<{ child: ChildProcess; url: string; wsUrl: string }> {
  const child = hubCommand(['--port', '0', '--data-dir', dataDir]);
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const { url, wsUrl } = JSON.parse(line) as { url: string; wsUrl: string };
      resolve({ child, url, wsUrl });
    });
    child.once('exit', (code) => reject(new Error(`The hub exited (${code}) before listening: ${stderr}`)));
  });
}

describe('the hub process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'opsflow-hub-process-'));
  afterAll(() => {
    for (const child of started) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses nothing it acknowledged when killed mid-traffic and started again', async () => {
    const created = await runHub(['tenant', 'create', '--name', 'Chez Nous', '--location', 'Lyon', '--data-dir', dataDir, '--json']);
    expect(created.code).toBe(0);
    const { tenantId, locationId, enrollmentCode } = JSON.parse(created.stdout) as Record<string, string>;
    expect(enrollmentCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const first = await serveHub(dataDir);
    const enrolled = await fetch(`${first.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: enrollmentCode, deviceName: 'Till' }) });
    const { token } = (await enrolled.json()) as { token: string };
    const docName = `${tenantId}/${locationId}/ops`;

    // The writer keeps five changes in flight for every one the observer receives. The hub relays
    // a change only after storing it, so what the observer has seen is what the hub acknowledged.
    const writer = stockClient(first.wsUrl, docName, token);
    const observer = stockClient(first.wsUrl, docName, token);
    await Promise.all([writer.synced, observer.synced]);
    const written = writer.doc.getMap<number>('stock');
    const seen = observer.doc.getMap<number>('stock');
    let next = 0;
    const writeFive = () => writer.doc.transact(() => Array.from({ length: 5 }, () => written.set(`k${next}`, next++)));
    for (let i = 0; i < 5; i++) writeFive();
    seen.observe(() => writeFive());
    await until(observer.doc, () => seen.size >= 200);
    const exited = new Promise((resolve) => first.child.once('exit', (_code, signal) => resolve(signal)));
    first.child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const acknowledged = [...seen.keys()];
    expect(next).toBeGreaterThan(acknowledged.length);
    writer.destroy();
    observer.destroy();

    const second = await serveHub(dataDir);
    const reader = stockClient(second.wsUrl, docName, token);
    await reader.synced;
    const stored = reader.doc.getMap<number>('stock');
    expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
    reader.destroy();
    const stopped = new Promise((resolve) => second.child.once('exit', resolve));
    second.child.kill('SIGTERM');
    expect(await stopped).toBe(0);
  }, 240_000);

  it('says in one line what is wrong with a tenant command, with a non-zero exit', async () => {
    const result = await runHub(['tenant', 'create', '--name', 'Chez Nous', '--data-dir', dataDir]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^opsflow-hub: .*--location/);
  }, 60_000);
});
