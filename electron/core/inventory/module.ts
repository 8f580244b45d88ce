import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
import { startDailyReconcile } from './daily-reconcile';
import { inventoryHandlers } from './handlers';
import * as m009 from './migrations/009-inventory-ledger';
import * as m011 from './migrations/011-receiving-checks';
import * as m016 from './migrations/016-transfer-notices';
import { MovementProjection, inventoryProjections, receivingCheckFactKind } from './projections';

export const inventoryModule = defineModule({
  name: 'inventory',
  handlers: inventoryHandlers,
  projections: (store) => inventoryProjections(store),
  factKinds(store) {
    const movements = new MovementProjection(store.sqlite, store.log);
    return [{ kind: BATCH_KIND.stockMovements, changes: 'stock', project: (docName, batch) => movements.project(docName, batch) }, receivingCheckFactKind(store)];
  },
  migrations: { '009-inventory-ledger': m009, '011-receiving-checks': m011, '016-transfer-notices': m016 },
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create: ({ context }) => startDailyReconcile(context),
  },
});
