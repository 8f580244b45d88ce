import { Option, type Command } from 'commander';
import { ASSIGNABLE_ROLES, ROLE_LABELS, seesAllLocations, type Role } from '../../../domain/auth/roles';
import { contract } from '../../../domain/contract';
import { OpsFlowError } from '../../../domain/errors';
import { lockedUntil } from '../auth/lockout';
import type { EngineContext } from '../context';
import { userSummary } from '../directory/directory';
import { createUser } from '../users/create-user';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { parseCliInput, requirePasswordStdin } from './cli-input';
import { dataDirOption } from './data-dir-option';
import type { PasswordSource } from './setup-commands';

/** A location by its id, or by its name (any case) when that name is unambiguous. */
export function resolveLocation(ctx: EngineContext, nameOrId: string): string {
  const locations = ctx.directory.locations();
  const byId = locations.find((l) => l.id === nameOrId);
  if (byId) return byId.id;
  const byName = locations.filter((l) => l.name.toLowerCase() === nameOrId.trim().toLowerCase());
  if (byName.length === 1) return byName[0]!.id;
  if (byName.length > 1) {
    throw new OpsFlowError('BAD_INPUT', `--location: several locations are called "${nameOrId}"; give the id of the one you mean (${byName.map((l) => l.id).join(', ')}).`);
  }
  throw new OpsFlowError('BAD_INPUT', `--location: there is no location "${nameOrId}". The locations are: ${locations.map((l) => `${l.name} (${l.id})`).join(', ')}.`);
}

interface AddUserOptions {
  dataDir?: string;
  username: string;
  name: string;
  role: Role;
  location: string[];
  passwordStdin?: boolean;
}

export function registerUserCommands(program: Command, source: PasswordSource): void {
  const users = program.command('users').description('user accounts');
  users
    .command('list')
    .description('every user, with role, status and locations')
    .addOption(dataDirOption())
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      await withEngine(opts.dataDir, (engine) => {
        const ctx = engine.context;
        const list = ctx.directory.users(true).map((u) => userSummary(u, lockedUntil(ctx, u.username)));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        const names = new Map(ctx.directory.locations().map((l) => [l.id, l.name]));
        const rows = list.map((u) => [
          u.username,
          u.displayName,
          ROLE_LABELS[u.role as Role],
          u.active ? (u.lockedUntilMs ? 'locked' : 'active') : 'deactivated',
          u.totpEnabled ? '2FA' : '',
          u.locationIds.map((id) => names.get(id) ?? id).join(', '),
        ]);
        const header = ['USERNAME', 'NAME', 'ROLE', 'STATUS', '2FA', 'LOCATIONS'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
        for (const r of [header, ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
      });
    });

  users
    .command('add')
    .description('create a user (the command line acts as this PC’s administrator; the entry is audited)')
    .addOption(dataDirOption())
    .requiredOption('--username <username>', 'the name they sign in with')
    .requiredOption('--name <name>', 'their display name')
    .addOption(new Option('--role <role>', 'their role').choices(ASSIGNABLE_ROLES).makeOptionMandatory())
    .option('--location <nameOrId>', 'a location they work at, by name or id (repeat for several)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--password-stdin', 'read their initial password from standard input (required)')
    .action(async (opts: AddUserOptions) => {
      requirePasswordStdin(opts.passwordStdin);
      await withEngine(opts.dataDir, async (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const locationIds = (opts.location ?? []).map((l) => resolveLocation(ctx, l));
        if (locationIds.length === 0 && !seesAllLocations(opts.role)) {
          throw new OpsFlowError('BAD_INPUT', `--location: a ${ROLE_LABELS[opts.role]} works at chosen locations; give at least one.`);
        }
        const input = parseCliInput(
          contract['users.create'].input,
          { username: opts.username, displayName: opts.name, role: opts.role, locationIds, password: await source.readPassword() },
          { username: '--username', displayName: '--name', role: '--role', locationIds: '--location', password: 'the password' },
        );
        await createUser(ctx, input, CLI_ACTOR);
        const names = locationIds.map((id) => ctx.directory.location(id)!.name);
        process.stdout.write(`Created ${ROLE_LABELS[input.role]} "${input.username}" (${input.displayName})${names.length ? ` at ${names.join(', ')}` : ''}.\n`);
      });
    });
}
