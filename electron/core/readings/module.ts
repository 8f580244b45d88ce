import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
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
    return [{ kind: BATCH_KIND.readings, changes: 'readings', project: (docName, batch) => void readings.project(docName, batch) }];
  },
  migrations: { '004-reading-humidity': m004 },
});
