import { scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { CallResult } from '../../domain/contract';
import { Engine } from '../../electron/core/engine';
import { silentLogger } from '../../electron/core/logger';
import { figureResult, type Figure } from '../figure';
import { measurePair } from '../measure';

const ADMIN = { username: 'owner', password: 'a long bench password', displayName: 'Olivia Owner' };

/** What the home screen asks for once signed in (renderer/shell/HomeScreen.tsx, AppGate), plus the audit log's first page. */
const FIRST_SCREEN_CALLS: { method: string; input: unknown }[] = [
  { method: 'auth.session', input: {} },
  { method: 'locations.list', input: {} },
  { method: 'users.list', input: { includeInactive: false } },
  { method: 'backup.status', input: {} },
  { method: 'audit.list', input: {} },
];

function output<T>(result: CallResult): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.output as T;
}

/** scrypt with the parameters stored in the hash, straight from node:crypto: the irreducible part of a sign-in. */
function verifyScrypt(secret: string, stored: string): Promise<boolean> {
  const [, N, r, p, salt, hash] = stored.split('$') as [string, string, string, string, string, string];
  const cost = { N: Number(N), r: Number(r), p: Number(p) };
  const expected = Buffer.from(hash, 'base64');
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, { ...cost, maxmem: 256 * cost.N * cost.r }, (err, key) =>
      err ? reject(err) : resolve(timingSafeEqual(key, expected)),
    ),
  );
}

/** The same rows the engine reads for the first screen, as plain prepared statements on a second connection. */
function rawReads(dbFile: string, backupFolder: string) {
  const sqlite = new BetterSqlite3(dbFile, { readonly: true });
  const s = {
    userById: sqlite.prepare('SELECT * FROM users WHERE id = ?'),
    userByName: sqlite.prepare('SELECT users.*, user_credentials.password_hash FROM users LEFT JOIN user_credentials ON user_credentials.user_id = users.id WHERE username = ? ORDER BY active DESC, created_at_ms ASC LIMIT 1'),
    grantsOf: sqlite.prepare('SELECT location_id FROM user_locations WHERE user_id = ? ORDER BY location_id'),
    attemptsOf: sqlite.prepare('SELECT * FROM sign_in_attempts WHERE username = ?'),
    settings: sqlite.prepare('SELECT * FROM organization_settings'),
    locations: sqlite.prepare('SELECT * FROM locations ORDER BY name'),
    activeUsers: sqlite.prepare('SELECT * FROM users WHERE active = 1 ORDER BY display_name'),
    allGrants: sqlite.prepare('SELECT user_id, location_id FROM user_locations ORDER BY user_id, location_id'),
    allAttempts: sqlite.prepare('SELECT * FROM sign_in_attempts'),
    stationSettings: sqlite.prepare("SELECT * FROM device_settings WHERE key IN ('backupFolder', 'lastBackup')"),
    auditFirstPage: sqlite.prepare('SELECT * FROM audit_entries ORDER BY at_ms DESC, id DESC LIMIT 100'),
  };
  const backups = () => (existsSync(backupFolder) ? readdirSync(backupFolder).map((name) => statSync(join(backupFolder, name))) : []);
  const homeReads = (userId: string) => {
    s.userById.get(userId);
    s.grantsOf.all(userId);
    s.settings.all();
    s.locations.all();
    s.activeUsers.all();
    s.allGrants.all();
    s.allAttempts.all();
    s.stationSettings.all();
    backups();
    s.auditFirstPage.all();
  };
  const signInReads = (username: string) => {
    const user = s.userByName.get(username) as { id: string; password_hash: string };
    s.grantsOf.all(user.id);
    s.attemptsOf.get(username);
    return user;
  };
  return { sqlite, homeReads, signInReads };
}

/**
 * Sign-in through the dispatcher at the engine's DEFAULT scrypt cost, then every call the first
 * screen makes; against the same reads as raw prepared queries plus one scrypt verification.
 * The engine side also writes the sign-in's audit entry (Yjs update + projection row), which the
 * reference does not: that is part of the overhead this ratio shows.
 */
export const signinToFirstScreen: Figure = {
  name: 'signin-to-first-screen',
  description: 'auth.signIn + the first screen\'s calls through the dispatcher vs raw prepared reads + one scrypt (default cost)',
  async run(bench) {
    const dataDir = bench.workDir('signin');
    // Default tuning: the real scrypt cost. No failed attempts, so the sign-in delay never applies.
    const engine = await Engine.open({ dataDir, log: silentLogger });
    try {
      const admin = output<{ token: string; user: { id: string; locationIds: string[] } }>(
        await engine.dispatch({
          method: 'setup.create',
          input: {
            organizationName: 'Bench Bistro Group',
            location: { name: 'Downtown', address: '1 Main St', timeZone: 'America/New_York', temperatureUnit: 'F' },
            admin: ADMIN,
          },
          token: null,
        }),
      );
      const token = admin.token;
      const adminId = admin.user.id;
      // A small chain: five restaurants, a dozen people, one backup on disk.
      const locationIds = [...admin.user.locationIds];
      for (const name of ['Harbour', 'Old Town', 'Airport', 'Riverside']) {
        const loc = output<{ id: string }>(
          await engine.dispatch({ method: 'locations.create', input: { name, address: `${name} Road 2`, timeZone: 'America/New_York', temperatureUnit: 'F' }, token }),
        );
        locationIds.push(loc.id);
      }
      const roles = ['LOCATION_MANAGER', 'MANAGER', 'STAFF', 'STAFF', 'STAFF', 'COMPLIANCE_OFFICER'];
      for (let k = 0; k < 12; k++) {
        output(
          await engine.dispatch({
            method: 'users.create',
            input: { username: `person${k}`, displayName: `Person ${k}`, role: roles[k % roles.length], locationIds: [locationIds[k % locationIds.length]], password: `bench password ${k}x` },
            token,
          }),
        );
      }
      const backup = output<{ path: string }>(await engine.dispatch({ method: 'backup.now', input: {}, token }));

      const raw = rawReads(engine.context.dbFile, join(backup.path, '..'));
      const signInThenFirstScreen = async () => {
        const session = output<{ token: string }>(await engine.dispatch({ method: 'auth.signIn', input: { username: ADMIN.username, password: ADMIN.password }, token: null }));
        for (const call of FIRST_SCREEN_CALLS) output(await engine.dispatch({ ...call, token: session.token }));
      };
      const firstScreenOnly = async () => {
        for (const call of FIRST_SCREEN_CALLS) output(await engine.dispatch({ ...call, token }));
      };
      const reference = async () => {
        const user = raw.signInReads(ADMIN.username);
        if (!(await verifyScrypt(ADMIN.password, user.password_hash))) throw new Error('reference: wrong password');
        raw.homeReads(user.id);
      };
      try {
        const full = await measurePair(signInThenFirstScreen, reference, { warmup: 2, iterations: 9 });
        const reads = await measurePair(firstScreenOnly, () => raw.homeReads(adminId), { warmup: 20, iterations: 200 });
        return [
          figureResult('signin-to-first-screen', 'ms', full.value.medianMs, full.reference.medianMs),
          figureResult('signin-to-first-screen.reads-only', 'ms', reads.value.medianMs, reads.reference.medianMs),
        ];
      } finally {
        raw.sqlite.close();
      }
    } finally {
      engine.close();
    }
  },
};
