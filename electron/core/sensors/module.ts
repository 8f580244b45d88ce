import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
import { CalibrationProjection } from './calibration-projection';
import { sensorHandlers } from './handlers';
import * as m002 from './migrations/002-sensors-readings';
import { sensorsProjection } from './sensors-projection';

export const sensorsModule = defineModule({
  name: 'sensors',
  handlers: sensorHandlers,
  projections: (store) => [sensorsProjection(store)],
  factKinds(store) {
    const calibrations = new CalibrationProjection(store.sqlite, store.log);
    return [{ kind: BATCH_KIND.calibration, changes: 'calibrations', project: (docName, batch) => calibrations.project(docName, batch) }];
  },
  migrations: { '002-sensors-readings': m002 },
});
