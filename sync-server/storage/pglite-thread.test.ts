import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PGliteThread } from './pglite-thread';

// Creating a database folder takes seconds: the tests share one and start each with an empty table.
let dir: string;
let shared: PGliteThread;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'opsflow-pglite-thread-'));
  shared = await PGliteThread.start(join(dir, 'pglite'));
});
afterAll(async () => {
  await shared.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await shared.exec('drop table if exists notes; create table notes (id int primary key, body bytea not null)');
});

const ids = async (thread: PGliteThread) => (await thread.query<{ id: number }>('select id from notes order by id', [])).rows.map((r) => r.id);

describe('the embedded database on its own thread', () => {
  it('stores and returns bytes exactly, also a view into a larger buffer', async () => {
    const thread = shared;
    const frame = new Uint8Array([9, 9, 1, 2, 3, 9]);
    await thread.query('insert into notes values ($1, $2)', [1, frame.subarray(2, 5)]);
    const { rows } = await thread.query<{ body: Uint8Array }>('select body from notes where id = $1', [1]);
    expect([...rows[0]!.body]).toEqual([1, 2, 3]);
  });

  it("passes PostgreSQL's error code on, so a caller can tell a duplicate from a fault", async () => {
    const thread = shared;
    await thread.query('insert into notes values ($1, $2)', [1, new Uint8Array([1])]);
    await expect(thread.query('insert into notes values ($1, $2)', [1, new Uint8Array([2])])).rejects.toMatchObject({ code: '23505', message: expect.stringContaining('duplicate key') });
  });

  it('runs a transaction all or nothing: a failing statement leaves none of the earlier ones stored', async () => {
    const thread = shared;
    await thread.transaction([
      { sql: 'insert into notes values ($1, $2)', params: [1, new Uint8Array([1])] },
      { sql: 'insert into notes values ($1, $2)', params: [2, new Uint8Array([2])] },
    ]);
    await expect(
      thread.transaction([
        { sql: 'insert into notes values ($1, $2)', params: [3, new Uint8Array([3])] },
        { sql: 'insert into notes values ($1, $2)', params: [1, new Uint8Array([4])] },
      ]),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await ids(thread)).toEqual([1, 2]);
    // The connection is usable again after the rollback.
    await thread.transaction([{ sql: 'insert into notes values ($1, $2)', params: [3, new Uint8Array([3])] }]);
    expect(await ids(thread)).toEqual([1, 2, 3]);
  });

  it('keeps what was committed when reopened on the same folder, and refuses statements once closed instead of waiting for ever', async () => {
    await shared.transaction([{ sql: 'insert into notes values ($1, $2)', params: [7, new Uint8Array([7])] }]);
    await shared.close();
    await expect(ids(shared)).rejects.toThrow('The embedded database is closed.');
    shared = await PGliteThread.start(join(dir, 'pglite'));
    expect(await ids(shared)).toEqual([7]);
  });
});
