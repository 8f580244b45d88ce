import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InputOf, MethodName, OutputOf, SessionInfo } from '../../../domain/contract';
import { Engine, type EngineOptions } from '../engine';
import { silentLogger } from '../logger';

export const TEST_ADMIN = { username: 'alice', password: 'correct horse battery', displayName: 'Alice Admin' };

/** A clock tests can move. */
export function testClock(startMs = Date.UTC(2026, 10, 22, 9, 0, 0)) {
  let t = startMs;
  return { now: () => t, advance: (ms: number) => (t += ms), set: (ms: number) => (t = ms) };
}

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'opsflow-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An engine on a real SQLite file in a temp folder, with fast password hashing for tests. */
export async function openTestEngine(options: Partial<EngineOptions> & { dataDir: string }) {
  const engine = await Engine.open({
    log: silentLogger,
    ...options,
    tuning: { signInDelayBaseMs: 1, passwordCost: { N: 1024, r: 8, p: 1 }, ...options.tuning },
  });
  return engine;
}

/** Calls a method and returns its output, or throws an Error carrying the engine's code. */
export async function call<M extends MethodName>(engine: Engine, method: M, input: InputOf<M>, token: string | null = null): Promise<OutputOf<M>> {
  const result = await engine.dispatch({ method, input, token });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
  return result.output as OutputOf<M>;
}

/** The error code a call fails with (the test fails if it succeeds). */
export async function failure(engine: Engine, method: string, input: unknown, token: string | null = null): Promise<string> {
  const result = await engine.dispatch({ method, input, token });
  if (result.ok) throw new Error(`${method} succeeded but was expected to fail`);
  return result.error.code;
}

export async function setUpOrganization(engine: Engine): Promise<SessionInfo> {
  return call(engine, 'setup.create', {
    organizationName: 'Bistro Group',
    location: { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F' },
    admin: TEST_ADMIN,
  });
}
