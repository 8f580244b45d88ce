import { describe, expect, it } from 'vitest';
import { actionCategory, actionWords, actorWords, summaryWords } from './action-words';

describe('the audit log in words', () => {
  it('names known actions in words and makes an unknown one readable', () => {
    expect(actionWords('auth.signInFailed')).toBe('Sign-in failed');
    expect(actionWords('users.unlock')).toBe('Unlocked a user');
    expect(actionWords('devices.firmwareUpdate')).toBe('Devices: firmware update');
    expect(actionWords('maintenance')).toBe('Maintenance');
  });

  it('sorts actions into the categories a person filters by', () => {
    expect(actionCategory('auth.signInFailed')).toBe('security');
    expect(actionCategory('account.setPin')).toBe('security');
    expect(actionCategory('sensors.calibrate')).toBe('devices');
    expect(actionCategory('setup.create')).toBe('settings');
    expect(actionCategory('something.else')).toBeNull();
  });

  it('shows a failed sign-in as an attempt under the typed name, also in entries written before that was recorded', () => {
    const failed = { action: 'auth.signInFailed', summary: 'Failed sign-in for "sam": BAD_CREDENTIALS' };
    expect(actorWords({ ...failed, actorId: null, actorName: 'sam' })).toBe('attempt as “sam”');
    expect(actorWords({ ...failed, actorId: 'user-7', actorName: 'Sam Rivera' })).toBe('attempt as “sam”');
    expect(actorWords({ action: 'backup.create', summary: 'Daily backup', actorId: null, actorName: 'system' })).toBe('OpsFlow (automatic)');
    expect(actorWords({ action: 'users.create', summary: '…', actorId: 'user-1', actorName: 'Alice Admin' })).toBe('Alice Admin');
  });

  it('writes summaries without raw codes', () => {
    expect(summaryWords({ action: 'auth.signInFailed', summary: 'Failed sign-in for "sam": BAD_CREDENTIALS' })).toBe('Failed sign-in for "sam": wrong password or PIN');
    expect(summaryWords({ action: 'auth.signInFailed', summary: 'Failed sign-in for "sam": TOTP_INVALID' })).toBe('Failed sign-in for "sam": wrong two-factor code');
    expect(summaryWords({ action: 'security.permissionDenied', summary: 'Refused users.list: the STAFF role lacks users.view' })).toBe(
      'Staff may not see users (asked for users.list)',
    );
    expect(summaryWords({ action: 'security.permissionDenied', summary: 'Refused backup.now: the MANAGER (PIN) role lacks backup.manage' })).toBe(
      'Manager (signed in with a PIN) may not back up and look inside backups (asked for backup.now)',
    );
    expect(summaryWords({ action: 'users.create', summary: 'Created Staff "sam" (Sam Rivera)' })).toBe('Created Staff "sam" (Sam Rivera)');
  });
});
