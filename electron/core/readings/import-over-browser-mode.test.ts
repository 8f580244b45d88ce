import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerFrame } from '../../../domain/contract/bridge';
import { formatPlainCsv } from '../../../domain/readings/import/plain-export';
import type { Engine } from '../engine';
import { openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { startBrowserServer, type BrowserServer } from '../transport/browser-server';

let engine: Engine;
let server: BrowserServer;
let token: string;
let cleanup: () => void;
beforeAll(async () => {
  const temp = tempDataDir();
  cleanup = temp.cleanup;
  engine = await openTestEngine({ dataDir: join(temp.dir, 'data') });
  token = (await setUpOrganization(engine)).token;
  const rendererDir = join(temp.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>OpsFlow</title>');
  server = await startBrowserServer(engine, { port: 0, rendererDir });
});
afterAll(async () => {
  await server.close();
  engine.close();
  cleanup();
});

it('the browser mode socket carries a readings file of several megabytes in one call (the UI sends files whole)', async () => {
  // Three months of one-minute readings with humidity: some 4 MB, four times the socket's old frame limit.
  const n = 130_000;
  const atMs = Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1) + i * 60_000);
  const text = formatPlainCsv({ atMs, tempCentiC: atMs.map((_, i) => 300 + (i % 200)), humidityCentiPct: atMs.map(() => 5000) }, 'America/New_York');
  expect(text.length).toBeGreaterThan(4_000_000);

  const origin = `http://127.0.0.1:${server.port}`;
  const key = new URL(server.url).searchParams.get('key')!;
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { Cookie: `opsflow_key=${key}` }, origin });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  try {
    // A frame over the server's limit closes the socket (1009): the answer is then that close.
    const reply = new Promise<ServerFrame | { closed: number }>((resolve) => {
      ws.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString()) as ServerFrame;
        if (frame.type === 'result') resolve(frame);
      });
      ws.once('close', (code) => resolve({ closed: code }));
    });
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'readings.previewImport', input: { text, sensorName: 'Walk-in cooler' }, token }));
    expect(await reply).toMatchObject({ type: 'result', id: 1, ok: true, output: { readings: n, badLineCount: 0, newSensor: true } });
  } finally {
    ws.close();
  }
});
