import { Command } from 'commander';
import { isOpsFlowError } from '../../../domain/errors';
import { registerAuditCommands } from './audit-commands';
import { registerBackupCommands } from './backup-commands';
import { registerDeviceCommands, type DeviceCommandDeps } from './device-commands';
import { readPasswordFromStdin } from './cli-input';
import { registerSetupCommands } from './setup-commands';
import { registerStartCommands } from './start-commands';
import { registerUserCommands } from './user-commands';
import { registerVerifyCommands } from './verify-commands';
import { registerTaskCommands } from './task-commands';
import { registerChecklistCommands } from './checklist-commands';
import { registerReadingsCommands } from './readings-commands';
import { registerHaccpCommands } from './haccp-commands';
import { registerInventoryCommands } from './inventory-commands';
import { registerReportCommands } from './report-commands';
import { registerDemoCommands } from './demo-commands';

/** What the commands reach outside the data folder; tests pass simulated devices and a piped password. */
export type CliDeps = DeviceCommandDeps & { readPassword?: () => Promise<string> };

export function buildProgram(deps: CliDeps = {}): Command {
  // Set before the subcommands are added: commander copies these settings into each of them.
  // exitOverride lets runCli decide the exit status instead of commander calling process.exit.
  const program = new Command('opsflow')
    .description('OpsFlow back office: start the app, and the tasks IT does without it (setup, backups, checks, users, devices).')
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(oneLineError(str)) });
  const passwords = { readPassword: deps.readPassword ?? (() => readPasswordFromStdin()) };
  registerStartCommands(program);
  registerSetupCommands(program, passwords);
  registerBackupCommands(program);
  registerVerifyCommands(program);
  registerAuditCommands(program);
  registerUserCommands(program, passwords);
  registerDeviceCommands(program, deps);
  registerTaskCommands(program);
  registerChecklistCommands(program);
  registerReadingsCommands(program);
  registerHaccpCommands(program);
  registerInventoryCommands(program);
  registerReportCommands(program);
  registerDemoCommands(program);
  return program;
}

/** Commander's "error: unknown command 'x'\n(Did you mean y?)" as one line, like our own errors. */
function oneLineError(message: string): string {
  const text = message.replace(/^error: /, '').trim().replace(/\s*\n\s*/g, ' ');
  return `opsflow: ${text} (add --help for usage)\n`;
}

/** Runs the CLI; every failure is one clear line on stderr and a non-zero exit. */
export async function runCli(argv: string[], deps: CliDeps = {}): Promise<number> {
  const program = buildProgram(deps);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    const e = err as { code?: string; exitCode?: number; message?: string };
    if (typeof e.code === 'string' && e.code.startsWith('commander.')) {
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : (e.exitCode ?? 1);
    }
    if (isOpsFlowError(err)) process.stderr.write(`opsflow: ${err.message}\n`);
    else process.stderr.write(`opsflow: something went wrong: ${e.message ?? String(err)}\n`);
    return 1;
  }
}
