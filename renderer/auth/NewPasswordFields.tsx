import { PasswordInput } from '@mantine/core';

interface NewPasswordFieldsProps {
  labels: { password: string; confirm: string };
  description: string;
  password: string;
  confirm: string;
  onPassword(value: string): void;
  onConfirm(value: string): void;
  errors: { password?: string | null; confirm?: string | null };
  autoFocus?: boolean;
}

/** A new password and its confirmation: setup, change password, a new user, a reset. */
export function NewPasswordFields({ labels, description, password, confirm, onPassword, onConfirm, errors, autoFocus }: NewPasswordFieldsProps) {
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
        description={description}
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
