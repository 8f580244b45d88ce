import { expect, test, type Locator, type Page } from '@playwright/test';
import { goTo, setUpOrganization } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

/** Plugged devices are identified, and loggers downloaded, within a few seconds: wait for them. */
const DEVICE_WAIT = { timeout: 60_000 };

let app: RunningApp;
let page: Page;
let easylog: Locator;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode({ demo: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  easylog = page.getByRole('table', { name: 'Connected devices' }).getByRole('row', { name: /Lascar EL-USB-2/ });
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

test('a Lascar EasyLog plugged in is listed by model and downloaded by itself', async () => {
  await setUpOrganization(page, app);
  await goTo(page, 'Devices');
  await page.getByRole('button', { name: 'Plug in demo EasyLog logger' }).click();
  await expect(easylog).toBeVisible(DEVICE_WAIT);
  await expect(page.getByRole('button', { name: 'Plug in demo EasyLog logger' })).toBeDisabled();
  // Automatic download is on by default.
  await expect(easylog.getByRole('cell', { name: /^2,000 new, 0 already there · / })).toBeVisible(DEVICE_WAIT);
});

test('downloading it again adds nothing', async () => {
  const download = easylog.getByRole('button', { name: /^Download/ });
  await expect(download).toBeEnabled(DEVICE_WAIT);
  await download.click();
  await expect(page.getByText(/^0 new readings stored, 2,000 already there\.$/)).toBeVisible(DEVICE_WAIT);
});

test('its sensor charts temperature and humidity', async () => {
  await easylog.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'EasyLog EL-USB-2 walk-in', level: 1 })).toBeVisible();
  const chart = page.getByRole('img', { name: /^Chart of EasyLog EL-USB-2 walk-in readings, Last 24 hours: lowest .*; humidity lowest \d+\.\d %RH/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.u-legend')).toContainText('Humidity');
});
