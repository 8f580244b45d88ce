import { ErrorAlert } from '../shell/ErrorAlert';
import { Alert, Button, Code, CopyButton, Group, Image, PasswordInput, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { TotpEnrollment } from '../../domain/contract/index';
import { checkRequired } from '../auth/form-checks';
import { refreshSession } from '../auth/session-actions';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';

type Step = { kind: 'start' } | { kind: 'scan'; enrollment: TotpEnrollment } | { kind: 'codes'; backupCodes: string[] };

function qrImageSource(svg: string): string {
  return `data:image/svg+xml;utf8,${encodeURIComponent(svg)}`;
}

/** A form that asks for the current password before a change to one's own sign-in. */
function CurrentPasswordForm({ name, intro, submitLabel, action }: { name: string; intro: ReactNode; submitLabel: string; action(password: string): Promise<void> }) {
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const run = useApiAction(async () => {
    await action(password);
    setPassword('');
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = checkRequired(password, 'your current password');
    setFieldError(problem);
    if (!problem) void run.run();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={name}>
      <Stack gap="sm">
        <Text size="sm">{intro}</Text>
        <SimpleGrid cols={3} spacing="sm">
          <PasswordInput
            label="Current password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError}
            autoComplete="current-password"
          />
        </SimpleGrid>
        <ErrorAlert error={run.error} />
        <Group>
          <Button type="submit" loading={run.busy}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Enrolment: password → scan the QR code → confirm with a code → the ten backup codes, shown once. */
function EnrollTwoFactor() {
  const [step, setStep] = useState<Step>({ kind: 'start' });
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const confirm = useApiAction(async () => {
    const { backupCodes } = await api.invoke('account.confirmTotp', { code: code.trim() });
    setCode('');
    setStep({ kind: 'codes', backupCodes });
  });

  if (step.kind === 'codes') {
    const text = step.backupCodes.join('\n');
    return (
      <Stack gap="sm">
        <Alert color="green" variant="light" role="status" title="Two-factor sign-in is on">
          Keep these ten backup codes somewhere safe, away from this PC. Each one signs you in once if your phone is lost. They
          are shown only now.
        </Alert>
        <Code block aria-label="Backup codes">
          {text}
        </Code>
        <Group>
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy backup codes'}
              </Button>
            )}
          </CopyButton>
          <Button onClick={() => void refreshSession()}>I have saved my backup codes</Button>
        </Group>
      </Stack>
    );
  }

  if (step.kind === 'scan') {
    const submit = (event: FormEvent) => {
      event.preventDefault();
      const problem = /^\d{6}$/.test(code.trim()) ? null : 'Enter the 6-digit code your app shows.';
      setFieldError(problem);
      if (!problem) void confirm.run();
    };
    return (
      <form onSubmit={submit} noValidate aria-label="Confirm two-factor">
        <Stack gap="sm">
          <Text size="sm">
            1. Scan this QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), or type
            the secret into it.
          </Text>
          <Group align="flex-start" gap="lg">
            <Image
              src={qrImageSource(step.enrollment.qrSvg)}
              alt="QR code for setting up two-factor sign-in"
              w={180}
              h={180}
              bg="white"
              p={6}
              radius="sm"
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Secret
              </Text>
              <Code fz="sm" aria-label="Two-factor secret" style={{ wordBreak: 'break-all', maxWidth: 320 }}>
                {step.enrollment.secretBase32}
              </Code>
            </Stack>
          </Group>
          <Text size="sm">2. Enter the 6-digit code the app shows.</Text>
          <SimpleGrid cols={3} spacing="sm">
            <TextInput
              label="6-digit code"
              required
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
              error={fieldError}
            />
          </SimpleGrid>
          <ErrorAlert error={confirm.error} />
          <Group>
            <Button type="submit" loading={confirm.busy}>
              Confirm code
            </Button>
            <Button variant="default" onClick={() => setStep({ kind: 'start' })} disabled={confirm.busy}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <CurrentPasswordForm
      name="Set up two-factor"
      intro="Two-factor sign-in is off. With it on, signing in with your password also needs a code from an app on your phone."
      submitLabel="Set up two-factor"
      action={async (currentPassword) => setStep({ kind: 'scan', enrollment: await api.invoke('account.beginTotp', { currentPassword }) })}
    />
  );
}

/** Turning two-factor off takes the password and the second factor itself: a code from the app, or a backup code. */
function DisableTwoFactor() {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [fieldErrors, setFieldErrors] = useState<{ password: string | null; code: string | null }>({ password: null, code: null });
  const run = useApiAction(async () => {
    await api.invoke('account.disableTotp', { currentPassword: password, totpCode: code.trim() });
    setPassword('');
    setCode('');
    notifySuccess('Two-factor sign-in is now off.');
    await refreshSession();
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const errors = {
      password: checkRequired(password, 'your current password'),
      code: checkRequired(code, 'a code from your app or a backup code'),
    };
    setFieldErrors(errors);
    if (!errors.password && !errors.code) void run.run();
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Turn off two-factor">
      <Stack gap="sm">
        <Text size="sm">
          Two-factor sign-in is <strong>on</strong>. To turn it off, confirm with your password and a code from your app (or one
          of your backup codes).
        </Text>
        <SimpleGrid cols={3} spacing="sm">
          <PasswordInput
            label="Current password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldErrors.password}
            autoComplete="current-password"
          />
          <TextInput
            label="Code from your app, or a backup code"
            required
            autoComplete="one-time-code"
            maxLength={9}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            error={fieldErrors.code}
          />
        </SimpleGrid>
        <ErrorAlert error={run.error} />
        <Group>
          <Button type="submit" loading={run.busy} color="red" variant="outline">
            Turn off two-factor
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  return enabled ? <DisableTwoFactor /> : <EnrollTwoFactor />;
}

