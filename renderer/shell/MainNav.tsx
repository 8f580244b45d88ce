import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useSessionStore } from '../auth/session-store';
import { SCREENS } from './screens';

export function MainNav() {
  const permissions = useSessionStore((s) => s.session?.permissions ?? []);
  const { pathname } = useLocation();
  const items = SCREENS.filter((screen) => screen.navLabel !== null && permissions.includes(screen.needs));
  // The longest link the address starts with: /inventory/receive is Receive, not also Inventory.
  const current = items
    .filter((item) => (item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0]?.path;
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const active = item.path === current;
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
