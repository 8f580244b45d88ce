import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
import { ExcursionRuns } from '../haccp/excursion-runs';
import * as m004 from './migrations/004-reading-humidity';
import { readingsHandlers } from './handlers';
import { ReadingsProjection } from './readings-projection';

/**
 * Readings are stored through the readings seam (store-readings.ts) and charted by the sensors
 * feature; files of readings come in and go out here (import-readings.ts, export-readings.ts).
 */
export const readingsModule = defineModule({
  name: 'readings',
  handlers: readingsHandlers,
  factKinds(store) {
    const readings = new ReadingsProjection(store.sqlite, store.log);
    // HACCP's out-of-range runs follow the readings in the same transaction, whichever PC stored them.
    const runs = new ExcursionRuns(store.sqlite);
    const project = (docName: string, batch: Uint8Array) => {
      const stored = readings.project(docName, batch);
      if (stored.added > 0) runs.follow(stored.sensorId, stored.fromMs, stored.toMs, stored.anyOutOfRange);
    };
    return [{ kind: BATCH_KIND.readings, changes: 'readings', project }];
  },
  migrations: { '004-reading-humidity': m004 },
});
