import { defineModule } from '../feature-module';
import { reportHandlers } from './handlers';

/** The inspector's report (PDF and CSV, verifiable); its data comes from the HACCP features' tables. */
export const reportModule = defineModule({
  name: 'report',
  handlers: reportHandlers,
});
