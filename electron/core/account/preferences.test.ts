import { afterEach, describe, expect, it } from 'vitest';
import { auditActions, call, closeTestEngines, failure, freshSetUpEngine, TEST_ADMIN } from '../testing/test-engine';

afterEach(closeTestEngines);

describe('how a user reads times and temperatures', () => {
  it('a user made before the clock and date preferences existed reads the defaults: 24-hour, year first', async () => {
    const { admin } = await freshSetUpEngine();
    expect(admin.user).toMatchObject({ clock: '24h', dateStyle: 'iso' });
  });

  it('each preference is changed on its own, kept for the next sign-in, and audited in words', async () => {
    const { engine, admin } = await freshSetUpEngine();
    await call(engine, 'account.setPreferences', { clock: '12h' }, admin.token);
    await call(engine, 'account.setPreferences', { dateStyle: 'dmy' }, admin.token);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'account.setPreferences', summary: 'Alice Admin shows dates as dd/mm/yyyy' });

    const again = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
    expect(again.user).toMatchObject({ clock: '12h', dateStyle: 'dmy', temperatureUnit: admin.user.temperatureUnit });
  });

  it('an empty or unknown preference is refused', async () => {
    const { engine, admin } = await freshSetUpEngine();
    expect(await failure(engine, 'account.setPreferences', {}, admin.token)).toBe('BAD_INPUT');
    expect(await failure(engine, 'account.setPreferences', { clock: '36h' }, admin.token)).toBe('BAD_INPUT');
  });
});
