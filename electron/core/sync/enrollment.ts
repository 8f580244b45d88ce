// This PC's enrollment with a hub: kept in the station's own settings (never synced, never part of
// another PC's data), the device token sealed with the engine's SecretBox (the OS keystore guards
// its key in the desktop app).
import { hostname } from 'node:os';
import { OpsFlowError } from '../../../domain/errors';
import type { EngineContext } from '../context';

const ENROLLMENT_KEY = 'sync.enrollment';
const TOKEN_CONTEXT = 'sync.deviceToken';
const ENROLL_TIMEOUT_MS = 20_000;

export interface StoredEnrollment {
  hubUrl: string;
  sealedToken: string;
  tenantId: string;
  locationId: string;
  enrolledAtMs: number;
  /** When the hub stops accepting the token unless it is refreshed; absent for a hub that did not say. */
  tokenExpiresAtMs?: number | null;
  /** A regional office PC: other locations it reads (never writes). Left out by enrollments made before. */
  readsAllLocations?: boolean;
  readLocationIds?: string[];
  /** The founding PC writes the whole directory; other PCs only within their location (absent: enrolled before this existed, the latter). */
  canWriteDirectory?: boolean;
}

export function readEnrollment(ctx: Pick<EngineContext, 'stationSettings'>): StoredEnrollment | null {
  return ctx.stationSettings.get<StoredEnrollment | null>(ENROLLMENT_KEY, null);
}

export function writeEnrollment(ctx: Pick<EngineContext, 'stationSettings' | 'secrets'>, enrollment: Omit<StoredEnrollment, 'sealedToken'> & { token: string }): void {
  const { token, ...rest } = enrollment;
  ctx.stationSettings.set(ENROLLMENT_KEY, { ...rest, sealedToken: ctx.secrets.seal(token, TOKEN_CONTEXT) } satisfies StoredEnrollment);
}

export function clearEnrollment(ctx: Pick<EngineContext, 'stationSettings'>): void {
  ctx.stationSettings.set(ENROLLMENT_KEY, null);
}

export function openToken(ctx: Pick<EngineContext, 'secrets'>, enrollment: StoredEnrollment): string {
  return ctx.secrets.open(enrollment.sealedToken, TOKEN_CONTEXT);
}

/** http://host:port → ws://host:port (https → wss), without a trailing slash. */
export function wsBaseOf(hubUrl: string): string {
  const url = new URL(hubUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString().replace(/\/+$/, '');
}

export interface HubEnrollment {
  token: string;
  tenantId: string;
  locationId: string;
  expiresAtMs: number | null;
  readsAllLocations: boolean;
  readLocationIds: string[];
  canWriteDirectory: boolean;
}

/** Trades a one-time code for a device token at the hub's POST /api/v1/enroll. */
export async function enrollAtHub(hubUrl: string, code: string, deviceName = `OpsFlow on ${hostname()}`): Promise<HubEnrollment> {
  const endpoint = new URL('/api/v1/enroll', hubUrl);
  let res: Response;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, deviceName: deviceName.slice(0, 100) }),
      signal: AbortSignal.timeout(ENROLL_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    throw new OpsFlowError('HUB_UNREACHABLE', `OpsFlow could not reach a hub at ${hubUrl}. Check the address and this PC's network, then try again.`);
  }
  const body = (await res.json().catch(() => null)) as {
    token?: unknown;
    expiresAtMs?: unknown;
    tenantId?: unknown;
    locationId?: unknown;
    readsAllLocations?: unknown;
    readLocationIds?: unknown;
    canWriteDirectory?: unknown;
    error?: unknown;
  } | null;
  if (!res.ok) {
    const sentence = typeof body?.error === 'string' ? body.error : `The hub refused the enrollment (HTTP ${res.status}).`;
    throw new OpsFlowError(res.status === 401 || res.status === 410 ? 'ENROLLMENT_REFUSED' : 'HUB_UNREACHABLE', sentence);
  }
  if (typeof body?.token !== 'string' || typeof body.tenantId !== 'string' || typeof body.locationId !== 'string') {
    throw new OpsFlowError('HUB_UNREACHABLE', `The server at ${hubUrl} did not answer like an OpsFlow hub.`);
  }
  // A hub from before regional offices answers without a grant: the PC reads its own location only.
  const readLocationIds = Array.isArray(body.readLocationIds) ? body.readLocationIds.filter((id): id is string => typeof id === 'string') : [];
  return {
    token: body.token,
    tenantId: body.tenantId,
    locationId: body.locationId,
    expiresAtMs: expiryOf(body),
    readsAllLocations: body.readsAllLocations === true,
    readLocationIds,
    canWriteDirectory: body.canWriteDirectory === true,
  };
}

function expiryOf(body: { expiresAtMs?: unknown }): number | null {
  return typeof body.expiresAtMs === 'number' && Number.isSafeInteger(body.expiresAtMs) ? body.expiresAtMs : null;
}

/** Trades the PC's device token for a fresh one at the hub's POST /api/v1/device/token. */
export async function refreshAtHub(hubUrl: string, token: string): Promise<{ token: string; expiresAtMs: number | null }> {
  const res = await fetch(new URL('/api/v1/device/token', hubUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(ENROLL_TIMEOUT_MS),
    redirect: 'error',
  });
  const body = (await res.json().catch(() => null)) as { token?: unknown; expiresAtMs?: unknown; error?: unknown } | null;
  if (!res.ok || typeof body?.token !== 'string') {
    throw new Error(typeof body?.error === 'string' ? body.error : `The hub refused to refresh the token (HTTP ${res.status}).`);
  }
  return { token: body.token, expiresAtMs: expiryOf(body) };
}
