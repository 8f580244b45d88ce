import { z } from 'zod';
import { method } from './define';
import { password, shortText, temperatureUnit, timeZone, username } from './limits';
import type { SessionInfo } from './auth';

export interface SetupStatus {
  isSetUp: boolean;
  organizationName: string | null;
  deviceLocationName: string | null;
}

export const setupMethods = {
  'setup.status': method<SetupStatus>()({ input: z.strictObject({}), access: 'public', mutation: false }),
  /** First run only: the organization, its first location, and the first administrator. */
  'setup.create': method<SessionInfo>()({
    input: z.strictObject({
      organizationName: shortText,
      location: z.strictObject({
        name: shortText,
        address: z.string().trim().max(300),
        timeZone,
        temperatureUnit,
      }),
      admin: z.strictObject({ displayName: shortText, username, password }),
    }),
    access: 'public',
    mutation: true,
  }),
};
