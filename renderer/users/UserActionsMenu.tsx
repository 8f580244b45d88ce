import { Button, Menu } from '@mantine/core';
import type { UserSummary } from '../../domain/contract/index';

export type UserAction = 'edit' | 'resetPassword' | 'resetTotp' | 'deactivate' | 'reactivate';

/** Per-row actions. There is deliberately no delete: a user's name stays on what they signed. */
export function UserActionsMenu({ user, isSelf, onAction }: { user: UserSummary; isSelf: boolean; onAction(action: UserAction): void }) {
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <Button variant="default" size="xs" aria-label={`Actions for ${user.displayName}`} rightSection={<span aria-hidden="true">▾</span>}>
          Actions
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => onAction('edit')}>Edit</Menu.Item>
        <Menu.Item onClick={() => onAction('resetPassword')}>Reset password</Menu.Item>
        <Menu.Item onClick={() => onAction('resetTotp')}>Reset two-factor and lockout</Menu.Item>
        {!isSelf && <Menu.Divider />}
        {!isSelf &&
          (user.active ? (
            <Menu.Item color="red" onClick={() => onAction('deactivate')}>
              Deactivate
            </Menu.Item>
          ) : (
            <Menu.Item onClick={() => onAction('reactivate')}>Reactivate</Menu.Item>
          ))}
      </Menu.Dropdown>
    </Menu>
  );
}
