import { z } from 'zod';

/**
 * Shared field shapes, with caps: an oversize string is bad input, not a problem for the database.
 *
 * A limit a person can run into carries a whole sentence that names the field and says the range
 * ("The idle lock is 1 to 240 minutes."). The dispatcher shows such a sentence as it is, and the
 * renderer checks its forms with the same schemas, so a form and a direct call say the same thing.
 * A sentence ends with a full stop; zod's own messages (for malformed calls) do not.
 */
export const id = z.string().min(1).max(64);

export const SHORT_TEXT_MAX = 120;

/** A name or label that must not be empty: `what` names the field ("The display name"). */
export function shortTextFor(what: string, max = SHORT_TEXT_MAX) {
  return z
    .string(`${what} must be text.`)
    .trim()
    .min(1, `${what} cannot be empty.`)
    .max(max, `${what} is at most ${max} characters.`);
}

/** Free text that may be empty (an address, a note). */
export function optionalTextFor(what: string, max: number) {
  return z.string(`${what} must be text.`).trim().max(max, `${what} is at most ${max} characters.`);
}

/** A whole number in a range, refused with one sentence that says the range. */
export function wholeNumber(min: number, max: number, sentence: string) {
  return z.number(sentence).int(sentence).min(min, sentence).max(max, sentence);
}

export const shortText = shortTextFor('A name');
export const username = z
  .string('A username must be text.')
  .trim()
  .toLowerCase()
  .min(2, 'A username is 2 to 64 characters.')
  .max(64, 'A username is 2 to 64 characters.')
  .regex(/^[a-z0-9._@-]+$/, 'Use letters, digits, dot, dash, underscore or @.');
export const password = z.string().min(1).max(256);
export const pin = z.string().regex(/^\d{4,6}$/, 'A PIN is 4 to 6 digits.');
export const totpCode = z.string().trim().regex(/^(\d{6}|[a-z0-9]{4}-?[a-z0-9]{4})$/i, 'Enter the 6-digit code or a backup code.');
export const timeZone = z.string('Choose a time zone.').min(1, 'Choose a time zone.').max(64, 'Choose a time zone from the list.');
export const temperatureUnit = z.enum(['C', 'F']);
export const epochMs = z.number().int().min(0).max(8.64e15);
