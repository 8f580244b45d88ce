import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { addUser, call, dataSnapshot, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';

let engine: Engine;
let cleanup: () => void;
afterEach(() => {
  engine?.close();
  cleanup?.();
});

async function open() {
  const dir = tempDataDir();
  cleanup = dir.cleanup;
  engine = await openTestEngine({ dataDir: dir.dir });
  return setUpOrganization(engine);
}

describe('the retention setting of the organization', () => {
  it('is 24 months until an organization administrator changes it', async () => {
    const admin = await open();
    expect((await call(engine, 'settings.get', {}, admin.token)).retentionMonths).toBe(24);
    expect((await call(engine, 'settings.update', { retentionMonths: 36 }, admin.token)).retentionMonths).toBe(36);
    expect((await call(engine, 'settings.get', {}, admin.token)).retentionMonths).toBe(36);
  });

  it('refuses under 6 months, over 120 or a fraction with a sentence, and changes nothing', async () => {
    const admin = await open();
    const before = dataSnapshot(engine);
    for (const [value, message] of [
      [5, 'Records are kept at least 6 months before they are archived.'],
      [0, 'Records are kept at least 6 months before they are archived.'],
      [121, 'The retention is at most 120 months (10 years).'],
      [6.5, 'The retention is a whole number of months.'],
    ] as const) {
      const result = await engine.dispatch({ method: 'settings.update', input: { retentionMonths: value }, token: admin.token });
      expect(result.ok).toBe(false);
      if (!result.ok) expect([result.error.code, result.error.message]).toEqual(['BAD_INPUT', expect.stringContaining(message)]);
    }
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('a location manager may not change it', async () => {
    const admin = await open();
    const { session } = await addUser(engine, admin.token, { username: 'lena', role: 'LOCATION_MANAGER' });
    const result = await engine.dispatch({ method: 'settings.update', input: { retentionMonths: 6 }, token: session.token });
    expect(result.ok ? null : [result.error.code, result.error.message]).toEqual(['FORBIDDEN', 'Only an organization administrator can change how long records are kept before they are archived.']);
    expect((await call(engine, 'settings.get', {}, admin.token)).retentionMonths).toBe(24);
  });
});
