import { Button, Menu } from '@mantine/core';
import type { UserSummary } from '../../domain/contract/index';
import { userState } from './user-status';

export type UserAction = 'edit' | 'resetPassword' | 'unlock' | 'resetTotp' | 'deactivate' | 'reactivate';

/**
 * Per-row actions, only those that apply: Unlock for a user locked out now, Reset two-factor for one
 * who has it. There is deliberately no delete: a user's name stays on what they signed.
 */
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
        {!isSelf && userState(user) === 'locked' && <Menu.Item onClick={() => onAction('unlock')}>Unlock</Menu.Item>}
        {!isSelf && user.totpEnabled && <Menu.Item onClick={() => onAction('resetTotp')}>Reset two-factor</Menu.Item>}
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
