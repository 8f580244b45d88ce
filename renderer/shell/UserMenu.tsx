import { Button, Menu } from '@mantine/core';
import { useNavigate } from 'react-router';
import { lockNow, signOut } from '../auth/session-actions';
import { useSession } from '../auth/session-store';

export function UserMenu() {
  const { user } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" width={200}>
      <Menu.Target>
        <Button variant="default" aria-label={`Account menu: ${user.displayName}`} rightSection={<span aria-hidden="true">▾</span>}>
          {user.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => navigate('/account')}>My account</Menu.Item>
        <Menu.Item onClick={() => void lockNow()}>Lock</Menu.Item>
        <Menu.Divider />
        <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
