// The directory document is written by the organization's write-enabled PCs and read by all of
// them, so the hub reads every update to it before storing it: only the directory's maps, every
// record it changes valid by its schema, never a sign-in secret (those belong in the users'
// credentials documents, which only the PCs of the user's locations receive), and from a PC other
// than the main one only what domain/directory/directory-scope.ts lets it change.
import * as Y from 'yjs';
import { DIRECTORY_MAPS, SECRET_USER_FIELDS, locationRecord, organizationSettings, userRecord } from '../../domain/directory/records';
import { refusalOfScopedDirectoryChange, type DirectoryJson } from '../../domain/directory/directory-scope';
import { CATALOG_MAPS, itemRecord, supplierRecord } from '../../domain/inventory/catalog-records';

/** The organization's records, and its one catalog (items and suppliers, the same at every location). */
const MAPS = new Set<string>([...Object.values(DIRECTORY_MAPS), ...Object.values(CATALOG_MAPS)]);
const SECRETS = new Set<string>(SECRET_USER_FIELDS);
const SECRET_REFUSAL = 'Sign-in secrets are never accepted into the directory document: the change was refused.';

/**
 * Why `update` may not be applied to the directory document `doc`, or null. `scopedTo`: the
 * location of the PC that sent it when that is not the organization's main PC.
 */
export function refusalOfDirectoryUpdate(doc: Y.Doc, update: Uint8Array, scopedTo: string | null = null): string | null {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    return 'The change could not be read, so it was refused.';
  }
  // The raw items first: a secret set and deleted within one update would leave no trace in the
  // result, but its bytes would still be stored.
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (struct.parentSub !== null && SECRETS.has(struct.parentSub) && !(struct.content instanceof Y.ContentDeleted)) return SECRET_REFUSAL;
    if ((struct.content instanceof Y.ContentAny || struct.content instanceof Y.ContentJSON) && struct.content.getContent().some(holdsSecret)) return SECRET_REFUSAL;
  }

  const after = new Y.Doc();
  try {
    Y.applyUpdate(after, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(after, update);
    if (after.store.pendingStructs !== null || after.store.pendingDs !== null) {
      return 'The change depends on changes the hub does not have, so it was refused.';
    }
    for (const name of after.share.keys()) {
      if (!MAPS.has(name)) return `The directory has no '${name.slice(0, 40)}': the change was refused.`;
    }
    const befores: DirectoryJson = {};
    const afters: DirectoryJson = {};
    for (const name of MAPS) {
      const before = (befores[name] = doc.getMap(name).toJSON());
      const now = (afters[name] = after.getMap(name).toJSON());
      for (const key of Object.keys(now)) {
        if (JSON.stringify(now[key]) === JSON.stringify(before[key])) continue;
        const refusal = refusalOfRecord(name, key, now[key]);
        if (refusal) return refusal;
      }
    }
    const outOfScope = scopedTo === null ? null : refusalOfScopedDirectoryChange(befores, afters, scopedTo);
    return outOfScope && `The change was refused: ${outOfScope}`;
  } finally {
    after.destroy();
  }
}

function refusalOfRecord(map: string, key: string, value: unknown): string | null {
  if (holdsSecret(value)) return SECRET_REFUSAL;
  const invalid = (what: string, error?: { issues: { path: PropertyKey[]; message: string }[] }) => {
    const issue = error?.issues[0];
    return `The change was refused: the directory's ${what} ${key} is not valid${issue ? ` (${issue.path.join('.') || 'record'}: ${issue.message})` : ''}.`;
  };
  if (map === DIRECTORY_MAPS.users) {
    const parsed = userRecord.strict().safeParse(value);
    return parsed.success ? null : invalid('user', parsed.error);
  }
  if (map === DIRECTORY_MAPS.locations) {
    const parsed = locationRecord.strict().safeParse(value);
    return parsed.success ? null : invalid('location', parsed.error);
  }
  if (map === CATALOG_MAPS.items) {
    const parsed = itemRecord.safeParse(value);
    return parsed.success ? null : invalid('catalog item', parsed.error);
  }
  if (map === CATALOG_MAPS.suppliers) {
    const parsed = supplierRecord.safeParse(value);
    return parsed.success ? null : invalid('supplier', parsed.error);
  }
  if (map === DIRECTORY_MAPS.settings) {
    const field = organizationSettings.shape[key as keyof typeof organizationSettings.shape];
    if (!field) return invalid('setting');
    const parsed = field.safeParse(value);
    return parsed.success ? null : invalid('setting', parsed.error);
  }
  // organization: its id and name, as text.
  return (key === 'id' || key === 'name') && typeof value === 'string' && value.length <= 200 ? null : invalid('organization field');
}

function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return false;
  return Object.entries(value).some(([k, v]) => SECRETS.has(k) || holdsSecret(v));
}
