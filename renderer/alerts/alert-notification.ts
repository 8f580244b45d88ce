import type { EventMap } from '../../domain/contract/events';
import { notifications } from '@mantine/notifications';

/**
 * A new or escalated alert: an in-app notification always, and the browser's Notification in
 * browser mode when the person allowed it (the desktop app's OS notification comes from the main
 * process). Permission is asked once, on the first alert, not at start-up.
 */
export function showAlertNotification(alert: EventMap['alerts.raised']): void {
  notifications.show({ color: alert.severity === 'critical' ? 'red' : 'yellow', title: alert.title, message: alert.detail || 'See the Alerts screen.', role: 'alert', autoClose: 15_000 });
  // In the desktop app the main process shows the OS notification (electron/main.ts).
  if (typeof Notification === 'undefined' || window.opsflowIpc) return;
  const show = () => new Notification(`OpsFlow: ${alert.title}`, { body: alert.detail, tag: alert.alertId });
  if (Notification.permission === 'granted') show();
  else if (Notification.permission === 'default') void Notification.requestPermission().then((p) => p === 'granted' && show());
}
