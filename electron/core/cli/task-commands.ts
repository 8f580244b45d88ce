import { Option, type Command } from 'commander';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../../../domain/auth/permissions';
import { ROLES, type Role } from '../../../domain/auth/roles';
import { contract } from '../../../domain/contract';
import { OpsFlowError } from '../../../domain/errors';
import { TASK_PRIORITIES, TASK_TYPES } from '../../../domain/tasks/records';
import { instantOf, WEEKDAY_NAMES, type Recurrence } from '../../../domain/tasks/recurrence';
import { dueWords } from '../../../domain/tasks/overdue';
import type { TaskWorker } from '../../../domain/tasks/task-rights';
import { visibleLocationIds } from '../auth/session-info';
import type { EngineContext } from '../context';
import { checkAssignee, taskAddedSummary, zoneOf } from '../tasks/task-words';
import { taskRows, taskView, userNames } from '../tasks/task-views';
import { createTask } from '../tasks/task-writes';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { parseCliInput } from './cli-input';
import { dataDirOption } from './data-dir-option';
import { resolveLocation } from './user-commands';

function userNamed(ctx: EngineContext, username: string) {
  const user = ctx.directory.users(false).find((u) => u.username === username.trim().toLowerCase());
  if (!user) throw new OpsFlowError('BAD_INPUT', `--user: there is no active user "${username}".`);
  return user;
}

/** "2026-11-26 22:00" on the location's wall clock. */
function parseDue(text: string, timeZone: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/.exec(text.trim());
  const wall = m && { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: Number(m[4]), minute: Number(m[5]), second: 0 };
  const real = wall && wall.month >= 1 && wall.month <= 12 && wall.day >= 1 && wall.day <= new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate() && wall.hour < 24 && wall.minute < 60;
  if (!wall || !real) throw new OpsFlowError('BAD_INPUT', `--due: "${text}" is not a date and time; write it as 2026-11-26 22:00 (the location's own clock).`);
  return instantOf(wall, timeZone);
}

const DAY_CODES = WEEKDAY_NAMES.map((n) => n.slice(0, 3).toLowerCase());

/** daily · weekly:mon,thu · monthly:31 */
function parseRepeat(text: string): Recurrence {
  const [every, arg = ''] = text.trim().toLowerCase().split(':');
  if (every === 'daily' && !arg) return { every: 'daily' };
  if (every === 'weekly') {
    const weekdays = arg.split(',').map((d) => DAY_CODES.indexOf(d.trim().slice(0, 3)));
    if (arg && weekdays.every((d) => d >= 0)) return { every: 'weekly', weekdays };
  }
  if (every === 'monthly' && /^\d{1,2}$/.test(arg)) return { every: 'monthly', dayOfMonth: Number(arg) };
  throw new OpsFlowError('BAD_INPUT', `--repeat: "${text}" is not a repeat rule; use daily, weekly:mon,thu or monthly:31.`);
}

interface ListOptions {
  dataDir?: string;
  location?: string;
  mine?: boolean;
  user?: string;
  done?: boolean;
  json?: boolean;
}

interface AddOptions {
  dataDir?: string;
  location: string;
  title: string;
  type: string;
  priority: string;
  notes?: string;
  assignUser?: string;
  assignRole?: Role;
  due?: string;
  repeat?: string;
}

export function registerTaskCommands(program: Command): void {
  const tasks = program.command('tasks').description('the tasks of the locations');
  tasks
    .command('list')
    .description('open tasks, soonest due first (the command line sees every location, or what --user sees)')
    .addOption(dataDirOption())
    .option('--location <nameOrId>', 'only this location, by name or id')
    .option('--user <username>', 'list as this user: only their locations')
    .option('--mine', "only the tasks given to --user or to their role")
    .option('--done', 'also tasks done in the last 7 days')
    .option('--json', 'print JSON')
    .action(async (opts: ListOptions) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        if (opts.mine && !opts.user) throw new OpsFlowError('BAD_INPUT', '--mine: say whose tasks with --user <username>.');
        const user = opts.user ? userNamed(ctx, opts.user) : null;
        const worker: TaskWorker = user
          ? { userId: user.id, role: user.role as Role, permissions: ROLE_PERMISSIONS[user.role as Role] }
          : { userId: '', role: 'TENANT_ADMIN', permissions: new Set(PERMISSIONS) }; // the command line is nobody, with every right
        let locationIds = user ? visibleLocationIds(ctx, user) : ctx.directory.locations().map((l) => l.id);
        if (opts.location) {
          const chosen = resolveLocation(ctx, opts.location);
          if (!locationIds.includes(chosen)) throw new OpsFlowError('BAD_INPUT', `--location: ${opts.user} does not work at ${ctx.directory.location(chosen)!.name}.`);
          locationIds = [chosen];
        }
        const now = ctx.now();
        const rows = taskRows(ctx, { locationIds, mine: opts.mine && user ? { userId: user.id, role: user.role } : undefined, doneSinceMs: opts.done ? now - 7 * 86_400_000 : undefined });
        const nameOf = userNames(ctx);
        const list = rows.map((r) => taskView(ctx, r, worker, nameOf));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        if (list.length === 0) {
          process.stdout.write('No open tasks.\n');
          return;
        }
        const names = new Map(ctx.directory.locations().map((l) => [l.id, l.name]));
        const table = list.map((t) => [
          t.status === 'in_progress' ? 'in progress' : t.status === 'todo' ? 'to do' : 'done',
          t.priority,
          t.title,
          t.assignee ? (t.assignee.kind === 'user' ? t.assignee.name : `every ${t.assignee.role}`) : '—',
          names.get(t.locationId) ?? t.locationId,
          dueWords(t, now),
        ]);
        const header = ['STATUS', 'PRIORITY', 'TASK', 'FOR', 'LOCATION', 'DUE'];
        const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => r[i]!.length)));
        for (const r of [header, ...table]) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
      });
    });

  tasks
    .command('add')
    .description('add a task to a location (the command line acts as this PC’s administrator; the entry is audited)')
    .addOption(dataDirOption())
    .requiredOption('--location <nameOrId>', 'the location, by name or id')
    .requiredOption('--title <text>', 'what is to be done')
    .addOption(new Option('--type <type>', 'the kind of task').choices(TASK_TYPES).makeOptionMandatory())
    .addOption(new Option('--priority <priority>', 'how urgent').choices(TASK_PRIORITIES).default('medium'))
    .option('--notes <text>', 'more detail')
    .option('--assign-user <username>', 'give it to this user')
    .addOption(new Option('--assign-role <role>', 'give it to everyone of this role at the location').choices(ROLES))
    .option('--due <yyyy-mm-dd hh:mm>', "due time, on the location's own clock")
    .option('--repeat <rule>', 'daily, weekly:mon,thu or monthly:31 (needs --due)')
    .action(async (opts: AddOptions) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        if (opts.assignUser && opts.assignRole) throw new OpsFlowError('BAD_INPUT', '--assign-user or --assign-role: a task goes to a person or a role, not both.');
        const locationId = resolveLocation(ctx, opts.location);
        const assignee = opts.assignUser ? { userId: userNamed(ctx, opts.assignUser).id } : opts.assignRole ? { role: opts.assignRole } : null;
        const input = parseCliInput(
          contract['tasks.create'].input,
          {
            locationId,
            title: opts.title,
            notes: opts.notes ?? '',
            type: opts.type,
            priority: opts.priority,
            assignee,
            dueAtMs: opts.due ? parseDue(opts.due, zoneOf(ctx, locationId)) : null,
            recurrence: opts.repeat ? parseRepeat(opts.repeat) : null,
          },
          { title: '--title', notes: '--notes', type: '--type', priority: '--priority', assignee: '--assign-user', dueAtMs: '--due', recurrence: '--repeat', 'recurrence.weekdays': '--repeat', 'recurrence.dayOfMonth': '--repeat' },
        );
        checkAssignee(ctx, locationId, input.assignee);
        const id = ctx.docs.transaction(() => {
          const created = createTask(ctx, { ...input, origin: null, createdBy: CLI_ACTOR });
          ctx.audit.append({ action: 'tasks.create', summary: taskAddedSummary(ctx, input), risk: 'LOW', entityType: 'task', entityId: created, locationId }, CLI_ACTOR);
          return created;
        });
        process.stdout.write(`Added task "${input.title}" (${id}).\n`);
      });
    });
}
