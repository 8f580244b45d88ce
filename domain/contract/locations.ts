import { z } from 'zod';
import { method } from './define';
import { id, shortText, temperatureUnit, timeZone } from './limits';

export interface LocationSummary {
  id: string;
  name: string;
  address: string;
  timeZone: string;
  temperatureUnit: 'C' | 'F';
  /** This PC's own restaurant. */
  isThisDevice: boolean;
}

const locationFields = {
  name: shortText,
  address: z.string().trim().max(300),
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
