import type { Command } from 'commander';
import { ROLE_LABELS, type Role } from '../../../domain/auth/roles';
import { lockedUntil } from '../auth/lockout';
import { userSummary } from '../directory/directory';
import { withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

export function registerUserCommands(program: Command): void {
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
}
