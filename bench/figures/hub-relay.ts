import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { figureResult, type Bench, type Figure } from '../figure';
import { median } from '../measure';
import { logDocOf } from '../hub/rooms';
import { prepareHubData, startBareRelay, startHubProcess, type ServerProcess } from '../hub/server-process';
import { WireClient } from '../hub/wire-client';

/**
 * The figure: 500 clients (OPSFLOW_BENCH_HUB_CLIENTS to change it). Clients and servers
 * share the machine's two cores; every delivery still arrived in runs at a load average of 20.
 */
const CLIENTS = Number(process.env.OPSFLOW_BENCH_HUB_CLIENTS ?? 500);
/** PCs per document, as at a location: each update goes to the other four. */
const PER_ROOM = 5;
const WARMUP_MS = 3_000;
const MEASURE_MS = 10_000;
/** A batch kind no projection reads: the figure is the relay path (check, store, relay), not a projection. */
const OPAQUE_KIND = 99;

interface RelayRun {
  p50Ms: number;
  p99Ms: number;
  /** Server CPU time per wall-clock second while measuring, ms. */
  cpuMsPerS: number;
  received: number;
}

/**
 * Relay latency with CLIENTS connected clients, PER_ROOM to a log document, each setting a small
 * batch once a second: from the send to each other client of the document receiving it, through
 * the hub (token, append-only check, journaled, relayed, then stored in PGlite) against a bare
 * y-websocket relay (no auth, no persistence) in the same run, each server in its own process.
 * Target: hub p99 ≤ 2× the relay's.
 */
export const hubRelay: Figure = {
  name: 'hub-relay',
  description: `hub relay latency p50/p99 and CPU, ${CLIENTS} clients (${PER_ROOM} per document) each sending an update a second, vs a bare y-websocket relay (ms; target p99 ≤ 2×)`,
  async run(bench: Bench) {
    const relay = await startBareRelay();
    const bare = await relayRun(relay, (n) => `${relay.wsUrl}/bench/${n}`).finally(() => relay.stop());
    bench.note(`  bare relay: p50 ${bare.p50Ms.toFixed(2)} ms, p99 ${bare.p99Ms.toFixed(2)} ms, ${bare.received} deliveries, CPU ${bare.cpuMsPerS.toFixed(0)} ms/s`);
    const dataDir = bench.workDir('hub-relay');
    const site = await prepareHubData(dataDir);
    const hubProcess = await startHubProcess(dataDir);
    const hub = await relayRun(hubProcess, (n) => `${hubProcess.wsUrl}/${logDocOf(site.tenantId, site.locationId, n)}?token=${site.token}`).finally(() => hubProcess.stop());
    bench.note(`  hub: p50 ${hub.p50Ms.toFixed(2)} ms, p99 ${hub.p99Ms.toFixed(2)} ms, ${hub.received} deliveries, CPU ${hub.cpuMsPerS.toFixed(0)} ms/s`);
    return [
      figureResult('hub-relay.p50', 'ms', hub.p50Ms, bare.p50Ms),
      figureResult('hub-relay.p99', 'ms', hub.p99Ms, bare.p99Ms),
      figureResult('hub-relay.cpu', 'CPU ms/s', hub.cpuMsPerS, bare.cpuMsPerS),
    ];
  },
};

async function relayRun(server: ServerProcess, urlOf: (room: number) => string): Promise<RelayRun> {
  const clients: WireClient[] = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await WireClient.open(urlOf(Math.floor(i / PER_ROOM))));
  const latencies: number[] = [];
  let measuring = false;
  for (const client of clients) {
    client.doc.getMap<Uint8Array>(FACT_BATCHES_MAP).observe((event, transaction) => {
      if (transaction.origin !== 'server' || !measuring) return;
      const now = performance.now();
      for (const key of event.keysChanged) {
        const batch = event.target.get(key);
        if (batch) latencies.push(now - new DataView(batch.buffer, batch.byteOffset + 1, 8).getFloat64(0));
      }
    });
  }
  let seq = 0;
  const timers = clients.map((client, i) =>
    setTimeout(() => {
      const tick = () => {
        const batch = new Uint8Array(41);
        batch[0] = OPAQUE_KIND;
        new DataView(batch.buffer).setFloat64(1, performance.now());
        client.send(FACT_BATCHES_MAP, `c${i}-${seq++}`, batch);
      };
      tick();
      intervals.push(setInterval(tick, 1000));
    }, (i * 1000) / CLIENTS),
  );
  const intervals: NodeJS.Timeout[] = [];
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  measuring = true;
  const cpuBefore = server.cpuMs();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const cpuMsPerS = (server.cpuMs() - cpuBefore) / (MEASURE_MS / 1000);
  timers.forEach(clearTimeout);
  intervals.forEach(clearInterval);
  // Late deliveries of what was sent while measuring still count: dropping them would flatter the p99.
  await new Promise((r) => setTimeout(r, 2_000));
  measuring = false;
  clients.forEach((c) => c.close());
  const sorted = latencies.sort((a, b) => a - b);
  const expected = CLIENTS * (PER_ROOM - 1) * (MEASURE_MS / 1000);
  if (sorted.length < expected * 0.9) throw new Error(`only ${sorted.length} of about ${expected} deliveries arrived: the server fell behind`);
  return { p50Ms: median(sorted), p99Ms: sorted[Math.floor(sorted.length * 0.99)]!, cpuMsPerS, received: sorted.length };
}
