import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { canonicalAuditJson } from '../../../domain/audit/chain';
import { RISKS, type AuditEntry } from '../../../domain/audit/entry';
import { seededRandom } from '../../../tests/support/seeded-random';
import { CANONICAL_JSON_SQL } from './audit-row-reads';

describe("SQLite's canonical JSON of a row", () => {
  it('is canonicalAuditJson, character for character, whatever the text', () => {
    const sqlite = new BetterSqlite3(':memory:');
    sqlite.exec(`CREATE TABLE audit_entries (id TEXT, device_id TEXT, seq INTEGER, at_ms INTEGER, actor_id TEXT, actor_name TEXT, location_id TEXT,
      action TEXT, entity_type TEXT, entity_id TEXT, summary TEXT, risk TEXT, prev_hash TEXT, hash TEXT)`);
    const insert = sqlite.prepare('INSERT INTO audit_entries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const canonical = sqlite.prepare(`SELECT ${CANONICAL_JSON_SQL} FROM audit_entries WHERE rowid = ?`).pluck();
    const rand = seededRandom(17);
    // Everything JSON escapes or might: quotes, backslashes, every control character, DEL,
    // U+2028/9, accents, characters beyond the BMP.
    const alphabet = ['a', 'Z', ' ', '"', '\\', '/', '\u007f', '\u2028', '\u2029', 'é', '°', '😀', '中', ...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c))];
    const text = () => Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    const maybe = () => (rand() < 0.3 ? null : text());
    for (let i = 0; i < 3000; i++) {
      const e: Omit<AuditEntry, 'hash' | 'prevHash'> = {
        id: text(), seq: Math.floor(rand() * 2e9) - 1e9, deviceId: text(), atMs: Math.floor(rand() * 4e12) - 1e12, actorId: maybe(), actorName: text(),
        locationId: maybe(), action: text(), entityType: maybe(), entityId: maybe(), summary: text(), risk: RISKS[Math.floor(rand() * 4)]!,
      };
      const { lastInsertRowid } = insert.run(e.id, e.deviceId, e.seq, e.atMs, e.actorId, e.actorName, e.locationId, e.action, e.entityType, e.entityId, e.summary, e.risk, '', '');
      expect(canonical.get(lastInsertRowid)).toBe(canonicalAuditJson(e));
    }
  });
});
