import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { goTo, setUpOrganization } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

/** A real EasyLog export's layout (source: domain/readings/import/testdata/SOURCES.md). */
const EASYLOG = readFileSync(join(import.meta.dirname, '../domain/readings/import/testdata/easylog-el-usb-2.txt'));

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

async function openImport() {
  await page.getByRole('button', { name: 'Import readings from a file' }).click();
  return page.getByRole('dialog', { name: 'Import readings from a file' });
}

test('import an EasyLog export into a new sensor: check it first, then import', async () => {
  await setUpOrganization(page, app, 'America/New_York');
  await goTo(page, 'Sensors');
  const dialog = await openImport();
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'walk-in.txt', mimeType: 'text/plain', buffer: EASYLOG });
  // The file's name is offered as the sensor's; a person names it properly.
  await expect(dialog.getByRole('combobox', { name: 'Sensor' })).toHaveValue('walk-in');
  await dialog.getByRole('combobox', { name: 'Sensor' }).fill('Walk-in cooler');
  await dialog.getByRole('button', { name: 'Check file' }).click();

  const preview = dialog.getByRole('region', { name: 'What will be imported' });
  await expect(preview).toContainText('EasyLog export: 4 readings from 2016-07-11 17:00 to 2016-07-11 18:30');
  await expect(preview).toContainText('A new sensor "Walk-in cooler" will be created. 4 new, 0 already stored. 4 with humidity.');
  await dialog.getByRole('button', { name: 'Import 4 readings' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '4 new readings for Walk-in cooler.' })).toBeVisible();
  const row = page.getByRole('row', { name: /Walk-in cooler/ });
  await expect(row).toContainText('Readings file');
  await expect(row).toContainText('Imported from a file');
});

test('the same file again adds nothing, and the preview says so', async () => {
  const dialog = await openImport();
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'walk-in.txt', mimeType: 'text/plain', buffer: EASYLOG });
  await dialog.getByRole('combobox', { name: 'Sensor' }).fill('Walk-in cooler');
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await expect(dialog.getByRole('region', { name: 'What will be imported' })).toContainText('Into the sensor "Walk-in cooler". 0 new, 4 already stored.');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('a file with bad lines shows them by number and imports nothing until they are skipped', async () => {
  const csv = ['time,temperature_c', '2026-01-15T08:00:00Z,-18.5', '2026-01-15T08:01:00Z,frozen', '2026-01-15T08:02:00Z,-18.2', '2026-01-15T08:03:00Z,999'].join('\n');
  const dialog = await openImport();
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'freezer.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await dialog.getByRole('combobox', { name: 'Sensor' }).fill('Freezer');
  await dialog.getByRole('button', { name: 'Check file' }).click();

  await expect(dialog.getByText('2 lines cannot be read')).toBeVisible();
  const bad = dialog.getByRole('table', { name: 'Bad lines' });
  await expect(bad.getByRole('row', { name: /^3 "frozen" is not a temperature/ })).toBeVisible();
  await expect(bad.getByRole('row', { name: /^5 999 °C is outside what a food thermometer reads/ })).toBeVisible();
  const importButton = dialog.getByRole('button', { name: 'Import 2 readings' });
  await expect(importButton).toBeDisabled();

  await dialog.getByLabel('Skip bad lines (import the good rows, leave the rest out)').check();
  await expect(dialog.getByText('They will be left out.')).toBeVisible();
  await importButton.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: '2 new readings for Freezer; 2 bad lines left out.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Freezer' })).toBeVisible();
});

test('a file OpsFlow cannot read is refused with what it reads', async () => {
  const dialog = await openImport();
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('shopping list\neggs\n') });
  await dialog.getByRole('combobox', { name: 'Sensor' }).fill('Freezer');
  await dialog.getByRole('button', { name: 'Check file' }).click();
  await expect(dialog.getByRole('alert')).toContainText('This file is not one OpsFlow can read');
  await expect(dialog.getByRole('button', { name: /^Import/ })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test("a sensor's readings download as OpsFlow's CSV from its chart's range", async () => {
  await page.getByRole('link', { name: 'Freezer' }).click();
  await expect(page.getByRole('heading', { name: 'Freezer', level: 1 })).toBeVisible();
  await page.getByText('Custom', { exact: true }).click();
  await page.getByRole('textbox', { name: 'From', exact: true }).fill('2026-01-15');
  await page.getByRole('textbox', { name: 'To', exact: true }).fill('2026-01-15');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('freezer-2026-01-15-to-2026-01-15.csv');
  const text = readFileSync(await download.path(), 'utf8');
  // New York's wall clock with its offset: 08:00 UTC is 03:00 EST.
  expect(text).toBe('time,temperature_c\n2026-01-15T03:00:00-05:00,-18.50\n2026-01-15T03:02:00-05:00,-18.20\n');
  await expect(page.getByRole('status').filter({ hasText: 'Exported 2 readings to freezer-2026-01-15-to-2026-01-15.csv.' })).toBeVisible();
});
