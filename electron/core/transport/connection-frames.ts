import type { ClientFrame } from '../../../domain/contract/bridge';

/** A browser frame is untrusted input: anything but a well-formed call is refused. */
export function parseClientFrame(text: string): ClientFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const f = value as Record<string, unknown>;
  if (f.type !== 'call' || typeof f.method !== 'string' || f.method.length > 100) return null;
  if (typeof f.id !== 'number' || !Number.isSafeInteger(f.id)) return null;
  if (f.token !== null && typeof f.token !== 'string') return null;
  return { type: 'call', id: f.id, method: f.method, input: f.input, token: (f.token as string | null) ?? null };
}
