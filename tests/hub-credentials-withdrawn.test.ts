// A grant taken away: when the directory stops granting a user this PC's location (the location
// removed from their grants, or the user deactivated), the hub closes the PC's link to their
// credentials document and the PC deletes what it held of their sign-in secrets. Real hub, two
// desktop engines, one test clock.
import { describe, expect, it, vi } from 'vitest';
import { credentialsDocName } from '../domain/sync/doc-names';
import { CLOSE_CREDENTIALS_WITHDRAWN } from '../domain/sync/close-codes';
import { currentTotp } from '../electron/core/auth/totp';
import { openToken, readEnrollment } from '../electron/core/sync/enrollment';
import { auditActions, call, failure, rowCount, TEST_PASSWORD } from '../electron/core/testing/test-engine';
import { RawSyncClient, upgradeStatus } from '../sync-server/testing/sync-clients';
import { allSynced, hubForThisFile, twoLocationsSharingMax, restartStation, status, until, type Station } from './support/hub-stations';

// Real PGlite and WebSockets on a machine shared with other work: generous limits, never sleeps.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const hub = hubForThisFile();

/** Downtown's PC (a) and Uptown's (b), one clock; max works at both. */
async function twoLocations() {
  const setup = await twoLocationsSharingMax(hub.hub);
  return { ...setup, docName: credentialsDocName(setup.tenantId, setup.max.user.id) };
}

/** What `s` holds of a user's secrets: their credentials row, their stored document, its own two-factor copy. */
function heldAt(s: Station, userId: string, docName: string) {
  const { sqlite } = s.engine.context;
  return {
    row: (sqlite.prepare('SELECT COUNT(*) AS n FROM user_credentials WHERE user_id = ?').get(userId) as { n: number }).n,
    document: s.engine.context.docs.storedNames().includes(docName),
    totpCopy: (sqlite.prepare('SELECT COUNT(*) AS n FROM totp_local_copies WHERE user_id = ?').get(userId) as { n: number }).n,
  };
}

const tokenOf = (s: Station) => openToken(s.engine.context, readEnrollment(s.engine.context)!);

describe('sign-in secrets leave a PC whose location is no longer granted', () => {
  it('Uptown taken from max: the hub closes Uptown’s open link to his secrets, Uptown deletes them and no longer signs him in; Downtown still does', async () => {
    const { a, b, clock, uptown, downtown, max, docName } = await twoLocations();
    // max uses two-factor at Uptown, so Uptown holds its own copy of his secret too.
    const atB = await call(b.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD });
    const begun = await call(b.engine, 'account.beginTotp', { currentPassword: TEST_PASSWORD }, atB.token);
    await call(b.engine, 'account.confirmTotp', { code: currentTotp(begun.secretBase32, clock.now()) }, atB.token);
    await until([a, b], () => allSynced(a, b)() && a.engine.context.directory.userByUsername('max')?.totp_secret === b.engine.context.directory.userByUsername('max')?.totp_secret);
    expect(heldAt(b, max.user.id, docName)).toEqual({ row: 1, document: true, totpCopy: 1 });
    // Another connection of Uptown's to the document, as a tampered PC would keep open.
    const kept = await RawSyncClient.open(`${hub.hub.wsUrl}/${docName}?token=${tokenOf(b)}`);
    await kept.roundTrip();

    await call(a.engine, 'users.update', { userId: max.user.id, locationIds: [downtown] }, a.adminToken);

    expect((await kept.closed).code).toBe(CLOSE_CREDENTIALS_WITHDRAWN);
    await until([a, b], () => allSynced(a, b)() && !heldAt(b, max.user.id, docName).document);
    expect(heldAt(b, max.user.id, docName)).toEqual({ row: 0, document: false, totpCopy: 0 });
    expect(b.engine.context.directory.user(max.user.id)).toMatchObject({ locationIds: [downtown], password_hash: null });
    expect(auditActions(b.engine).find((e) => e.action === 'security.credentialsRemoved')).toMatchObject({ risk: 'MEDIUM', summary: expect.stringMatching(/^Removed max.s sign-in secrets .*no longer granted/) });
    // Signed out at Uptown, and cannot sign in there again.
    expect(await call(b.engine, 'auth.session', {}, atB.token)).toMatchObject({ session: null });
    clock.advance(30_000);
    expect(await failure(b.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD, totpCode: currentTotp(begun.secretBase32, clock.now()) })).toBe('BAD_CREDENTIALS');
    // The rest of Uptown's link is untouched; the hub refuses the document from now on.
    expect(status(b).state).toBe('connected');
    expect(await upgradeStatus(`${hub.hub.wsUrl}/${docName}?token=${tokenOf(b)}`)).toBe(403);
    expect(b.engine.context.directory.location(uptown)).toBeDefined();

    expect(heldAt(a, max.user.id, docName)).toMatchObject({ row: 1, document: true });
    expect(await call(a.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD, totpCode: currentTotp(begun.secretBase32, clock.now()) })).toMatchObject({ user: { username: 'max' } });

    // Removed consistently: the start-up rights check finds nothing to repair, and nothing comes back.
    const restarted = await restartStation(b);
    await until([restarted], allSynced(restarted));
    expect(auditActions(restarted.engine).map((e) => e.action)).not.toContain('security.rightsRepaired');
    expect(heldAt(restarted, max.user.id, docName)).toEqual({ row: 0, document: false, totpCopy: 0 });
  });

  it('secrets only this PC holds (changes the hub never confirmed) are not deleted with the grant', async () => {
    const { a, b, downtown, uptown, max, docName } = await twoLocations();
    // Offline, max changes his password at Uptown; meanwhile the main PC takes Uptown from him.
    b.service().stop();
    const atB = await call(b.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD });
    await call(b.engine, 'account.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'walnut ladder sunrise 7' }, atB.token);
    await call(a.engine, 'users.update', { userId: max.user.id, locationIds: [downtown] }, a.adminToken);
    await until([a], allSynced(a));

    b.service().connect();
    await until([a, b], () => status(b).state === 'connected' && !b.engine.context.directory.user(max.user.id)!.locationIds.includes(uptown));
    // The hub no longer takes them from Uptown, and Uptown has the only copy of the new password: kept.
    expect(heldAt(b, max.user.id, docName)).toMatchObject({ row: 1, document: true });
    expect(auditActions(b.engine).map((e) => e.action)).not.toContain('security.credentialsRemoved');
  });

  it('a deactivated user’s secrets leave every enrolled PC; reactivated, they come back from the hub and sign in again', async () => {
    const { a, b, max, docName } = await twoLocations();
    await call(a.engine, 'users.setActive', { userId: max.user.id, active: false }, a.adminToken);
    await until([a, b], () => allSynced(a, b)() && !heldAt(a, max.user.id, docName).document && !heldAt(b, max.user.id, docName).document);
    for (const s of [a, b]) {
      expect(heldAt(s, max.user.id, docName)).toEqual({ row: 0, document: false, totpCopy: 0 });
      expect(await failure(s.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');
    }
    const removals = rowCount(b.engine, 'audit_entries');

    await call(a.engine, 'users.setActive', { userId: max.user.id, active: true }, a.adminToken);
    await until([a, b], () => allSynced(a, b)() && heldAt(a, max.user.id, docName).row === 1 && heldAt(b, max.user.id, docName).row === 1);
    for (const s of [a, b]) {
      expect(await call(s.engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).toMatchObject({ user: { username: 'max' } });
    }
    expect(rowCount(b.engine, 'audit_entries')).toBeGreaterThan(removals);
  });
});
