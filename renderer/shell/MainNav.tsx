import { NavLink, Stack } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useSessionStore } from '../auth/session-store';
import { NAV_ITEMS } from './nav-items';

export function MainNav() {
  const permissions = useSessionStore((s) => s.session?.permissions ?? []);
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((item) => permissions.includes(item.needs));
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const active = item.path === '/' ? pathname === '/' : pathname.startsWith(item.path);
        return (
          <li key={item.path}>
            <NavLink
              component={Link}
              to={item.path}
              label={item.label}
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
