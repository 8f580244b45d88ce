import { expect, test, type Page } from '@playwright/test';
import { ADMIN, closeSpecApp, goTo, organizationForSpec, signIn, signOut } from './app-steps';
import type { RunningApp } from './browser-mode';

const SAM = { name: 'Sam Staff', username: 'sam', password: 'staff password 123' };

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  ({ app, page } = await organizationForSpec(browser, { page: { viewport: { width: 1280, height: 800 } }, users: [[SAM]] }));
});

test.afterAll(() => closeSpecApp(app, page));

const samRow = () => page.getByRole('table', { name: 'Users' }).getByRole('row', { name: /sam/ });

async function samAction(action: string) {
  await page.getByRole('button', { name: /^Actions for Sam/ }).click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
}

test('an administrator renames a user and changes their role', async () => {
  await samAction('Edit');
  const dialog = page.getByRole('dialog', { name: 'Edit Sam Staff' });
  await dialog.getByLabel('Display name').fill('Sam Rivera');
  await dialog.getByLabel('Role').selectOption('MANAGER');
  // The role is explained where it is chosen.
  await expect(dialog.getByText('Day-to-day running: sensors, stock, tasks and HACCP sign-off; sees users and settings.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Saved the changes to Sam Rivera.')).toBeVisible();
  await expect(samRow()).toContainText('Sam Rivera');
  await expect(samRow()).toContainText('Manager');
});

test('a deactivated user cannot sign in until reactivated', async () => {
  await samAction('Deactivate');
  const confirm = page.getByRole('dialog', { name: 'Deactivate Sam Rivera?' });
  await confirm.getByRole('button', { name: 'Deactivate' }).click();
  await expect(confirm).toBeHidden();
  await expect(samRow()).toContainText('Deactivated');

  await signOut(page);
  await page.getByLabel('Username').fill(SAM.username);
  await page.getByLabel('Password', { exact: true }).fill(SAM.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('This account has been deactivated.');

  await signIn(page, ADMIN);
  await goTo(page, 'Users');
  await samAction('Reactivate');
  await page.getByRole('dialog', { name: 'Reactivate Sam Rivera?' }).getByRole('button', { name: 'Reactivate' }).click();
  await expect(samRow()).toContainText('Active');
  await signOut(page);
  await signIn(page, SAM);
  await signOut(page);
});

test('a locked-out user is unlocked with Unlock, not behind a two-factor reset', async () => {
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel('Username').fill(SAM.username);
    await page.getByLabel('Password', { exact: true }).fill(`not the password ${i}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText(i < 5 ? 'do not match' : 'this account is locked for 15 minutes');
  }
  // The right password now is refused too, with the end of the lockout in the location's time.
  await page.getByLabel('Password', { exact: true }).fill(SAM.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(/Try again after \d{4}-\d{2}-\d{2} \d{2}:\d{2},/);

  await signIn(page, ADMIN);
  // The administrator reads times on a 12-hour clock, day first: the lockout's end follows.
  await goTo(page, 'My account');
  await page.getByLabel(/^12-hour/).check();
  await page.getByLabel(/^Day\/month\/year/).check();
  await expect(page.getByText(/Dates are now shown as day\/month\/year/)).toBeVisible();

  await goTo(page, 'Users');
  await expect(samRow()).toContainText(/Locked\s*until \d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} (AM|PM)/);
  // No status is cut short at 1280×800 ("Act…", "Locked until …").
  const cut = await page.evaluate(() => [...document.querySelectorAll('.mantine-Badge-label')].filter((e) => e.scrollWidth > e.clientWidth + 1).length);
  expect(cut).toBe(0);
  await page.getByRole('button', { name: /^Actions for Sam/ }).click();
  await expect(page.getByRole('menuitem', { name: 'Unlock' })).toBeVisible();
  // Sam has no two-factor, so there is nothing to reset.
  await expect(page.getByRole('menuitem', { name: /two-factor/ })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Unlock' }).click();
  const confirm = page.getByRole('dialog', { name: 'Unlock Sam Rivera?' });
  await expect(confirm).toContainText('their password and two-factor stay as they are');
  await confirm.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('Sam Rivera can sign in again.')).toBeVisible();
  await expect(samRow()).toContainText('Active');

  await signOut(page);
  await signIn(page, SAM);
});
