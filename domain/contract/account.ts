import { z } from 'zod';
import { method } from './define';
import { CLOCKS, DATE_STYLES } from '../time/format-time';
import { password, pin, temperatureUnit, totpCode } from './limits';

export interface TotpEnrollment {
  secretBase32: string;
  otpauthUrl: string;
  /** An SVG of the QR code to scan, made by the engine. */
  qrSvg: string;
}

export const accountMethods = {
  'account.changePassword': method<{ changed: true }>()({
    input: z.strictObject({ currentPassword: password, newPassword: password }),
    access: 'account.self',
    mutation: true,
  }),
  'account.setPin': method<{ changed: true }>()({
    input: z.strictObject({ currentPassword: password, pin: pin.nullable() }),
    access: 'account.self',
    mutation: true,
  }),
  /** Changes the preferences given; the others stay as they are. */
  'account.setPreferences': method<{ changed: true }>()({
    input: z
      .strictObject({ temperatureUnit: temperatureUnit.optional(), clock: z.enum(CLOCKS).optional(), dateStyle: z.enum(DATE_STYLES).optional() })
      .refine((p) => Object.values(p).some((v) => v !== undefined), 'Choose a preference to change.'),
    access: 'account.self',
    mutation: true,
  }),
  /**
   * Starts two-factor enrollment: a new secret, not active until confirmed with a code. Replacing
   * an active secret also needs the current second factor (a code from the app, or a backup code).
   */
  'account.beginTotp': method<TotpEnrollment>()({
    input: z.strictObject({ currentPassword: password, totpCode: totpCode.optional() }),
    access: 'account.self',
    mutation: false,
  }),
  /** Confirms enrollment with a code from the app; returns ten one-time backup codes, shown once. */
  'account.confirmTotp': method<{ backupCodes: string[] }>()({
    input: z.strictObject({ code: totpCode }),
    access: 'account.self',
    mutation: true,
  }),
  /** Needs the password and the second factor itself: a code from the app, or a backup code. */
  'account.disableTotp': method<{ changed: true }>()({
    input: z.strictObject({ currentPassword: password, totpCode }),
    access: 'account.self',
    mutation: true,
  }),
};
