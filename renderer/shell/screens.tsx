import type { ReactNode } from 'react';
import type { Permission } from '../../domain/auth/permissions';
import { AccountScreen } from '../account/AccountScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { DevicesScreen } from '../devices/DevicesScreen';
import { SensorDetailScreen } from '../sensors/SensorDetailScreen';
import { SensorsScreen } from '../sensors/SensorsScreen';
import { SettingsScreen } from '../settings/SettingsScreen';
import { TasksScreen } from '../tasks/TasksScreen';
import { UsersScreen } from '../users/UsersScreen';
import { HomeScreen } from './HomeScreen';
import { ChecklistsScreen } from '../checklists/ChecklistsScreen';
import { CoolingScreen } from '../cooling/CoolingScreen';
import { UnitsScreen } from '../haccp/UnitsScreen';
import { ExcursionsScreen } from '../haccp/ExcursionsScreen';
import { AlertsScreen } from '../alerts/AlertsScreen';
import { CountSheetScreen } from '../inventory/CountSheetScreen';
import { CountsScreen } from '../inventory/CountsScreen';
import { InventoryScreen } from '../inventory/InventoryScreen';
import { ItemStockScreen } from '../inventory/ItemStockScreen';
import { ItemsScreen } from '../inventory/ItemsScreen';
import { ReceiveScreen } from '../inventory/ReceiveScreen';
import { SuppliersScreen } from '../inventory/SuppliersScreen';
import { TransferScreen } from '../inventory/TransferScreen';
import { WasteScreen } from '../inventory/WasteScreen';
import { ReportsScreen } from '../report/ReportsScreen';
import { RollupScreen } from '../rollup/RollupScreen';

export interface Screen {
  path: string;
  /** The navbar link; screens reached from another screen (a sensor's detail) have none. */
  navLabel: string | null;
  /** What the screen is called where access is refused. */
  title: string;
  /** Shown, linked and routed only for sessions with this permission. */
  needs: Permission;
  element: ReactNode;
}

/** Every screen of the app, in navbar order: the routes and the navbar both come from here. */
export const SCREENS: Screen[] = [
  { path: '/', navLabel: 'Home', title: 'Home', needs: 'account.self', element: <HomeScreen /> },
  { path: '/devices', navLabel: 'Devices', title: 'Devices', needs: 'devices.view', element: <DevicesScreen /> },
  { path: '/sensors', navLabel: 'Sensors', title: 'Sensors', needs: 'devices.view', element: <SensorsScreen /> },
  { path: '/sensors/:sensorId', navLabel: null, title: 'Sensor', needs: 'devices.view', element: <SensorDetailScreen /> },
  { path: '/users', navLabel: 'Users', title: 'Users', needs: 'users.view', element: <UsersScreen /> },
  { path: '/audit', navLabel: 'Audit log', title: 'Audit log', needs: 'audit.view', element: <AuditScreen /> },
  { path: '/settings', navLabel: 'Settings', title: 'Settings', needs: 'settings.view', element: <SettingsScreen /> },
  { path: '/account', navLabel: 'My account', title: 'My account', needs: 'account.self', element: <AccountScreen /> },
  { path: '/tasks', navLabel: 'Tasks', title: 'Tasks', needs: 'tasks.view', element: <TasksScreen /> },
  { path: '/checklists', navLabel: 'Checklists', title: 'Checklists', needs: 'haccp.view', element: <ChecklistsScreen /> },
  { path: '/cooling', navLabel: 'Cooling logs', title: 'Cooling logs', needs: 'haccp.view', element: <CoolingScreen /> },
  { path: '/units', navLabel: 'Units & limits', title: 'Units & limits', needs: 'haccp.view', element: <UnitsScreen /> },
  { path: '/excursions', navLabel: 'Excursions', title: 'Excursions', needs: 'haccp.view', element: <ExcursionsScreen /> },
  { path: '/alerts', navLabel: 'Alerts', title: 'Alerts', needs: 'haccp.view', element: <AlertsScreen /> },
  { path: '/inventory', navLabel: 'Inventory', title: 'Inventory', needs: 'inventory.view', element: <InventoryScreen /> },
  { path: '/inventory/items/:itemId', navLabel: null, title: 'Item', needs: 'inventory.view', element: <ItemStockScreen /> },
  { path: '/inventory/receive', navLabel: 'Receive', title: 'Receive', needs: 'inventory.manage', element: <ReceiveScreen /> },
  { path: '/inventory/waste', navLabel: 'Waste', title: 'Waste', needs: 'inventory.record', element: <WasteScreen /> },
  { path: '/inventory/transfer', navLabel: 'Transfer', title: 'Transfer', needs: 'inventory.view', element: <TransferScreen /> },
  { path: '/inventory/counts', navLabel: 'Count', title: 'Count', needs: 'inventory.view', element: <CountsScreen /> },
  { path: '/inventory/counts/:countId', navLabel: null, title: 'Count sheet', needs: 'inventory.view', element: <CountSheetScreen /> },
  { path: '/inventory/catalog', navLabel: 'Items', title: 'Items', needs: 'inventory.view', element: <ItemsScreen /> },
  { path: '/inventory/suppliers', navLabel: 'Suppliers', title: 'Suppliers', needs: 'inventory.view', element: <SuppliersScreen /> },
  { path: '/reports', navLabel: 'Reports', title: 'Reports', needs: 'haccp.view', element: <ReportsScreen /> },
  { path: '/rollup', navLabel: 'Roll-up', title: 'Roll-up', needs: 'rollup.view', element: <RollupScreen /> },
];
