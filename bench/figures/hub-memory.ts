import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { figureResult, type Bench, type Figure } from '../figure';
import { logDocOf } from '../hub/rooms';
import { prepareHubData, startBareRelay, startHubProcess, type ServerProcess } from '../hub/server-process';
import { WireClient } from '../hub/wire-client';

const IDLE_CONNECTIONS = 400;
const DOCUMENTS = 200;
/** Each document holds a day of one sensor's readings' worth of bytes (an opaque batch the hub does not project). */
const BATCH_BYTES = 2_900;

interface Memory {
  perConnection: number;
  perDocument: number;
}

/**
 * Server memory (resident set, each server in its own process): per idle connection (400 on one
 * document) and per loaded document (200 documents of one ~3 KB batch each, one connection each,
 * less a connection's share), the hub against the bare y-websocket relay in the same run.
 */
export const hubMemory: Figure = {
  name: 'hub-memory',
  description: `hub memory per idle connection (${IDLE_CONNECTIONS}) and per loaded document (${DOCUMENTS}) vs a bare y-websocket relay (KiB)`,
  async run(bench: Bench) {
    const relay = await startBareRelay();
    const bare = await memoryOf(relay, (n) => `${relay.wsUrl}/bench/${n}`).finally(() => relay.stop());
    const dataDir = bench.workDir('hub-memory');
    const site = await prepareHubData(dataDir);
    const hubProcess = await startHubProcess(dataDir);
    const hub = await memoryOf(hubProcess, (n) => `${hubProcess.wsUrl}/${logDocOf(site.tenantId, site.locationId, n)}?token=${site.token}`).finally(() => hubProcess.stop());
    bench.note(`  bare relay: ${(bare.perConnection / 1024).toFixed(1)} KiB a connection, ${(bare.perDocument / 1024).toFixed(1)} KiB a document`);
    bench.note(`  hub: ${(hub.perConnection / 1024).toFixed(1)} KiB a connection, ${(hub.perDocument / 1024).toFixed(1)} KiB a document`);
    return [
      figureResult('hub-memory.per-connection', 'KiB', hub.perConnection / 1024, bare.perConnection / 1024),
      figureResult('hub-memory.per-document', 'KiB', hub.perDocument / 1024, bare.perDocument / 1024),
    ];
  },
};

async function memoryOf(server: ServerProcess, urlOf: (doc: number) => string): Promise<Memory> {
  // Fill the documents first (through a writer each), so that the measured load reads them back.
  for (let n = 1; n <= DOCUMENTS; n++) {
    const writer = await WireClient.open(urlOf(n));
    const batch = new Uint8Array(BATCH_BYTES).map((_, i) => (i * 31 + n) & 0xff);
    batch[0] = 99;
    writer.send(FACT_BATCHES_MAP, `b${n}`, batch);
    await writer.catchUp();
    writer.close();
  }
  // One document held open, then its idle connections.
  const holder = await WireClient.open(urlOf(0));
  await settle();
  const base = server.rssBytes();
  const idle: WireClient[] = [];
  for (let i = 0; i < IDLE_CONNECTIONS; i++) idle.push(await WireClient.open(urlOf(0)));
  await settle();
  const withIdle = server.rssBytes();
  const perConnection = (withIdle - base) / IDLE_CONNECTIONS;
  const loaded: WireClient[] = [];
  for (let n = 1; n <= DOCUMENTS; n++) loaded.push(await WireClient.open(urlOf(n)));
  await settle();
  const perDocument = (server.rssBytes() - withIdle) / DOCUMENTS - perConnection;
  [holder, ...idle, ...loaded].forEach((c) => c.close());
  return { perConnection, perDocument };
}

/** Lets the server finish what the last connections started before its memory is read. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1_000));
}
