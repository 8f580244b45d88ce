import { test as base, type Page } from '@playwright/test';
import { setUpOrganization } from './app-steps';
import { startBrowserMode, type RunningApp } from './browser-mode';

export { expect } from '@playwright/test';

export interface AppFixtures {
  /** The location's time zone the organization is set up with (`test.use({ timeZone })`). */
  timeZone: string;
  /** `opsflow web --demo`: simulated devices instead of the PC's ports (`test.use({ demo: true })`). */
  demo: boolean;
  /** `opsflow web` on a fresh data folder of this test's own, stopped and removed after it. */
  app: RunningApp;
  /** The test's page on a freshly set-up organization, its administrator (ADMIN) signed in, at Home. */
  adminPage: Page;
}

/**
 * The set-up every spec repeated: a browser-mode app per test, so that no session, lock or user
 * leaks from one test into the next, and the first run's set-up done by the administrator.
 */
export const test = base.extend<AppFixtures>({
  timeZone: ['America/Chicago', { option: true }],
  demo: [false, { option: true }],
  app: async ({ demo }, use) => {
    const app = await startBrowserMode({ demo });
    try {
      await use(app);
    } finally {
      await app.stop();
    }
  },
  adminPage: async ({ page, app, timeZone }, use) => {
    await setUpOrganization(page, app, timeZone);
    await use(page);
  },
});
