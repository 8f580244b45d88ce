import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { verdictFlags } from '../../domain/haccp/verdict';
import { DEFAULT_LIMITS, isInRange } from '../../domain/haccp/limits';
import { encodeReadingsBatch } from '../../domain/readings/readings-batch';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { appendUpdate } from '../../sync-server/storage/doc-store';
import { figureResult, type Bench, type Figure } from '../figure';
import { measurePair } from '../measure';
import { coolerLogTenths, MINUTE_MS } from '../fixtures/temperature-log';
import { prepareHubData, startHubProcess } from '../hub/server-process';
import { WireClient } from '../hub/wire-client';

const SENSORS = 20;
const DAYS = 30;
const PER_DAY = 24 * 60;
const READINGS = SENSORS * DAYS * PER_DAY; // 864,000
const MONTH_START_MS = Date.UTC(2026, 10, 1);

/**
 * A fresh PC catching up a location-month (20 sensors, 1-minute readings with their HACCP
 * verdicts, one batch per sensor per day as a daily logger download makes: 864,000 readings in
 * one log document): bytes received on the wire per reading against the packed batches' own size,
 * and the time from opening the connection to the synced document against copying a file of the
 * packed batches. A year is twelve such documents, each caught up the same way.
 */
export const hubCatchup: Figure = {
  name: 'hub-catchup',
  description: `catch-up of a location-month (${SENSORS} sensors, 1-minute readings, ${(READINGS / 1000).toFixed(0)}k readings) from the hub: wire bytes per reading vs packed size, time vs a file copy`,
  async run(bench: Bench) {
    const dataDir = bench.workDir('hub-catchup');
    const limit = DEFAULT_LIMITS['walk-in-cooler'];
    const batches: Uint8Array[] = [];
    for (let s = 0; s < SENSORS; s++) {
      const tenths = coolerLogTenths(DAYS * PER_DAY, 200 + s);
      for (let d = 0; d < DAYS; d++) {
        const atMs: number[] = [];
        const centiC: number[] = [];
        const flags: number[] = [];
        for (let i = d * PER_DAY; i < (d + 1) * PER_DAY; i++) {
          atMs.push(MONTH_START_MS + i * MINUTE_MS);
          centiC.push(tenths[i]! * 10);
          flags.push(verdictFlags(limit, isInRange(tenths[i]! * 10, limit)));
        }
        batches.push(encodeReadingsBatch({ sensorId: `sensor-${s}`, source: 'download', atMs, tempCentiC: centiC, rawCentiC: centiC, flags }));
      }
    }
    const packedBytes = batches.reduce((sum, b) => sum + b.length, 0);
    let docName = '';
    const site = await prepareHubData(dataDir, async (db, tenantId, locationId) => {
      docName = `${tenantId}/${locationId}/log/2026-11`;
      // Each batch is one update, as the PCs sent them; stored directly (the figure is the catch-up, not the upload).
      const doc = new Y.Doc();
      for (const [i, batch] of batches.entries()) {
        const before = Y.encodeStateVector(doc);
        doc.getMap(FACT_BATCHES_MAP).set(`b${i}`, batch);
        await appendUpdate(db, tenantId, docName, Y.encodeStateAsUpdate(doc, before));
      }
    });
    const packedFile = join(dataDir, 'packed.bin');
    writeFileSync(packedFile, Buffer.concat(batches));
    const hub = await startHubProcess(dataDir);
    let wireBytes = 0;
    try {
      const timing = await measurePair(
        async () => {
          const client = await WireClient.open(`${hub.wsUrl}/${docName}?token=${site.token}`);
          await client.catchUp();
          wireBytes = client.bytesReceived;
          if (client.doc.getMap(FACT_BATCHES_MAP).size !== batches.length) throw new Error('the catch-up missed batches');
          client.close();
        },
        () => copyFileSync(packedFile, join(dataDir, 'copy.bin')),
        { warmup: 1, iterations: 5 },
      );
      bench.note(`  ${READINGS.toLocaleString('en')} readings: ${wireBytes.toLocaleString('en')} bytes on the wire, ${packedBytes.toLocaleString('en')} packed (${(packedBytes / READINGS).toFixed(3)} B/reading)`);
      return [
        figureResult('hub-catchup.bytes-per-reading', 'B/reading', wireBytes / READINGS, packedBytes / READINGS),
        figureResult('hub-catchup.time', 'ms', timing.value.medianMs, timing.reference.medianMs),
      ];
    } finally {
      await hub.stop();
    }
  },
};
