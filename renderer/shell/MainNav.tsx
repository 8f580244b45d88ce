import { NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useSessionStore } from '../auth/session-store';
import { groupNavItems } from './nav-sections';
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
    <ScrollArea type="auto" h="100%" offsetScrollbars>
      <Stack gap="xs">
        {groupNavItems(items).map((group) => (
          // Not a landmark: the menu's groups must not be confused with the screens' own regions.
          <div key={group.title ?? 'start'}>
            {group.title && (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pb={2}>
                {group.title}
              </Text>
            )}
            <Stack gap={0} component="ul" aria-label={group.title ?? undefined} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {group.items.map((item) => {
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
                      py={5}
                      fw={active ? 600 : 400}
                    />
                  </li>
                );
              })}
            </Stack>
          </div>
        ))}
      </Stack>
    </ScrollArea>
  );
}
