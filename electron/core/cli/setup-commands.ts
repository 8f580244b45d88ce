import { Option, type Command } from 'commander';
import { contract } from '../../../domain/contract';
import { OpsFlowError, type ErrorCode } from '../../../domain/errors';
import { resolveDataDir } from '../data-dir';
import { Engine } from '../engine';
import { createLogger } from '../logger';
import { isKnownTimeZone, parseCliInput, requirePasswordStdin } from './cli-input';
import { dataDirOption } from './data-dir-option';

/** Where a command reads a piped password from; the tests hand it over directly. */
export interface PasswordSource {
  readPassword: () => Promise<string>;
}

interface SetupOptions {
  dataDir?: string;
  organization: string;
  location: string;
  address: string;
  timeZone: string;
  unit: 'C' | 'F';
  admin: string;
  adminName: string;
  passwordStdin?: boolean;
}

const SETUP_FLAGS: Record<string, string> = {
  organizationName: '--organization',
  'location.name': '--location',
  'location.address': '--address',
  'location.timeZone': '--time-zone',
  'location.temperatureUnit': '--unit',
  'admin.displayName': '--admin-name',
  'admin.username': '--admin',
  'admin.password': 'the password',
};

export function registerSetupCommands(program: Command, source: PasswordSource): void {
  program
    .command('setup')
    .description('set up this PC without the UI: the organization, this restaurant and its first administrator')
    .addOption(dataDirOption())
    .requiredOption('--organization <name>', 'the organization (restaurant group) name')
    .requiredOption('--location <name>', 'the name of this restaurant')
    .option('--address <text>', 'the address of this restaurant', '')
    .requiredOption('--time-zone <zone>', 'the restaurant’s IANA time zone, e.g. America/Chicago')
    .addOption(new Option('--unit <unit>', 'the temperature unit shown by default').choices(['C', 'F']).makeOptionMandatory())
    .requiredOption('--admin <username>', 'the first administrator’s username')
    .requiredOption('--admin-name <name>', 'the first administrator’s display name')
    .option('--password-stdin', 'read the administrator’s password from standard input (required)')
    .action(async (opts: SetupOptions) => {
      requirePasswordStdin(opts.passwordStdin);
      if (!isKnownTimeZone(opts.timeZone)) {
        throw new OpsFlowError('BAD_INPUT', `--time-zone: "${opts.timeZone}" is not a time zone OpsFlow knows; use an IANA name such as Europe/Berlin or America/Chicago.`);
      }
      const dataDir = resolveDataDir(opts.dataDir);
      const engine = await Engine.open({ dataDir, log: createLogger({ level: process.env.OPSFLOW_LOG_LEVEL ?? 'warn' }) });
      try {
        if (engine.context.identity()) {
          throw new OpsFlowError('ALREADY_SET_UP', `OpsFlow is already set up in ${dataDir} (organization "${engine.context.directory.organizationName()}"). Nothing was changed.`);
        }
        const input = parseCliInput(
          contract['setup.create'].input,
          {
            organizationName: opts.organization,
            location: { name: opts.location, address: opts.address, timeZone: opts.timeZone, temperatureUnit: opts.unit },
            admin: { displayName: opts.adminName, username: opts.admin, password: await source.readPassword() },
          },
          SETUP_FLAGS,
        );
        // The same call the setup screen makes: the same checks (password rules among them), the same audit entry.
        const result = await engine.dispatch({ method: 'setup.create', input, token: null });
        if (!result.ok) throw new OpsFlowError(result.error.code as ErrorCode, result.error.message);
        const session = result.output as { token: string };
        engine.context.sessions.close(session.token);
        process.stdout.write(
          `Set up "${input.organizationName}" with the location "${input.location.name}" and the administrator "${input.admin.username}" in ${dataDir}. Start OpsFlow and sign in.\n`,
        );
      } finally {
        engine.close();
      }
    });
}
