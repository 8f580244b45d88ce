import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { goTo, signIn } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

let app: RunningApp;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  // A demo restaurant, seeded by the command a new user would run.
  const dataDir = join(mkdtempSync(join(tmpdir(), 'opsflow-e2e-report-')), 'data');
  execFileSync(process.execPath, ['bin/opsflow.js', 'demo', 'seed', '--days', '3', '--data-dir', dataDir]);
  app = await startBrowserMode({ dataDir });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await page.goto(app.url);
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

test("one click downloads the inspector's PDF, and the CSV of the same tables", async () => {
  await signIn(page, { username: 'admin', password: 'harbor street kitchen' });
  await goTo(page, 'Reports');
  await expect(page.getByRole('combobox', { name: 'Location' })).toHaveValue('Harbor Street Kitchen');

  const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report' }).click()]);
  expect(pdf.suggestedFilename()).toMatch(/^haccp-report-harbor-street-kitchen-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf$/);
  const file = join(mkdtempSync(join(tmpdir(), 'opsflow-e2e-pdf-')), 'report.pdf');
  await pdf.saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('HACCP inspection report');
  expect(text).toContain('Walk-in cooler (walk in cooler)');
  expect(text).toMatch(/Digest \(SHA-256\): [0-9a-f]{64}/);

  await page.getByText('CSV', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'CSV' })).toBeChecked();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the report' }).click()]);
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
});

test('a range that ends before it starts is explained and cannot be sent', async () => {
  await page.getByRole('textbox', { name: 'From' }).fill('2026-12-10');
  await page.getByRole('textbox', { name: 'To (included)' }).fill('2026-12-01');
  await expect(page.getByRole('alert').filter({ hasText: 'The report cannot start (2026-12-10) after it ends (2026-12-01).' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download the report' })).toBeDisabled();
});
