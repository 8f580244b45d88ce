import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, createUser, goTo, setUpOrganization, signIn } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await setUpOrganization(page, app);
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

async function saveBackupFolder(folder: string) {
  const form = page.getByRole('form', { name: 'Backup settings' });
  await form.getByLabel('Backup folder').fill(folder);
  await form.getByRole('button', { name: 'Save backup settings' }).click();
  return form;
}

test('a backup folder that cannot hold backups is refused in a sentence, and the folder stays as it was', async () => {
  await goTo(page, 'Settings');
  const form = page.getByRole('form', { name: 'Backup settings' });
  const before = await form.getByLabel('Backup folder').inputValue();

  await saveBackupFolder('/proc/opsflow');
  await expect(form.getByRole('alert')).toContainText('/proc is a view of the running system, not a disk');

  const file = join(app.dataDir, 'notes.txt');
  writeFileSync(file, 'a file, not a folder');
  await saveBackupFolder(file);
  await expect(form.getByRole('alert')).toContainText(`${file} is a file, not a folder.`);
  await expect(form.getByRole('alert')).not.toContainText('EEXIST');

  // Nothing was saved: after a reload the form shows the folder from before.
  await page.reload();
  await expect(page.getByRole('form', { name: 'Backup settings' }).getByLabel('Backup folder')).toHaveValue(before);
});

test('a backup chosen from the list is restored with one click and a confirmation', async () => {
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByRole('button', { name: /Restore the backup of/ })).toHaveCount(1);

  await createUser(page, { name: 'Tina Temp', username: 'tina', password: 'temporary password 9' });
  await goTo(page, 'Settings');
  await page.getByRole('button', { name: /Restore the backup of/ }).click();
  await expect(page.getByRole('region', { name: 'Backup contents' })).toContainText('Bistro Group');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByRole('button', { name: 'Replace current data' }).click();

  await signIn(page, ADMIN);
  await goTo(page, 'Users');
  await expect(page.getByRole('row', { name: /Tina Temp/ })).toHaveCount(0);
});

test('a damaged backup in the folder is listed first (newest), and restoring it says why it cannot be', async () => {
  writeFileSync(join(app.dataDir, 'backups', 'opsflow-20991231-235959.db'), 'not a database: a copy cut short by a full USB stick');
  await goTo(page, 'Users');
  await goTo(page, 'Settings');
  await expect(page.getByRole('button', { name: /Restore the backup of/ })).toHaveCount(2);
  await page.getByRole('button', { name: /Restore the backup of/ }).first().click();
  const refusal = page.getByRole('alert').filter({ hasText: 'This file cannot be restored' });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('That file is not an OpsFlow backup (it is not a database file).');
  await expect(refusal).not.toContainText(/SQLITE_|Error:/);
  await expect(page.getByRole('region', { name: 'Backup contents' })).toHaveCount(0);
  // The app goes on: the other backup still opens.
  await page.getByRole('button', { name: /Restore the backup of/ }).last().click();
  await expect(page.getByRole('region', { name: 'Backup contents' })).toContainText('Bistro Group');
});
