import { z } from 'zod';
import { method } from './define';
import { id, optionalTextFor, shortTextFor, temperatureUnit, timeZone } from './limits';

export interface LocationSummary {
  id: string;
  name: string;
  address: string;
  timeZone: string;
  temperatureUnit: 'C' | 'F';
  /** This PC's own restaurant. */
  isThisDevice: boolean;
}

export const locationName = shortTextFor("The location's name");
export const locationAddress = optionalTextFor('The address', 300);

const locationFields = {
  name: locationName,
  address: locationAddress,
  timeZone,
  temperatureUnit,
};

export const locationMethods = {
  'locations.list': method<LocationSummary[]>()({ input: z.strictObject({}), access: 'locations.view', mutation: false }),
  'locations.create': method<LocationSummary>()({
    input: z.strictObject(locationFields),
    access: 'locations.manage',
    mutation: true,
  }),
  'locations.update': method<LocationSummary>()({
    input: z.strictObject({ locationId: id, ...locationFields }),
    access: 'locations.manage',
    mutation: true,
  }),
};
