import type { Figure } from '../figure';
import { auditPage1m } from './audit-page-1m';
import { auditVerify1m } from './audit-verify-1m';
import { chartYear1m } from './chart-year-1m';
import { loggerImport100k } from './logger-import-100k';
import { signinToFirstScreen } from './signin-to-first-screen';
import { tasksList20k } from './tasks-list-20k';
import { fileImport100k } from './file-import-100k';
import { excursionsYear20 } from './excursions-year-20';
import { inventory2m } from './inventory-2m';
import { hubRelay } from './hub-relay';
import { hubCatchup } from './hub-catchup';
import { hubMemory } from './hub-memory';
import { reportPdf30d20 } from './report-pdf-30d-20';

/** Every figure `npm run bench` prints, in order. A new figure: a file beside this one and a line here. */
export const figures: Figure[] = [signinToFirstScreen, auditPage1m, auditVerify1m, loggerImport100k, chartYear1m, tasksList20k, fileImport100k, excursionsYear20, inventory2m, hubRelay, hubCatchup, hubMemory, reportPdf30d20];
