import type { Permission } from '../../domain/auth/permissions';

export interface NavItem {
  path: string;
  label: string;
  /** Shown only to sessions with this permission. */
  needs: Permission;
}

/** The screens of the app in navbar order; later features add theirs. */
export const NAV_ITEMS: NavItem[] = [
  { path: '/', label: 'Home', needs: 'account.self' },
  { path: '/devices', label: 'Devices', needs: 'devices.view' },
  { path: '/sensors', label: 'Sensors', needs: 'devices.view' },
  { path: '/users', label: 'Users', needs: 'users.view' },
  { path: '/audit', label: 'Audit log', needs: 'audit.view' },
  { path: '/settings', label: 'Settings', needs: 'settings.view' },
  { path: '/account', label: 'My account', needs: 'account.self' },
];
