import { defineModule } from '../feature-module';
import { startDailyBackups } from './daily-backup';
import { backupHandlers } from './handlers';

export const backupModule = defineModule({
  name: 'backup',
  handlers: backupHandlers,
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create: ({ context }) => startDailyBackups(context),
  },
});
