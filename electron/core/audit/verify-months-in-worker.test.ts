// On a long log a worker thread checks months from the last one back while the verifying thread
// goes forward: what the verify finds, and how it says it, must not depend on which thread
// checked which month.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computeAuditHash } from '../../../domain/audit/chain';
import { closeTestEngines } from '../testing/test-engine';
import { verifyAuditChains, verifyAuditChainsYielding, type VerifyOptions } from './audit-verify';
import { MonthsFromWorker } from './months-from-worker';
import { sha256Hex } from './sha256';
import { bodyOf, chainRows, DAY_MS, stationWithHistory, unlock } from './station-history.fixture';

afterEach(() => {
  vi.restoreAllMocks();
  return closeTestEngines();
});

type Station = Awaited<ReturnType<typeof stationWithHistory>>;

/** The verdict with every month checked on this thread, and with the worker taking months: given some, or as it gets to them; sync and giving way. */
async function sameEverywhere({ q }: Station) {
  const here = verifyAuditChains(q, { inWorker: false });
  const ways: VerifyOptions[] = [{ inWorker: true, monthsInWorker: 1 }, { inWorker: true, monthsInWorker: 2 }, { inWorker: true, monthsInWorker: 99 }, { inWorker: true }];
  for (const options of ways) {
    expect(verifyAuditChains(q, options), JSON.stringify(options)).toEqual(here);
    expect(await verifyAuditChainsYielding(q, options), JSON.stringify(options)).toEqual(here);
  }
  return here;
}

const INSERT_ROW = 'INSERT INTO audit_entries (id, device_id, seq, at_ms, actor_id, actor_name, location_id, action, entity_type, entity_id, summary, risk, prev_hash, hash) VALUES (@id, @device_id, @seq, @at_ms, @actor_id, @actor_name, @location_id, @action, @entity_type, @entity_id, @summary, @risk, @prev_hash, @hash)';

/** Ways of changing the file, each with what the verify must say. */
const TAMPERS: { name: string; tamper(s: Station): void; found: { deviceId?: string; seq?: number; reason: RegExp } }[] = [
  {
    name: 'a summary changed, its hash left as it was',
    tamper: ({ sqlite }) => void sqlite.prepare("UPDATE audit_entries SET summary = 'Nothing happened here' WHERE id = 'other-station-29'").run(),
    found: { deviceId: 'other-station', seq: 29, reason: /changed after it was written/ },
  },
  {
    name: 'an entry changed and its own hash recomputed',
    tamper: ({ sqlite }) => {
      const row = chainRows(sqlite, 'other-station')[26]!;
      const body = { ...bodyOf(row), actorName: 'someone else' };
      sqlite.prepare('UPDATE audit_entries SET actor_name = ?, hash = ? WHERE id = ?').run(body.actorName, computeAuditHash(body, sha256Hex), row.id);
    },
    found: { deviceId: 'other-station', seq: 27, reason: /differs from the log document/ },
  },
  {
    name: 'an entry deleted from the middle of the last month',
    tamper: ({ sqlite }) => void sqlite.prepare("DELETE FROM audit_entries WHERE id = 'other-station-28'").run(),
    found: { deviceId: 'other-station', seq: 28, reason: /missing from the audit table/ },
  },
  {
    name: 'the last entries deleted',
    tamper: ({ sqlite, stationId }) => void sqlite.prepare('DELETE FROM audit_entries WHERE device_id = ? AND seq >= ?').run(stationId, chainRows(sqlite, stationId).at(-2)!.seq),
    found: { reason: /missing from the audit table/ },
  },
  {
    name: 'a forged entry appended with a correct hash',
    tamper: ({ sqlite, stationId, clock }) => {
      const head = chainRows(sqlite, stationId).at(-1)!;
      const body = { ...bodyOf(head), id: 'forged-entry', seq: head.seq + 1, atMs: clock.now(), summary: 'Created Tenant admin "mallory"', prevHash: head.hash };
      const hash = computeAuditHash(body, sha256Hex);
      sqlite.prepare(INSERT_ROW).run({ ...head, id: body.id, seq: body.seq, at_ms: body.atMs, summary: body.summary, prev_hash: body.prevHash, hash });
    },
    found: { reason: /in no log document/ },
  },
  {
    name: 'a BLOB in a column',
    tamper: ({ sqlite }) => void sqlite.prepare("UPDATE audit_entries SET summary = X'00FF' WHERE id = 'other-station-27'").run(),
    found: { deviceId: 'other-station', seq: 27, reason: /changed/ },
  },
  {
    name: 'an entry moved to another month and the chain re-hashed after it',
    tamper: ({ sqlite }) => {
      const rows = chainRows(sqlite, 'other-station');
      const update = sqlite.prepare('UPDATE audit_entries SET at_ms = ?, prev_hash = ?, hash = ? WHERE id = ?');
      let prevHash = rows[23]!.hash;
      for (const row of rows.slice(24)) {
        const body = { ...bodyOf(row), prevHash, atMs: row.seq === 25 ? row.at_ms - 40 * DAY_MS : row.at_ms };
        const hash = computeAuditHash(body, sha256Hex);
        update.run(body.atMs, prevHash, hash, row.id);
        prevHash = hash;
      }
    },
    found: { deviceId: 'other-station', seq: 25, reason: /in the audit table but in no log document/ },
  },
  {
    name: 'a time that is no time at all',
    tamper: ({ sqlite }) => void sqlite.prepare("UPDATE audit_entries SET at_ms = 'yesterday' WHERE id = 'other-station-26'").run(),
    found: { deviceId: 'other-station', seq: 26, reason: /no valid time/ },
  },
];

describe('audit verify with a worker thread taking months', () => {
  it('an untouched log passes however the months are shared, and the worker did check the months it was given', async () => {
    const station = await stationWithHistory();
    const taken = vi.spyOn(MonthsFromWorker.prototype, 'take');
    expect(await sameEverywhere(station)).toMatchObject({ ok: true, devices: 2, logDocuments: 4 });
    const fromWorker = taken.mock.results.filter((r) => typeof r.value === 'object' && r.value !== null);
    // Given 1, 2 and every month (4), each verified twice.
    expect(fromWorker.length).toBeGreaterThanOrEqual(2 * (1 + 2 + 4));
  });

  for (const { name, tamper, found } of TAMPERS) {
    it(`${name} is found, whichever thread has its month`, async () => {
      const station = await stationWithHistory();
      unlock(station.sqlite);
      tamper(station);
      const verdict = await sameEverywhere(station);
      expect(verdict).toMatchObject({ ok: false, brokenAt: { ...(found.deviceId ? { deviceId: found.deviceId } : {}), ...(found.seq ? { seq: found.seq } : {}), reason: expect.stringMatching(found.reason) } });
    });
  }

  it('a month the worker could not post is checked here', async () => {
    const station = await stationWithHistory();
    unlock(station.sqlite);
    TAMPERS[0]!.tamper(station);
    const here = verifyAuditChains(station.q, { inWorker: false });
    vi.spyOn(MonthsFromWorker.prototype, 'take').mockReturnValue(null);
    expect(verifyAuditChains(station.q, { inWorker: true, monthsInWorker: 99 })).toEqual(here);
    expect(await verifyAuditChainsYielding(station.q, { inWorker: true, monthsInWorker: 99 })).toEqual(here);
  });
});
