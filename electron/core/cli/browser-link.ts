import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

/**
 * The keyed link of a browser mode that is running, kept in its data folder so that a second
 * `opsflow web --open` (the page at an unkeyed address tells people to run it) opens the running
 * OpsFlow instead of failing on the taken port. The folder already holds the database, so the key
 * is no safer anywhere else; the file is still readable by its owner only.
 */
const LINK_FILE = 'browser-mode-link';

export function writeBrowserLink(dataDir: string, url: string): void {
  writeFileSync(join(dataDir, LINK_FILE), `${url}\n`, { mode: 0o600 });
}

/** Removes the file if it still holds this launch's link (a later launch may have replaced it). */
export function removeBrowserLink(dataDir: string, url: string): void {
  if (readLink(dataDir) === url) rmSync(join(dataDir, LINK_FILE), { force: true });
}

function readLink(dataDir: string): string | null {
  try {
    return readFileSync(join(dataDir, LINK_FILE), 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/**
 * The link of the browser mode running on this data folder, or null. A file left behind by a
 * crash is not trusted: the link counts only when a server on its port accepts its key now.
 */
export async function runningBrowserLink(dataDir: string): Promise<string | null> {
  const link = readLink(dataDir);
  if (!link || !/^http:\/\/127\.0\.0\.1:\d+\/\?key=[\w-]+$/.test(link)) return null;
  return (await acceptsKey(link)) ? link : null;
}

/** Whether the server at the link answers its key with the redirect that sets the cookie. */
function acceptsKey(link: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(link, { method: 'GET', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 302);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The program that hands a link to the user's default browser, by platform; never a shell. */
function browserOpener(platform: NodeJS.Platform, url: string): { command: string; args: string[] } {
  if (platform === 'win32') return { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] };
  if (platform === 'darwin') return { command: 'open', args: [url] };
  return { command: 'xdg-open', args: [url] };
}

/**
 * Asks the default browser to open the link. Resolves once the opener has started, rejects with
 * a sentence when there is none (a server without a desktop has no xdg-open). The opener is left
 * to finish on its own: xdg-open may wait for the browser it starts.
 */
export function openInDefaultBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const { command, args } = browserOpener(platform, url);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'ENOENT' ? `${command} was not found` : `${command} failed: ${err.message}`)),
    );
  });
}
