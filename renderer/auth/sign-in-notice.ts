/** One message carried across a reload to the sign-in screen (e.g. "restored from backup"). */
const NOTICE_KEY = 'opsflow.signInNotice';

export function leaveSignInNotice(message: string): void {
  try {
    window.sessionStorage.setItem(NOTICE_KEY, message);
  } catch {
    // Without storage the notice is simply not shown.
  }
}

export function takeSignInNotice(): string | null {
  try {
    const message = window.sessionStorage.getItem(NOTICE_KEY);
    window.sessionStorage.removeItem(NOTICE_KEY);
    return message;
  } catch {
    return null;
  }
}
