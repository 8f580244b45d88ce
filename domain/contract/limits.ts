import { z } from 'zod';

/** Shared field shapes, with caps: an oversize string is bad input, not a problem for the database. */
export const id = z.string().min(1).max(64);
export const shortText = z.string().trim().min(1).max(120);
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9._@-]+$/, 'Use letters, digits, dot, dash, underscore or @.');
export const password = z.string().min(1).max(256);
export const pin = z.string().regex(/^\d{4,6}$/, 'A PIN is 4 to 6 digits.');
export const totpCode = z.string().trim().regex(/^(\d{6}|[a-z0-9]{4}-?[a-z0-9]{4})$/i, 'Enter the 6-digit code or a backup code.');
export const timeZone = z.string().min(1).max(64);
export const temperatureUnit = z.enum(['C', 'F']);
export const epochMs = z.number().int().min(0).max(8.64e15);
