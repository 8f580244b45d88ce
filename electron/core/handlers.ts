import type { Handlers } from './dispatcher';
import { accountHandlers } from './account/handlers';
import { auditHandlers } from './audit/handlers';
import { authHandlers } from './auth/handlers';
import { backupHandlers } from './backup/handlers';
import { deviceHandlers } from './devices/handlers';
import { locationHandlers } from './locations/handlers';
import { sensorHandlers } from './sensors/handlers';
import { settingsHandlers } from './settings/handlers';
import { setupHandlers } from './setup/handlers';
import { userHandlers } from './users/handlers';

/** Every method of the contract has exactly one handler: the type checker refuses a missing one. */
export const handlers: Handlers = {
  ...setupHandlers,
  ...authHandlers,
  ...accountHandlers,
  ...userHandlers,
  ...locationHandlers,
  ...settingsHandlers,
  ...auditHandlers,
  ...backupHandlers,
  ...deviceHandlers,
  ...sensorHandlers,
};
