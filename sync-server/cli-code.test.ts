// `opsflow-hub tenant code`: the operator's way to make a code, a regional office's included.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runHubCli } from './cli';
import { openHubDatabase } from './storage/database';
import { createLocation, createTenant, enrollDevice } from './storage/tenants';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'opsflow-hub-cli-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dataDir, { recursive: true, force: true });
});

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await runHubCli([...args, '--data-dir', dataDir]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openHubDatabase>>) => Promise<T>): Promise<T> {
  const db = await openHubDatabase({ dataDir });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

describe('opsflow-hub tenant code', () => {
  it("makes a regional office's code that reads the named location, and the enrolled device carries that grant", async () => {
    const { tenantId, lyon, office } = await withDb(async (db) => {
      const t = await createTenant(db, { name: 'Bistro', locationName: 'Lyon', nowMs: Date.now() });
      return { tenantId: t.tenantId, lyon: t.locationId, office: await createLocation(db, t.tenantId, { name: 'Office', nowMs: Date.now() }) };
    });
    const made = await run(['tenant', 'code', '--tenant', tenantId, '--location', office, '--read', lyon, '--json']);
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const { enrollmentCode } = JSON.parse(made.stdout) as { enrollmentCode: string };
    const enrolled = await withDb((db) => enrollDevice(db, { code: enrollmentCode, deviceName: 'Office PC', nowMs: Date.now() }));
    expect(enrolled).toMatchObject({ tenantId, locationId: office, readLocations: [lyon] });
  }, 60_000);

  it('refuses an unknown location to read, or both kinds of grant, in one line with a non-zero exit', async () => {
    const { tenantId, locationId } = await withDb((db) => createTenant(db, { name: 'Bistro', locationName: 'Lyon', nowMs: Date.now() }));
    const unknown = await run(['tenant', 'code', '--tenant', tenantId, '--location', locationId, '--read', 'nowhere']);
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'opsflow-hub: Location nowhere (to be read) does not exist in this organization.\n' });
    const both = await run(['tenant', 'code', '--tenant', tenantId, '--location', locationId, '--read', locationId, '--all-locations']);
    expect(both).toEqual({ code: 1, stdout: '', stderr: 'opsflow-hub: Give --read or --all-locations, not both.\n' });
  }, 60_000);
});
