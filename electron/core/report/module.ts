import { defineModule } from '../feature-module';
import { startDailyArchive } from './daily-archive';
import { reportHandlers } from './handlers';
import * as m012 from './migrations/012-archived-months';

/**
 * The inspector's report (PDF and CSV, verifiable); its data comes from the HACCP features' tables.
 * Also the archive: months past the retention leave the everyday tables for archive files.
 */
export const reportModule = defineModule({
  name: 'report',
  handlers: reportHandlers,
  migrations: { '012-archived-months': m012 },
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create: ({ context }) => startDailyArchive(context),
  },
});
