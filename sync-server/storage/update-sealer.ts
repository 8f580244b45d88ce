// Users' credentials documents are stored encrypted: a copy of the hub's database (a backup, a
// dump) gives no password hash, PIN hash or two-factor secret. AES-256-GCM with the hub's secrets
// key, which is kept apart from the database: HUB_SECRETS_KEY, or a 0600 file in the data folder.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocName } from '../../domain/sync/doc-names';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRETS_KEY_FILE = 'hub-secrets.key';

/** Seals and opens stored updates: only those of credentials documents; the others pass as they are. */
export interface UpdateSealer {
  seal(docName: string, update: Uint8Array): Uint8Array;
  open(docName: string, stored: Uint8Array): Uint8Array;
}

function sealed(docName: string): boolean {
  return parseDocName(docName)?.kind === 'credentials';
}

/** A sealer with `key` (32 bytes), or, with null, one that refuses credentials documents, saying why. */
export function updateSealer(key: Uint8Array | null): UpdateSealer {
  const keyOrRefuse = () => {
    if (key) return key;
    throw new Error('This hub has no secrets key (set HUB_SECRETS_KEY to 64 hex characters): it cannot store sign-in secrets.');
  };
  return {
    seal(docName, update) {
      if (!sealed(docName)) return update;
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyOrRefuse(), iv);
      // The document's name is bound in: a sealed row copied under another user's document does not open.
      cipher.setAAD(Buffer.from(docName));
      const body = Buffer.concat([cipher.update(update), cipher.final()]);
      return new Uint8Array(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]));
    },
    open(docName, stored) {
      if (!sealed(docName)) return stored;
      const bytes = Buffer.from(stored);
      if (bytes[0] !== VERSION || bytes.length < 1 + IV_BYTES + TAG_BYTES) throw new Error(`A stored change of ${docName} is not sealed as expected.`);
      const decipher = createDecipheriv('aes-256-gcm', keyOrRefuse(), bytes.subarray(1, 1 + IV_BYTES));
      decipher.setAAD(Buffer.from(docName));
      decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
      return new Uint8Array(Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]));
    },
  };
}

/**
 * The hub's secrets key: HUB_SECRETS_KEY (64 hex characters) when set; else, with an embedded
 * database, a key file in its data folder, made on first use readable by the hub's user only;
 * else (PostgreSQL without the variable) none.
 */
export function resolveSecretsKey(env: NodeJS.ProcessEnv, dataDir: string | null): Uint8Array | null {
  const fromEnv = env.HUB_SECRETS_KEY?.trim();
  if (fromEnv) {
    if (!/^[0-9a-fA-F]{64}$/.test(fromEnv)) throw new Error('HUB_SECRETS_KEY must be 64 hex characters (32 bytes).');
    return new Uint8Array(Buffer.from(fromEnv, 'hex'));
  }
  if (!dataDir) return null;
  const file = join(dataDir, SECRETS_KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new Error(`The hub's secrets key file ${file} is damaged.`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}
