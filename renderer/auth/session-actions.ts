import { notifications } from '@mantine/notifications';
import { api } from '../bridge/api';
import { useSessionStore } from './session-store';

/** Locks at once on this screen, then tells the engine (which also refuses calls until unlock). */
export async function lockNow(): Promise<void> {
  useSessionStore.getState().markLocked();
  notifications.clean();
  try {
    await api.invoke('auth.lock', {});
  } catch {
    // Already locked here; the engine locks the session itself when it is idle.
  }
}

/** Ends the session; the next person starts on the home screen. */
export async function signOut(): Promise<void> {
  try {
    await api.invoke('auth.signOut', {});
  } catch {
    // An expired session is signed out anyway.
  }
  useSessionStore.getState().clear();
  // The next person should not see what the last one just did.
  notifications.clean();
  window.location.hash = '#/';
}

/** Re-reads the session after the user changed something it carries (PIN, two-factor, preferences). */
export async function refreshSession(): Promise<void> {
  const { session, locked } = await api.invoke('auth.session', {});
  if (session) useSessionStore.getState().setSession(session, locked);
  else if (locked) useSessionStore.getState().markLocked();
  else useSessionStore.getState().clear();
}
