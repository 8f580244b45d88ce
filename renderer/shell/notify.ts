import { notifications } from '@mantine/notifications';

/** A finished action, announced politely (role="status"): success is not an alert. */
export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'green', message, title, role: 'status' });
}

/** A failure that has no form to show it in (e.g. an export): announced as an alert. */
export function notifyFailure(title: string, message: string): void {
  notifications.show({ color: 'red', title, message, role: 'alert', autoClose: 10_000 });
}
