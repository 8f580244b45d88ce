import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { resolveDataDir } from '../data-dir';
import { Engine } from '../engine';
import { createLogger } from '../logger';
import { startBrowserServer } from '../transport/browser-server';
import { dataDirOption } from './data-dir-option';

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
  port?: string;
  demo?: boolean;
}

async function serveBrowserMode(opts: StartOptions): Promise<void> {
  const dataDir = resolveDataDir(opts.dataDir);
  const engine = await Engine.open({ dataDir, log: createLogger(), timers: true, demo: opts.demo });
  const server = await startBrowserServer(engine, { port: opts.port ? Number(opts.port) : 0, rendererDir: join(repoRoot, 'dist', 'renderer') });
  process.stdout.write(`OpsFlow is running in browser mode. Open: ${server.url}\nData folder: ${dataDir}\n`);
  const stop = async () => {
    await server.close();
    await engine.stopDevices();
    engine.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise(() => {});
}

export function registerStartCommands(program: Command): void {
  program
    .command('web')
    .description('serve OpsFlow in browser mode on 127.0.0.1 and print the link to open')
    .addOption(dataDirOption())
    .option('--port <port>', 'port on 127.0.0.1 (default: any free port)')
    .option('--demo', 'show simulated thermometers, probes and a logger instead of this PC’s devices')
    .action(serveBrowserMode);

  program
    .command('start')
    .description('open the OpsFlow desktop app (browser mode where Electron is not installed)')
    .addOption(dataDirOption())
    .option('--port <port>', 'port for browser mode')
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
