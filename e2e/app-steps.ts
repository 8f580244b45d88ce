import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { startBrowserMode, type RunningApp } from './browser-mode';

/** The first administrator every spec of its own sets up. */
export const ADMIN = { name: 'Alice Admin', username: 'alice', password: 'correct horse battery' };

/** First run on a fresh data folder: the organization, its first location, the administrator. */
export async function setUpOrganization(page: Page, app: RunningApp, timeZone = 'America/Chicago', fahrenheit = false) {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Set up OpsFlow' })).toBeVisible();
  await page.getByLabel('Organization name').fill('Bistro Group');
  await page.getByLabel('Location name').fill('Bistro Downtown');
  // A city's name finds its zone among about 400.
  await page.getByRole('combobox', { name: 'Time zone' }).fill(timeZone.split('/').at(-1)!.replace(/_/g, ' '));
  await page.getByRole('option', { name: timeZone, exact: true }).click();
  if (fahrenheit) await page.getByLabel('Fahrenheit (°F)').check();
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
}

export async function signIn(page: Page, user: { username: string; password: string }) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Username').fill(user.username);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: /Account menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

export async function goTo(page: Page, screen: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: screen, exact: true }).click();
  await expect(page.getByRole('heading', { name: screen, level: 1 })).toBeVisible();
}

/** Creates a user from the Users screen, as an administrator would. */
export async function createUser(page: Page, user: { name: string; username: string; password: string }, role = 'STAFF') {
  await goTo(page, 'Users');
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

/** A contract call straight over the page's socket with the page's session, as devtools would make it. */
export async function rawCall(page: Page, method: string, input: unknown, withSession = true): Promise<{ ok: boolean; output?: unknown; error?: { code: string; message: string } }> {
  return page.evaluate(
    ({ method, input, withSession }) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://${location.host}/rpc`);
        ws.onerror = () => reject(new Error('socket refused'));
        ws.onopen = () =>
          ws.send(JSON.stringify({ type: 'call', id: 1, method, input, token: withSession ? sessionStorage.getItem('opsflow.sessionToken') : null }));
        ws.onmessage = (m) => {
          const frame = JSON.parse(m.data as string);
          if (frame.type === 'result' && frame.id === 1) {
            ws.close();
            resolve(frame);
          }
        };
      }),
    { method, input, withSession },
  );
}

/** The message of the form on screen, not a notification (a low-stock alert is an alert too, outside main). */
export function formAlert(page: Page) {
  return page.getByRole('main').getByRole('alert');
}

type SpecUser = { name: string; username: string; password: string };

/**
 * The start of a serial spec whose tests build on one organization: browser mode on a fresh data
 * folder, one page, the administrator's first-run set-up and the users the spec needs.
 */
export async function organizationForSpec(
  browser: Browser,
  options: { page: BrowserContextOptions; users: [SpecUser, string?][] },
): Promise<{ app: RunningApp; page: Page }> {
  const app = await startBrowserMode();
  const page = await browser.newPage(options.page);
  await setUpOrganization(page, app);
  for (const [user, role] of options.users) await createUser(page, user, role);
  return { app, page };
}

export async function closeSpecApp(app: RunningApp | undefined, page: Page | undefined): Promise<void> {
  await page?.close();
  await app?.stop();
}
