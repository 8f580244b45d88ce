import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useSessionStore } from '../auth/session-store';
import { SCREENS } from './screens';

export function MainNav() {
  const permissions = useSessionStore((s) => s.session?.permissions ?? []);
  const { pathname } = useLocation();
  const items = SCREENS.filter((screen) => screen.navLabel !== null && permissions.includes(screen.needs));
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const active = item.path === '/' ? pathname === '/' : pathname.startsWith(item.path);
        return (
          <li key={item.path}>
            <NavLink
              component={Link}
              to={item.path}
              label={item.navLabel}
              active={active}
              aria-current={active ? 'page' : undefined}
              variant="filled"
              fw={active ? 600 : 400}
            />
          </li>
        );
      })}
    </Stack>
  );
}
