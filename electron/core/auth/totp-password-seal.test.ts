import { describe, expect, it } from 'vitest';
import { userCredentialsRecord } from '../../../domain/directory/records';
import { newTotpSecret } from './totp';
import { enrolmentOf, newEnrolmentId, openTotpWithPassword, sealTotpWithPassword } from './totp-password-seal';

const COST = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'correct horse battery';

describe('a two-factor secret sealed with the user’s password', () => {
  it('opens with that password for that user only; another password, another user or a changed byte gives nothing', async () => {
    const secret = newTotpSecret();
    const enrolment = newEnrolmentId();
    const sealed = await sealTotpWithPassword(secret, PASSWORD, 'u-1', enrolment, COST);
    expect(sealed).toMatch(/^p1\$1024\$8\$1\$/);
    expect(sealed).not.toContain(secret);
    expect(enrolmentOf(sealed)).toBe(enrolment);
    expect(userCredentialsRecord.shape.totpSecret.safeParse(sealed).success).toBe(true);

    expect(await openTotpWithPassword(sealed, PASSWORD, 'u-1')).toBe(secret);
    expect(await openTotpWithPassword(sealed, 'correct horse battery!', 'u-1')).toBeNull();
    expect(await openTotpWithPassword(sealed, PASSWORD, 'u-2')).toBeNull();
    // The enrolment id is bound in: a value relabelled as another enrolment does not open.
    const relabelled = sealed.replace(`$${enrolment}$`, `$${newEnrolmentId()}$`);
    expect(await openTotpWithPassword(relabelled, PASSWORD, 'u-1')).toBeNull();
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(await openTotpWithPassword(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, PASSWORD, 'u-1')).toBeNull();
  });

  it('each seal has its own salt and IV: sealing the same secret twice gives two different values', async () => {
    const secret = newTotpSecret();
    const [one, two] = await Promise.all([0, 1].map(() => sealTotpWithPassword(secret, PASSWORD, 'u-1', 'e', COST)));
    expect(one).not.toBe(two);
    expect(one!.split('$')[4]).not.toBe(two!.split('$')[4]);
  });

  it('a malformed value, or a cost past the limit, is refused without deriving anything', async () => {
    for (const stored of ['p1$', 'p1$1024$8$1$salt$e', 'v1:abc', 'p1$2097152$8$1$c2FsdA$e$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'p1$0$8$1$c2FsdA$e$AAAA']) {
      expect(await openTotpWithPassword(stored, PASSWORD, 'u-1')).toBeNull();
    }
  });
});
