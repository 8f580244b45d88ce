// Refreshes docs/screenshot.png, the README's picture: the Home screen of a demo install after a
// logger download, in the Chromium the E2E suite uses. `npm run screenshot` (it builds first).
// The tests never write it, so running them leaves the work tree as it was.
import { chromium } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { setUpOrganization } from '../e2e/app-steps';
import { startBrowserMode } from '../e2e/browser-mode';
import config from '../playwright.config';

const OUT = fileURLToPath(new URL('../docs/screenshot.png', import.meta.url));
/** A logger download in demo mode takes a few seconds; give it room on a slow machine. */
const DOWNLOAD_WAIT = { timeout: 60_000 };

const app = await startBrowserMode({ demo: true });
const browser = await chromium.launch(config.use?.launchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await setUpOrganization(page, app, 'America/Chicago', true);

  // Plugged in, the demo logger downloads by itself (automatic download is on in a new install).
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Devices' }).click();
  await page.getByRole('button', { name: 'Plug in demo logger' }).click();
  const logger = page.getByRole('table', { name: 'Connected devices' }).getByRole('row', { name: /Elitech/ });
  await logger.getByRole('cell', { name: /^[1-9][\d,]* new, 0 already there · / }).waitFor(DOWNLOAD_WAIT);

  await nav.getByRole('link', { name: 'Home' }).click();
  const temperatures = page.getByRole('region', { name: 'Temperatures' });
  await temperatures.getByRole('link', { name: /Elitech/ }).waitFor();
  await temperatures.getByRole('link', { name: 'Walk-in cooler air' }).waitFor();
  // Let passing notifications fade so the picture shows the screen itself.
  await page.locator('.mantine-Notification-root').first().waitFor({ state: 'detached', timeout: 15_000 });
  await page.screenshot({ path: OUT });
  process.stdout.write(`Wrote ${OUT}\n`);
} finally {
  await browser.close();
  await app.stop();
}
