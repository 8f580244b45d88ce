import { createHash } from 'node:crypto';

/** Codes and tokens are random enough that a slow hash adds nothing; a stolen database gives no working one. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
