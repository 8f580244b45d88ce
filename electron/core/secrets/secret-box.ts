import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Where the 32-byte key that seals secrets at rest comes from. Kept to one method so that each
 * place the engine runs can hold the key its own way:
 * - plain Node (browser mode, the command line, tests): `fileKeyProvider`, a key file in the data
 *   folder that only this OS user can read (key-file.ts);
 * - the desktop app: electron/main.ts can pass `Engine.open({ secretKey })` a provider whose key the
 *   OS keystore guards, with Electron's safeStorage: keep `safeStorage.encryptString(base64 key)` in
 *   a file beside the database, and return `Buffer.from(safeStorage.decryptString(file), 'base64')`.
 *   On first use it should adopt an existing plain key file (wrap it, then delete it) so a data
 *   folder that ran in browser mode first keeps its key. Only main.ts may import electron.
 */
export interface SecretKeyProvider {
  /** The key, made and stored on first use. Asked once per engine, at the first seal or open. */
  key(): Buffer;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The secret could not be opened: another key, or a damaged value. */
export class SecretUnreadableError extends Error {
  constructor(reason: string) {
    super(`The stored secret could not be decrypted (${reason}).`);
    this.name = 'SecretUnreadableError';
  }
}

/**
 * Seals short secrets (TOTP secrets) for storage: AES-256-GCM, a fresh 12-byte IV each time, the
 * value stored as `v1:<base64 of iv | tag | ciphertext>`. The version prefix lets a later format
 * sit beside this one; a value without a prefix is a secret stored in plain text before sealing
 * existed, and reads as it is until it is sealed.
 *
 * `context` is bound to the ciphertext as GCM's associated data (the user id, say): a sealed value
 * copied into another record does not open there, so whoever can write the table cannot give
 * another account a secret they know.
 */
export class SecretBox {
  private cachedKey: Buffer | null = null;

  constructor(private readonly provider: SecretKeyProvider) {}

  static isSealed(stored: string): boolean {
    return stored.startsWith(`${VERSION}:`);
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  /** The plaintext of a sealed value; a plain-text value from before sealing is returned as it is. */
  open(stored: string, context: string): string {
    if (!SecretBox.isSealed(stored)) {
      if (/^v\d+:/.test(stored)) throw new SecretUnreadableError(`format ${stored.split(':')[0]} is newer than this OpsFlow`);
      return stored;
    }
    const raw = Buffer.from(stored.slice(VERSION.length + 1), 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadableError('too short');
    const decipher = createDecipheriv('aes-256-gcm', this.key(), raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadableError('another key, or a changed value');
    }
  }

  private key(): Buffer {
    if (!this.cachedKey) {
      const key = this.provider.key();
      if (key.length !== 32) throw new Error(`A secret key must be 32 bytes; the key provider gave ${key.length}.`);
      this.cachedKey = key;
    }
    return this.cachedKey;
  }
}
