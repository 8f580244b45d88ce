import { z } from 'zod';
import { method } from './define';
import { password, shortTextFor, temperatureUnit, timeZone, username } from './limits';
import { locationAddress, locationName } from './locations';
import { displayName } from './users';
import type { SessionInfo } from './auth';

export interface SetupStatus {
  isSetUp: boolean;
  organizationName: string | null;
  deviceLocationName: string | null;
}

export const organizationName = shortTextFor("The organization's name");

export const setupMethods = {
  'setup.status': method<SetupStatus>()({ input: z.strictObject({}), access: 'public', mutation: false }),
  /** First run only: the organization, its first location, and the first administrator. */
  'setup.create': method<SessionInfo>()({
    input: z.strictObject({
      organizationName,
      location: z.strictObject({
        name: locationName,
        address: locationAddress,
        timeZone,
        temperatureUnit,
      }),
      admin: z.strictObject({ displayName, username, password }),
    }),
    access: 'public',
    mutation: true,
  }),
};
