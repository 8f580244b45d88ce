// The hub's command line, for its operators: serve (the default) and tenant administration.
// Storage is PostgreSQL when DATABASE_URL is set, else the embedded PGlite in --data-dir.
import { resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { HubError } from './hub-error';
import { DEFAULT_COMPACT_AFTER, DEFAULT_PORT, startHub } from './hub';
import { openHubDatabase, type StorageOptions } from './storage/database';
import { createAdminToken, createEnrollmentCode, createTenant } from './storage/tenants';

const DEFAULT_DATA_DIR = 'hub-data';

function storageFrom(dataDir: string): StorageOptions {
  const databaseUrl = process.env.DATABASE_URL;
  return databaseUrl ? { databaseUrl } : { dataDir: resolve(dataDir) };
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number.');
  return n;
}

function uuidArgument(value: string): string {
  const id = value.trim().toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw new InvalidArgumentError('expected an id like 0192f1c4-7a2b-7c3d-8e4f-5a6b7c8d9e0f.');
  return id;
}

export function buildHubProgram(): Command {
  const program = new Command('opsflow-hub')
    .description('OpsFlow hub: sync server for a chain of restaurants, and its operator commands.')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(`opsflow-hub: ${str.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ')} (add --help for usage)\n`) });

  program
    .command('serve', { isDefault: true })
    .description('Run the hub until stopped (Ctrl+C).')
    .option('--port <port>', 'port to listen on (0 picks a free one)', wholeNumber, DEFAULT_PORT)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'folder of the embedded database (ignored when DATABASE_URL is set)', DEFAULT_DATA_DIR)
    .option('--compact-after <updates>', 'stored updates per document before they are merged into one', wholeNumber, DEFAULT_COMPACT_AFTER)
    .action(async (opts: { port: number; host: string; dataDir: string; compactAfter: number }) => {
      const hub = await startHub({ storage: storageFrom(opts.dataDir), port: opts.port, host: opts.host, compactAfter: opts.compactAfter });
      // One JSON line, so scripts and tests learn where the hub listens (with --port 0 too).
      process.stdout.write(`${JSON.stringify({ event: 'listening', url: hub.url, wsUrl: hub.wsUrl, port: hub.port })}\n`);
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      await hub.close();
    });

  const tenant = program.command('tenant').description('Organizations on this hub.');
  tenant
    .command('create')
    .description('Create an organization with its first location and an enrollment code for its first device.')
    .requiredOption('--name <name>', 'the organization')
    .requiredOption('--location <name>', 'its first location')
    .option('--data-dir <dir>', 'folder of the embedded database (ignored when DATABASE_URL is set)', DEFAULT_DATA_DIR)
    .option('--json', 'print {"tenantId","locationId","enrollmentCode"} as JSON')
    .option('--tenant-id <id>', "keep the organization id a standalone PC already has (Settings → Connect to hub shows it)", uuidArgument)
    .option('--location-id <id>', 'keep the location id that PC already has', uuidArgument)
    .action(async (opts: { name: string; location: string; dataDir: string; json?: boolean; tenantId?: string; locationId?: string }) => {
      const name = opts.name.trim();
      const location = opts.location.trim();
      if (!name || !location) throw new HubError(400, 'The organization and its location need a name.');
      if (!opts.tenantId !== !opts.locationId) throw new HubError(400, 'Give both --tenant-id and --location-id (a PC has both), or neither.');
      const db = await openHubDatabase(storageFrom(opts.dataDir));
      try {
        const created = await createTenant(db, { name, locationName: location, nowMs: Date.now(), tenantId: opts.tenantId, locationId: opts.locationId });
        process.stdout.write(
          opts.json
            ? `${JSON.stringify(created)}\n`
            : `Created ${name} (${created.tenantId}) with location ${location} (${created.locationId}).\nEnrollment code for its first device: ${created.enrollmentCode}\n`,
        );
      } finally {
        await db.destroy();
      }
    });
  tenant
    .command('admin-token')
    .description("Issue a bearer token for one of the organization's administrators (the admin API under /api/v1/admin).")
    .requiredOption('--tenant <id>', 'the organization')
    .option('--name <name>', 'whose token it is', 'administrator')
    .option('--data-dir <dir>', 'folder of the embedded database (ignored when DATABASE_URL is set)', DEFAULT_DATA_DIR)
    .option('--json', 'print {"adminToken"} as JSON')
    .action(async (opts: { tenant: string; name: string; dataDir: string; json?: boolean }) => {
      const db = await openHubDatabase(storageFrom(opts.dataDir));
      try {
        const adminToken = await createAdminToken(db, opts.tenant, { name: opts.name, nowMs: Date.now() });
        process.stdout.write(opts.json ? `${JSON.stringify({ adminToken })}\n` : `Admin token (shown once, keep it secret): ${adminToken}\n`);
      } finally {
        await db.destroy();
      }
    });
  tenant
    .command('code')
    .description("Make a one-time enrollment code for a PC of one of the organization's locations; a regional office's PC may also read others.")
    .requiredOption('--tenant <id>', 'the organization')
    .requiredOption('--location <id>', 'the location the PC belongs to (it writes there)', uuidArgument)
    .option('--read <ids...>', 'other locations it may read, never write (a regional office)')
    .option('--all-locations', 'it may read every location of the organization, present and future')
    .option('--read-only', 'it may not write its own location either')
    .option('--data-dir <dir>', 'folder of the embedded database (ignored when DATABASE_URL is set)', DEFAULT_DATA_DIR)
    .option('--json', 'print {"enrollmentCode"} as JSON')
    .action(async (opts: { tenant: string; location: string; read?: string[]; allLocations?: boolean; readOnly?: boolean; dataDir: string; json?: boolean }) => {
      if (opts.allLocations && opts.read) throw new HubError(400, 'Give --read or --all-locations, not both.');
      // Unknown ids (or another organization's) are refused by createEnrollmentCode with a sentence.
      const read = opts.read ?? [];
      const db = await openHubDatabase(storageFrom(opts.dataDir));
      try {
        const enrollmentCode = await createEnrollmentCode(db, opts.tenant, {
          locationId: opts.location,
          canWrite: !opts.readOnly,
          nowMs: Date.now(),
          readLocations: opts.allLocations ? 'all' : read,
        });
        process.stdout.write(opts.json ? `${JSON.stringify({ enrollmentCode })}\n` : `Enrollment code (one-time, valid 7 days): ${enrollmentCode}\n`);
      } finally {
        await db.destroy();
      }
    });
  return program;
}

/** Runs the hub's CLI; every failure is one clear line on stderr and a non-zero exit status. */
export async function runHubCli(argv: string[]): Promise<number> {
  try {
    await buildHubProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : (e.exitCode ?? 1);
    }
    process.stderr.write(`opsflow-hub: ${err instanceof HubError ? err.message : `something went wrong: ${e.message ?? String(err)}`}\n`);
    return 1;
  }
}
