import { expect, test, type Locator, type Page } from '@playwright/test';
import { startBrowserMode, type RunningApp } from './browser-mode';

const ADMIN = { name: 'Alice Admin', username: 'alice', password: 'correct horse battery' };
/** Live sensors are polled, and plugged devices identified, every few seconds: wait for them. */
const DEVICE_WAIT = { timeout: 30_000 };

let app: RunningApp;
let page: Page;
let devices: Locator;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  app = await startBrowserMode({ demo: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  devices = page.getByRole('table', { name: 'Connected devices' });
});

test.afterAll(async () => {
  await page?.close();
  await app?.stop();
});

function loggerRow(): Locator {
  return devices.getByRole('row', { name: /Elitech/ });
}

test('set up the organization on a PC in demo mode', async () => {
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'Set up OpsFlow' })).toBeVisible();
  await page.getByLabel('Organization name').fill('Bistro Group');
  await page.getByLabel('Location name').fill('Bistro Downtown');
  await page.getByRole('combobox', { name: 'Time zone' }).fill('chicago');
  await page.getByRole('option', { name: 'America/Chicago' }).click();
  await page.getByLabel('Fahrenheit (°F)').check();
  await page.getByLabel('Your name').fill(ADMIN.name);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create organization' }).click();
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
});

test('the Devices screen shows the demo thermometer and probes with live readings', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: 'Demo mode' })).toBeVisible();

  const temper = devices.getByRole('row', { name: /TEMPer2/ });
  await expect(temper).toBeVisible(DEVICE_WAIT);
  await expect(temper).toContainText('Ready', DEVICE_WAIT);
  await expect(temper).toContainText(/Walk-in cooler air: -?\d+\.\d °F/, DEVICE_WAIT);

  const probes = devices.getByRole('row', { name: /Modbus/ });
  await expect(probes).toBeVisible(DEVICE_WAIT);
  for (const probe of ['Probe 1', 'Probe 2', 'Probe 3']) {
    await expect(probes).toContainText(new RegExp(`${probe}: -?\\d+\\.\\d °F`), DEVICE_WAIT);
  }
});

test('Settings has the device switches; automatic logger download starts on, and turning it off is confirmed', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Devices' });
  await expect(section.getByRole('switch', { name: 'Demo mode (simulated devices)' })).toBeChecked();
  await expect(section.getByRole('switch', { name: 'Restart loggers after a download (erases the logger)' })).not.toBeChecked();
  const auto = section.getByRole('switch', { name: 'Download loggers as soon as they are plugged in' });
  await expect(auto).toBeChecked();
  // Turned off here so that the next test is the one that clicks Download.
  await auto.uncheck({ force: true });
  await expect(page.getByRole('status').filter({ hasText: 'Loggers now wait for someone to click Download.' })).toBeVisible();
  await expect(auto).not.toBeChecked();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
});

test('plug in the demo logger, download it with a progress bar, and see the new readings', async () => {
  await page.getByRole('button', { name: 'Plug in demo logger' }).click();
  await expect(loggerRow()).toBeVisible(DEVICE_WAIT);
  const download = loggerRow().getByRole('button', { name: /^Download/ });
  await expect(download).toBeEnabled(DEVICE_WAIT);
  await expect(page.getByRole('button', { name: 'Plug in demo logger' })).toBeDisabled();

  await download.click();
  const bar = loggerRow().getByRole('progressbar', { name: /^Download of/ });
  await expect(bar).toBeVisible();
  await expect(loggerRow()).toContainText(/Downloading \d+%/);

  const result = page.getByText(/^[1-9][\d,]* new readings stored, 0 already there\.$/);
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(bar).toHaveCount(0);
  await expect(loggerRow().getByRole('cell', { name: /^[1-9][\d,]* new, 0 already there · / })).toBeVisible();
});

test('downloading the same logger again adds nothing', async () => {
  const download = loggerRow().getByRole('button', { name: /^Download/ });
  await expect(download).toBeEnabled();
  await download.click();
  const result = page.getByText(/^0 new readings stored, [1-9][\d,]* already there\.$/);
  await expect(result).toBeVisible({ timeout: 60_000 });
  await expect(loggerRow().getByRole('cell', { name: /^0 new, [1-9][\d,]* already there · / })).toBeVisible();
});

test("the logger's sensor shows its readings on a chart with lowest, highest and average", async () => {
  const link = loggerRow().getByRole('link').first();
  const name = (await link.textContent())?.trim() ?? '';
  expect(name).not.toBe('');
  await link.click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  const chart = page.getByRole('img', { name: /^Chart of .* readings, Last 24 hours/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(chart).toHaveAccessibleName(/lowest -?\d+\.\d °F, highest -?\d+\.\d °F, average -?\d+\.\d °F/);
  // The logger measures temperature only: no humidity series, axis or summary.
  await expect(chart).not.toHaveAccessibleName(/humidity/);
  await expect(chart.locator('.u-legend')).not.toContainText('Humidity');

  const summary = page.getByRole('region', { name: 'Summary of the range' });
  await expect(summary).toContainText(/Lowest\s*-?\d+\.\d °F/);
  await expect(summary).toContainText(/Highest\s*-?\d+\.\d °F/);
  await expect(summary).toContainText(/Average\s*-?\d+\.\d °F/);
  await expect(summary).toContainText(/Readings\s*[1-9][\d,]*/);

  // A longer range asks again, still with at most one point per pixel.
  const ranges = page.getByRole('radiogroup', { name: 'Time range' });
  await ranges.getByText('Week', { exact: true }).click();
  await expect(ranges.getByRole('radio', { name: 'Week' })).toBeChecked();
  await expect(page.getByRole('img', { name: /^Chart of .* readings, Last 7 days: lowest/ })).toBeVisible();
});

test('a calibration is recorded in the user’s unit and listed in the history', async () => {
  await page.getByLabel('Offset in °F').fill('-0.5');
  await expect(page.getByText('Stored as -0.28 °C.')).toBeVisible();
  await page.getByLabel('Note').fill('Ice-point check against reference thermometer #3');
  await page.getByRole('button', { name: 'Save calibration' }).click();
  const history = page.getByRole('table', { name: 'Calibration history' });
  await expect(history.getByRole('row', { name: /Ice-point check/ })).toContainText('-0.5 °F');
  await expect(page.getByRole('region', { name: 'Calibration' })).toContainText(/Current offset\s*-0\.5 °F/);
});

test('a probe that measures humidity charts it beside the temperature, on a %RH axis', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sensors' }).click();
  await page.getByRole('table', { name: 'Sensors' }).getByRole('link', { name: 'Probe 1', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Probe 1', level: 1 })).toBeVisible();

  // The demo's XY-MD02 at address 1 reads 62.0 %RH.
  const chart = page.getByRole('img', { name: /^Chart of Probe 1 readings, Last 24 hours: lowest .*; humidity lowest 62\.0 %RH, highest 62\.0 %RH, average 62\.0 %RH$/ });
  await expect(chart).toBeVisible(DEVICE_WAIT);
  await expect(chart.locator('canvas').first()).toBeVisible();
  await expect(chart.locator('.u-legend')).toContainText('Humidity');
  await expect(page.getByRole('region', { name: 'Summary of the range' })).toContainText(/Average humidity\s*62\.0 %RH/);
});

test('the home screen shows the temperatures, the downloaded logger among them', async () => {
  await page.getByRole('link', { name: 'Home' }).click();
  const tile = page.getByRole('region', { name: 'Temperatures' });
  await expect(tile).toContainText(/\d+ sensors/);
  await expect(tile.getByRole('link', { name: 'Walk-in cooler air' })).toBeVisible();
  await expect(tile.getByRole('link', { name: /Elitech/ })).toBeVisible();
  // Each value says how old it is in words: a logger's was downloaded, a live probe's is minutes old at most.
  await expect(tile.getByRole('listitem').filter({ hasText: /Elitech/ })).toContainText(/downloaded (just now|\d+ (min|h|days) ago)/);
  await expect(tile.getByRole('listitem').filter({ hasText: 'Walk-in cooler air' })).toContainText(/(just now|\d+ min ago)/, DEVICE_WAIT);
});

test('the probes dialog refuses address 999 with the range and asks before writing a new address into the probe', async () => {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices' }).click();
  await page.getByRole('button', { name: 'Probes on Modbus probes (RS-485)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Probes on Modbus probes (RS-485)' });
  const field = dialog.getByLabel(/^New address for the probe at 3/);
  await field.fill('999');
  await dialog.getByRole('button', { name: 'Change the address of the probe at 3' }).click();
  await expect(dialog.getByText('A probe address is 1 to 247.')).toBeVisible();
  await expect(field).toHaveValue('999');

  await field.fill('4');
  await dialog.getByRole('button', { name: 'Change the address of the probe at 3' }).click();
  const confirm = page.getByRole('dialog', { name: 'Write a new address into the probe' });
  await expect(confirm).toContainText(
    'Write address 4 into the probe at address 3 on Modbus probes (RS-485)? The probe answers only at the new address afterwards.',
  );
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByLabel(/^New address for the probe at 3/)).toBeVisible();

  await dialog.getByRole('button', { name: 'Change the address of the probe at 3' }).click();
  await confirm.getByRole('button', { name: 'Write address 4' }).click();
  await expect(dialog.getByLabel(/^New address for the probe at 4/)).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).last().click();

  // The sensor follows the probe: still "Probe 3", now at address 4, and no "Probe 4" appears.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sensors' }).click();
  const sensors = page.getByRole('table', { name: 'Sensors' });
  await expect(sensors.getByRole('row', { name: /Probe 3/ })).toContainText(/Serial .*#4/);
  await expect(sensors.getByRole('link', { name: 'Probe 4', exact: true })).toHaveCount(0);
});
