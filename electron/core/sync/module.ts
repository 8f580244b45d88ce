import { defineModule } from '../feature-module';
import { syncHandlers } from './handlers';
import { SyncService, type SyncServiceOptions } from './sync-service';

export const syncModule = defineModule({
  name: 'sync',
  handlers: syncHandlers,
  service: {
    // Always running but idle until this PC is enrolled; `sync: false` leaves it out entirely.
    options: ({ sync }) => (sync === false ? null : typeof sync === 'object' ? (sync as SyncServiceOptions) : {}),
    create: ({ context, options }) => new SyncService(context, options),
  },
});
