import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const REPO = resolve(import.meta.dirname, '../../..');

let temp: ReturnType<typeof tempDataDir>;
let fakeBin: string;
/** Stands in for the user's browser: the fake xdg-open (or open) reports each link it is given. */
let browser: HttpServer;
let opened: string[] = [];
let onOpened: (() => void) | null = null;

beforeAll(async () => {
  temp = tempDataDir();
  fakeBin = join(temp.dir, 'bin');
  mkdirSync(fakeBin);
  const opener = `#!${process.execPath}\nfetch(process.env.OPSFLOW_TEST_BROWSER + '?url=' + encodeURIComponent(process.argv[2]));\n`;
  for (const name of ['xdg-open', 'open']) {
    writeFileSync(join(fakeBin, name), opener);
    chmodSync(join(fakeBin, name), 0o755);
  }
  browser = createHttpServer((req, res) => {
    opened.push(new URL(req.url ?? '/', 'http://x').searchParams.get('url') ?? '');
    res.end();
    onOpened?.();
  });
  await new Promise<void>((done) => browser.listen(0, '127.0.0.1', done));
});

afterAll(async () => {
  await new Promise((done) => browser.close(done));
  temp.cleanup();
});

/** Launched processes still running, and when each will have exited. */
const running = new Map<ChildProcess, Promise<number | null>>();
afterEach(async () => {
  for (const child of running.keys()) child.kill('SIGTERM');
  await Promise.all(running.values());
  opened = [];
});

interface Launched {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** The first match of `pattern` in what it printed so far or prints next; rejects if it exits first. */
  printed(pattern: RegExp): Promise<RegExpExecArray>;
  /** Its exit status, once it has exited and everything it printed has been read. */
  exited: Promise<number | null>;
}

/** `opsflow …` in its own process, as someone starts it from a terminal. */
function launch(...args: string[]): Launched {
  const env = {
    ...process.env,
    OPSFLOW_DATA_DIR: '',
    OPSFLOW_LOG_LEVEL: 'error',
    PATH: `${fakeBin}${delimiter}${process.env.PATH ?? ''}`,
    OPSFLOW_TEST_BROWSER: `http://127.0.0.1:${(browser.address() as AddressInfo).port}/`,
  };
  const child = spawn(process.execPath, ['bin/opsflow.js', ...args], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((done) => child.once('close', (code) => done(code)));
  running.set(child, exited);
  void exited.then(() => running.delete(child));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolveMatch, reject) => {
      const check = () => {
        const m = pattern.exec(out);
        if (!m) return false;
        child.stdout!.off('data', check);
        resolveMatch(m);
        return true;
      };
      if (check()) return;
      child.stdout!.on('data', check);
      child.once('exit', (code) => reject(new Error(`opsflow exited (${code}) before printing ${pattern}; it printed: ${out}${err}`)));
    });
  return { child, stdout: () => out, stderr: () => err, printed, exited };
}

/** Waits for the stand-in browser to have been asked to open `count` links. */
function linksOpened(count: number): Promise<string[]> {
  return new Promise((done) => {
    const check = () => {
      if (opened.length >= count) {
        onOpened = null;
        done(opened);
      }
    };
    onOpened = check;
    check();
  });
}

/** runCli in this process, with what it writes captured: for answers that come before any start-up. */
function inProcess(...args: string[]) {
  return runCliInProcess(args);
}

const OPEN_LINE = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]+)\n/;

describe('opsflow web: the port', () => {
  it('a port another program holds: exit 1 and one line saying so and how to choose another', async () => {
    const other = createNetServer();
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done));
    const taken = (other.address() as AddressInfo).port;
    try {
      const run = launch('web', '--port', String(taken), '--demo', '--data-dir', join(temp.dir, 'port-taken'));
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toBe(
        `opsflow: Port ${taken} on 127.0.0.1 is already in use. Choose another with --port, for example --port ${taken + 1} (npm start -- --port ${taken + 1}).\n`,
      );
      expect(run.stdout()).not.toContain('Open:');
    } finally {
      await new Promise((done) => other.close(done));
    }
  });

  it.each([['abc'], ['80.5'], ['70000'], ['-1']])('--port %s is refused with one line saying what a port is', async (port) => {
    const r = await inProcess('web', '--port', port);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(`opsflow: option '--port <port>' argument '${port}' is invalid. A port is a whole number from 1 to 65535 (0: any free port). (add --help for usage)\n`);
  });

  it.each([['web'], ['start']])('opsflow %s --help: browser mode is on port 8737 (a bookmark keeps working) unless --port says otherwise', async (command) => {
    const r = await inProcess(command, '--help');
    expect(r.stdout).toMatch(/--port <port>\s+port for browser mode on 127\.0\.0\.1 \(0: any free port\)\s+\(default: 8737\)/);
    expect(r.stdout).toMatch(/--open\s+open browser mode in the default browser/);
  });
});

describe('opsflow web --open', () => {
  it('opens the keyed link it printed in the default browser', async () => {
    const run = launch('web', '--port', '0', '--open', '--demo', '--data-dir', join(temp.dir, 'open'));
    const [, link] = await run.printed(OPEN_LINE);
    expect(await linksOpened(1)).toEqual([link]);
    await run.printed(/Opening it in your default browser\.\n/);
  });

  it('while OpsFlow already runs on the same data folder, opens that one instead of starting again', async () => {
    const dataDir = join(temp.dir, 'second-launch');
    const first = launch('web', '--port', '0', '--demo', '--data-dir', dataDir);
    const [, link] = await first.printed(OPEN_LINE);

    const second = launch('web', '--port', '0', '--open', '--demo', '--data-dir', dataDir);
    expect(await second.exited).toBe(0);
    expect(second.stdout()).toBe(`OpsFlow is already running in browser mode for ${dataDir}. Open: ${link}\nOpening it in your default browser.\n`);
    expect(await linksOpened(1)).toEqual([link]);
    expect(first.child.exitCode).toBeNull();
  });

  it('after the first launch crashed, the next one starts afresh with a new key', async () => {
    const dataDir = join(temp.dir, 'after-crash');
    const first = launch('web', '--port', '0', '--demo', '--data-dir', dataDir);
    const [, firstLink] = await first.printed(OPEN_LINE);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = launch('web', '--port', '0', '--demo', '--data-dir', dataDir);
    const [, secondLink] = await second.printed(OPEN_LINE);
    expect(second.stdout()).toMatch(/^OpsFlow is running in browser mode\. Open: /);
    expect(secondLink).not.toBe(firstLink);
  });
});
