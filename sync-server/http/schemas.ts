import { z } from 'zod';

export const EnrollRequest = z
  .object({
    code: z.string().min(1).max(64).meta({ description: 'The one-time enrollment code, as shown to the administrator.', example: 'K7QH-2M9X-PT4C' }),
    deviceName: z.string().trim().min(1).max(100).meta({ description: 'How the administrator will see this device.', example: 'Kitchen PC' }),
  })
  .meta({ id: 'EnrollRequest' });

export const EnrollResponse = z
  .object({
    token: z.string().meta({ description: 'The device token: pass it as ?token= when opening a document.' }),
    tenantId: z.string(),
    locationId: z.string(),
  })
  .meta({ id: 'EnrollResponse' });

export const ErrorResponse = z.object({ error: z.string().meta({ description: 'What went wrong, as a sentence.' }) }).meta({ id: 'Error' });

export const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });
