/**
 * The rules a new password must meet, as numbers and sentences. Apart from password-policy.ts (which
 * holds the check itself and zxcvbn's dictionaries, over a megabyte) so the UI can show the rules at
 * once and load the check only when a password field appears.
 */

export const MIN_PASSWORD_LENGTH = 10;

/**
 * zxcvbn's score runs 0 to 4; 3 is "safely unguessable: moderate protection from an offline
 * slow-hash attack" (about 10^10 guesses), which our scrypt hashes are.
 */
export const MIN_PASSWORD_SCORE = 3;

/** The rules in plain sentences, for the password fields to show before anything is typed. */
export const PASSWORD_RULES: readonly string[] = [
  `At least ${MIN_PASSWORD_LENGTH} characters.`,
  'Not containing the username.',
  'Hard to guess: not a common password, a word with a few digits added, a name, a date or a keyboard run. A few unrelated words make a good one.',
];
