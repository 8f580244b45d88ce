import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import BetterSqlite3 from 'better-sqlite3';
import { Secret, TOTP } from 'otpauth';
import { startBrowserMode, type RunningApp } from './browser-mode';

const ADMIN = { name: 'Alice Admin', username: 'alice', password: 'correct horse battery' };
const MANAGER = { name: 'Max Manager', username: 'max', password: 'manager password 42' };
const STAFF = { name: 'Sam Staff', username: 'sam', password: 'staff password 123' };

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

async function signIn(user: { username: string; password: string }) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
}

async function signOut() {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

async function createUser(user: { name: string; username: string; password: string }, role: string) {
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Username').fill(user.username);
  await dialog.getByLabel('Display name').fill(user.name);
  await dialog.getByLabel('Role').selectOption(role);
  await dialog.getByLabel('Initial password', { exact: true }).fill(user.password);
  await dialog.getByLabel('Confirm initial password').fill(user.password);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row', { name: new RegExp(user.name) })).toBeVisible();
}

/** A contract call straight over the page's socket, as a curious user with devtools would. */
async function rawCall(method: string, input: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return page.evaluate(
    ({ method, input }) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/rpc`);
        ws.onerror = () => reject(new Error('socket refused'));
        ws.onopen = () => ws.send(JSON.stringify({ type: 'call', id: 1, method, input, token: sessionStorage.getItem('opsflow.sessionToken') }));
        ws.onmessage = (m) => {
          const frame = JSON.parse(m.data as string);
          if (frame.type === 'result' && frame.id === 1) {
            ws.close();
            resolve(frame);
          }
        };
      }),
    { method, input },
  );
}

test('the address without the launch key gets a page saying how to open OpsFlow, and none of the app', async ({ request }) => {
  const response = await request.get(`${app.origin}/`);
  expect(response.status()).toBe(403);
  const body = await response.text();
  expect(body).toContain('use the link it printed in the terminal where it is running');
  expect(body).toContain('npx opsflow web --open');
  expect(body).not.toContain(new URL(app.url).searchParams.get('key')!);
  expect(body).not.toContain('<script');
});

test('first run: set up the organization, its first location and the administrator', async () => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Set up OpsFlow' })).toBeVisible();
  await page.getByLabel('Organization name').fill('Bistro Group');
  await page.getByLabel('Location name').fill('Bistro Downtown');
  await page.getByLabel('Address').fill('1 Main Street, Springfield');
  // About 400 zones: typing a city narrows the list.
  await page.getByRole('combobox', { name: 'Time zone' }).fill('chicago');
  await page.getByRole('option', { name: 'America/Chicago' }).click();
  await page.getByLabel('Fahrenheit (°F)').check();
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill('short');
  await page.getByLabel('Confirm password').fill('short');
  await page.getByRole('button', { name: 'Create organization' }).click();
  // A weak password is explained, not accepted.
  await expect(page.getByText(/at least 10 characters/i).first()).toBeVisible();
  // The rules are listed up front, and the strength is judged as the password is typed.
  await expect(page.getByText('Not containing the username.')).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('password123');
  await expect(page.getByTestId('password-strength')).toContainText('This is a commonly used password.');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await expect(page.getByTestId('password-strength')).toHaveText('Very strong.');
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
});

test('the administrator creates a manager and a staff member', async () => {
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await createUser(MANAGER, 'MANAGER');
  await createUser(STAFF, 'STAFF');
  await signOut();
});

test('a wrong password is refused with a sentence, not a stack trace', async () => {
  await page.getByLabel('Username').fill(STAFF.username);
  await page.getByLabel('Password', { exact: true }).fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('do not match');
  await expect(alert).not.toContainText(/at .*\.ts:\d+/);
});

test('staff find no user administration, and a direct call for it is refused', async () => {
  await signIn(STAFF);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);
  await page.goto(`${app.origin}/#/users`);
  await expect(page.getByText('No access')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create user' })).toHaveCount(0);

  const refused = await rawCall('users.create', { username: 'mallory', displayName: 'Mallory', role: 'TENANT_ADMIN', locationIds: [], password: 'a long enough password' });
  expect(refused.ok).toBe(false);
  expect(refused.error?.code).toBe('FORBIDDEN');
  await signOut();
});

test('the audit log shows all of it, and the chain verifies', async () => {
  await signIn(ADMIN);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table).toContainText('Refused: not allowed');
  await expect(table).toContainText('Created a user');
  await expect(table).toContainText('Sign-in failed');
  await expect(table).toContainText('Set up OpsFlow');
  await page.getByLabel('Risk').selectOption('HIGH');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(table).toContainText('Refused: not allowed');
  await expect(table).not.toContainText('Created Staff');
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Audit chain OK' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);
});

test('back up, change something, restore: the change is gone', async () => {
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('button', { name: /Restore the backup of/ }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Users' }).click();
  await createUser({ name: 'Tina Temp', username: 'tina', password: 'temporary password 9' }, 'STAFF');

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: /Restore the backup of/ }).first().click();
  await expect(page.getByRole('region', { name: 'Backup contents' })).toContainText('Bistro Group');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByRole('button', { name: 'Replace current data' }).click();

  await signIn(ADMIN);
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('row', { name: /Sam Staff/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Tina Temp/ })).toHaveCount(0);
});

test('a file OpsFlow did not write needs an explicit yes, and its restore is CRITICAL in the audit log', async () => {
  // A copy of the backup, changed by hand: intact, but not the file OpsFlow wrote.
  const folder = join(app.dataDir, 'backups');
  const newest = readdirSync(folder).filter((f) => f.endsWith('.db')).sort().at(-1)!;
  const foreign = join(app.dataDir, 'from-a-usb-stick.db');
  copyFileSync(join(folder, newest), foreign);
  const raw = new BetterSqlite3(foreign);
  raw.prepare("UPDATE meta SET value = '1' WHERE key = 'backup_created_at_ms'").run();
  raw.close();

  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Another backup file').fill(foreign);
  await page.getByRole('button', { name: 'Inspect' }).click();
  await expect(page.getByRole('region', { name: 'Backup contents' })).toContainText('No record: a foreign file');
  await expect(page.getByText('OpsFlow did not write this file')).toBeVisible();
  const restore = page.getByRole('button', { name: 'Restore', exact: true });
  await expect(restore).toBeDisabled();
  await page.getByLabel(/restore it as a foreign file/).check();
  await restore.click();
  await page.getByRole('button', { name: 'Replace current data' }).click();

  await signIn(ADMIN);
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Risk').selectOption('CRITICAL');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page.getByRole('table')).toContainText('accepted as foreign by Alice Admin');
});

test('a manager turns on two-factor sign-in, then signs in with a code from the app', async () => {
  await signOut();
  await signIn(MANAGER);
  await page.getByRole('link', { name: 'My account' }).click();
  const start = page.getByRole('form', { name: 'Set up two-factor' });
  await start.getByLabel('Current password').fill(MANAGER.password);
  await start.getByRole('button', { name: 'Set up two-factor' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByLabel('Two-factor secret').textContent())!.trim();
  const app = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });

  await page.getByLabel('6-digit code').fill(app.generate({ timestamp: Date.now() - 120_000 }));
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await expect(page.getByRole('alert')).toContainText('not right');
  await page.getByLabel('6-digit code').fill(app.generate());
  await page.getByRole('button', { name: 'Confirm code' }).click();
  await expect(page.getByLabel('Backup codes')).toContainText(/^[a-z0-9]{4}-[a-z0-9]{4}/);
  await page.getByRole('button', { name: 'I have saved my backup codes' }).click();
  await signOut();

  await page.getByLabel('Username').fill(MANAGER.username);
  await page.getByLabel('Password', { exact: true }).fill(MANAGER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const code = page.getByLabel('Two-factor code');
  await expect(code).toBeVisible();
  // The code that confirmed enrolment is spent (a code is good once): use the app's next one.
  await code.fill(app.generate({ timestamp: Date.now() + 30_000 }));
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
});
