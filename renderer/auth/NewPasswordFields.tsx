import { List, PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PasswordVerdict } from '../../domain/auth/password-policy';
import { PASSWORD_RULES } from '../../domain/auth/password-rules';
import { loadPasswordPolicy } from './password-check';

interface NewPasswordFieldsProps {
  labels: { password: string; confirm: string };
  /** Said after the rules (who the password is for, what happens next); the rules themselves are shown always. */
  note?: string;
  /** The account's username, when known: a password containing it is refused. */
  username?: string;
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  errors: { password?: string | null; confirm?: string | null };
  autoFocus?: boolean;
}

const STRENGTH: Record<PasswordVerdict['score'], { label: string; color: string }> = {
  0: { label: 'Very weak', color: 'red' },
  1: { label: 'Weak', color: 'red' },
  2: { label: 'Not strong enough', color: 'orange' },
  3: { label: 'Strong', color: 'teal' },
  4: { label: 'Very strong', color: 'green' },
};

/**
 * The engine's own check (domain/auth/password-policy), run as the person types. It is loaded when
 * the fields appear, and takes a few milliseconds a check (more on long input, and its dictionaries
 * unpack on first use), so it runs after a short pause in typing rather than on every key.
 */
function usePasswordVerdict(password: string, username: string | undefined): PasswordVerdict | null {
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  useEffect(() => {
    void loadPasswordPolicy();
  }, []);
  useEffect(() => {
    if (!password) {
      setVerdict(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void loadPasswordPolicy().then((policy) => {
        if (current) setVerdict(policy.judgePassword(password, { username }));
      });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [password, username]);
  return verdict;
}

function StrengthMeter({ verdict }: { verdict: PasswordVerdict | null }) {
  if (!verdict) return null;
  const { label, color } = STRENGTH[verdict.score];
  const hints = verdict.problem ? [verdict.problem] : [verdict.warning, ...verdict.suggestions].filter((s): s is string => Boolean(s));
  return (
    <Stack gap={4}>
      <Progress value={(verdict.score + 1) * 20} color={color} size="sm" aria-label="Password strength" />
      <Text size="xs" c={verdict.problem ? 'red' : 'dimmed'} aria-live="polite" data-testid="password-strength">
        {[`${label}.`, ...hints].join(' ')}
      </Text>
    </Stack>
  );
}

/** A new password and its confirmation: setup, change password, a new user, a reset. The rules are listed before anything is typed. */
export function NewPasswordFields({ labels, note, username, password, confirm, onPassword, onConfirm, errors, autoFocus }: NewPasswordFieldsProps) {
  const verdict = usePasswordVerdict(password, username);
  return (
    <>
      <PasswordInput
        label={labels.password}
        required
        data-autofocus={autoFocus || undefined}
        value={password}
        onChange={(e) => onPassword(e.currentTarget.value)}
        error={errors.password}
        autoComplete="new-password"
        // Below the input, so inputs side by side stay level; a list cannot sit in the default <p>.
        inputWrapperOrder={['label', 'input', 'error', 'description']}
        descriptionProps={{ component: 'div' }}
        description={
          <Stack gap={4} mt={4}>
            <StrengthMeter verdict={verdict} />
            <List size="xs" spacing={0}>
              {PASSWORD_RULES.map((rule) => (
                <List.Item key={rule}>{rule}</List.Item>
              ))}
            </List>
            {note}
          </Stack>
        }
      />
      <PasswordInput
        label={labels.confirm}
        required
        value={confirm}
        onChange={(e) => onConfirm(e.currentTarget.value)}
        error={errors.confirm}
        autoComplete="new-password"
      />
    </>
  );
}
