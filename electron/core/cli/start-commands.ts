import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { isOpsFlowError, OpsFlowError } from '../../../domain/errors';
import { resolveDataDir } from '../data-dir';
import { Engine } from '../engine';
import { createLogger } from '../logger';
import { startBrowserServer } from '../transport/browser-server';
import { openInDefaultBrowser, removeBrowserLink, runningBrowserLink, writeBrowserLink } from './browser-link';
import { dataDirOption } from './data-dir-option';

/** The same address every launch, so that a bookmark of it keeps working. */
export const DEFAULT_BROWSER_PORT = 8737;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The Electron binary, when the electron package downloaded one; null otherwise. */
export function findElectronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkgDir = dirname(require.resolve('electron/package.json'));
    const pathFile = join(pkgDir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const binary = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

interface StartOptions {
  dataDir?: string;
  port: number;
  demo?: boolean;
  open?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('A port is a whole number from 1 to 65535 (0: any free port).');
  return port;
}

const portOption = () =>
  new Option('--port <port>', 'port for browser mode on 127.0.0.1 (0: any free port)').argParser(parsePort).default(DEFAULT_BROWSER_PORT);
const openOption = () => new Option('--open', 'open browser mode in the default browser');

async function openLink(url: string): Promise<void> {
  try {
    await openInDefaultBrowser(url);
    process.stdout.write('Opening it in your default browser.\n');
  } catch (err) {
    process.stderr.write(`opsflow: could not open a browser (${(err as Error).message}); open the link above yourself.\n`);
  }
}

async function serveBrowserMode(opts: StartOptions): Promise<void> {
  const dataDir = resolveDataDir(opts.dataDir);
  // One engine per data folder: a second launch points at the first instead of opening the
  // database again (and failing on the taken port).
  const running = await runningBrowserLink(dataDir);
  if (running) {
    process.stdout.write(`OpsFlow is already running in browser mode for ${dataDir}. Open: ${running}\n`);
    if (opts.open) await openLink(running);
    return;
  }
  const engine = await Engine.open({ dataDir, log: createLogger(), timers: true, demo: opts.demo });
  const server = await startBrowserServer(engine, { port: opts.port, rendererDir: join(repoRoot, 'dist', 'renderer') }).catch(async (err: unknown) => {
    await engine.shutdown();
    throw withPortAdvice(err, opts.port);
  });
  writeBrowserLink(dataDir, server.url);
  process.stdout.write(`OpsFlow is running in browser mode. Open: ${server.url}\nData folder: ${dataDir}\n`);
  if (opts.open) await openLink(server.url);
  const stop = async () => {
    removeBrowserLink(dataDir, server.url);
    await server.close();
    await engine.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
}

function withPortAdvice(err: unknown, port: number): unknown {
  if (!isOpsFlowError(err) || err.code !== 'PORT_UNAVAILABLE') return err;
  const other = port === 65535 ? 8738 : port + 1;
  return new OpsFlowError(err.code, `${err.message} Choose another with --port, for example --port ${other} (npm start -- --port ${other}).`, err.details);
}

export function registerStartCommands(program: Command): void {
  program
    .command('web')
    .description('serve OpsFlow in browser mode on 127.0.0.1 and print the link to open')
    .addOption(dataDirOption())
    .addOption(portOption())
    .addOption(openOption())
    .option('--demo', 'show simulated thermometers, probes and a logger instead of this PC’s devices')
    .action(serveBrowserMode);

  program
    .command('start')
    .description('open the OpsFlow desktop app (browser mode where Electron is not installed)')
    .addOption(dataDirOption())
    .addOption(portOption())
    .addOption(openOption())
    .option('--demo', 'show simulated thermometers, probes and a logger instead of this PC’s devices')
    .action(async (opts: StartOptions) => {
      const electron = findElectronBinary();
      const main = join(repoRoot, 'dist-electron', 'main.cjs');
      if (!electron || !existsSync(main)) {
        process.stdout.write(
          !electron
            ? 'Electron is not installed here (its download during npm install failed or was skipped); serving OpsFlow in browser mode instead.\n'
            : 'The desktop app is not built (npm start builds it); serving OpsFlow in browser mode instead.\n',
        );
        await serveBrowserMode(opts);
        return;
      }
      const args = [main, '--data-dir', resolveDataDir(opts.dataDir), ...(opts.demo ? ['--demo'] : [])];
      const child = spawn(electron, args, { stdio: 'inherit' });
      await new Promise<void>((resolveExit) => child.on('exit', (code) => ((process.exitCode = code ?? 0), resolveExit())));
    });
}
