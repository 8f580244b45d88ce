// The hub's HTTP API: a table of routes, each with its zod schemas, from which the OpenAPI
// document at /openapi.json is generated, so the description cannot drift from what is served.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { sql } from 'kysely';
import * as Y from 'yjs';
import { z } from 'zod';
import { DIRECTORY_MAPS, type LocationRecord } from '../../domain/directory/records';
import { HubError } from '../hub-error';
import type { HubDatabase } from '../storage/database';
import { createEnrollmentCode, createLocation, enrollDevice, listAlerts, listDevices, listLocations, tenantOfAdminToken } from '../storage/tenants';
import { regionalRollup } from '../projections/rollup';
import { refreshDeviceToken } from '../storage/device-tokens';
import type { HubMetrics } from './metrics';
import {
  AlertList,
  DeviceList,
  EnrollmentCodeRequest,
  EnrollmentCodeResponse,
  EnrollRequest,
  EnrollResponse,
  ErrorResponse,
  HealthResponse,
  LocationList,
  NewLocationRequest,
  NewLocationResponse,
  RegionalRollup,
  TokenRefreshResponse,
} from './schemas';

export interface ApiContext {
  db: HubDatabase;
  metrics: HubMetrics;
  nowMs(): number;
  /** Revokes a device's token and closes its open connections. */
  revokeDevice(tenantId: string, deviceId: string): Promise<void>;
  /** Makes a change to the organization's directory document, checked and stored like a device's. */
  writeDirectory(tenantId: string, change: (doc: Y.Doc) => void): Promise<void>;
}

/** What a handler gets: the validated body, the path's parameters and, for admin routes, the tenant. */
interface Call {
  body: unknown;
  params: Record<string, string>;
  tenantId: string;
  /** The `Authorization: Bearer …` token, for routes a device calls with its own token. */
  bearer: string | null;
}

const MAX_BODY_BYTES = 64 * 1024;

interface Route {
  method: 'get' | 'post';
  /** OpenAPI path; `{name}` is a path parameter. */
  path: string;
  summary: string;
  /** Admin routes need `Authorization: Bearer <admin token>` and act on that token's tenant only. */
  admin?: boolean;
  /** Routes a device calls with `Authorization: Bearer <device token>`. */
  device?: boolean;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handle(ctx: ApiContext, call: Call): Promise<{ status: number; json?: unknown; text?: string; contentType?: string }>;
}

const ADMIN_REFUSALS = {
  401: { description: 'No admin token, or one that is unknown or revoked.', schema: ErrorResponse },
} as const;

const ROUTES: Route[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Whether the hub is up and its database answers.',
    responses: { 200: { description: 'The hub is healthy.', schema: HealthResponse } },
    async handle(ctx) {
      await sql`select 1`.execute(ctx.db);
      return { status: 200, json: { status: 'ok' } };
    },
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics: connections, documents loaded, updates in and out, refused, persistence latency.',
    responses: { 200: { description: 'Metrics in the Prometheus text format.', contentType: 'text/plain' } },
    async handle(ctx) {
      return { status: 200, text: await ctx.metrics.registry.metrics(), contentType: ctx.metrics.registry.contentType };
    },
  },
  {
    method: 'post',
    path: '/api/v1/enroll',
    summary: 'Turns a one-time enrollment code into a device token.',
    body: EnrollRequest,
    responses: {
      200: { description: 'The device is enrolled.', schema: EnrollResponse },
      400: { description: 'The request is malformed.', schema: ErrorResponse },
      401: { description: 'The code is unknown or already used.', schema: ErrorResponse },
      410: { description: 'The code has expired.', schema: ErrorResponse },
    },
    async handle(ctx, { body }) {
      const { code, deviceName } = body as z.infer<typeof EnrollRequest>;
      const enrolled = await enrollDevice(ctx.db, { code, deviceName, nowMs: ctx.nowMs() });
      const reads = enrolled.readLocations;
      return {
        status: 200,
        json: {
          token: enrolled.token,
          tenantId: enrolled.tenantId,
          locationId: enrolled.locationId,
          expiresAtMs: enrolled.expiresAtMs,
          readsAllLocations: reads === 'all',
          readLocationIds: reads === 'all' ? [] : reads,
          canWriteDirectory: enrolled.canWriteDirectory,
        },
      };
    },
  },
  {
    method: 'post',
    path: '/api/v1/device/token',
    summary: "Trades the calling device's token for a fresh one; the old one keeps working for a day.",
    device: true,
    responses: {
      200: { description: 'The new token and when it expires.', schema: TokenRefreshResponse },
      401: { description: 'The token is unknown, expired or revoked: enroll the device again.', schema: ErrorResponse },
    },
    async handle(ctx, { bearer }) {
      if (!bearer) return { status: 401, json: { error: 'A device token is required: enroll this device first.' } };
      return { status: 200, json: await refreshDeviceToken(ctx.db, bearer, ctx.nowMs()) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/locations',
    summary: "The organization's locations.",
    admin: true,
    responses: { 200: { description: 'The locations, oldest first.', schema: LocationList }, ...ADMIN_REFUSALS },
    async handle(ctx, { tenantId }) {
      return { status: 200, json: await listLocations(ctx.db, tenantId) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/locations',
    summary: 'Adds a location.',
    admin: true,
    body: NewLocationRequest,
    responses: { 201: { description: 'The location was added.', schema: NewLocationResponse }, 400: { description: 'The request is malformed.', schema: ErrorResponse }, ...ADMIN_REFUSALS },
    async handle(ctx, { tenantId, body }) {
      const { name, address, timeZone, temperatureUnit } = body as z.infer<typeof NewLocationRequest>;
      const nowMs = ctx.nowMs();
      const locationId = await createLocation(ctx.db, tenantId, { name, nowMs });
      // Into the directory too, so that every enrolled PC lists it (and a PC can be set up there).
      const record: LocationRecord = { name, address, timeZone, temperatureUnit, createdAtMs: nowMs };
      await ctx.writeDirectory(tenantId, (doc) => doc.getMap(DIRECTORY_MAPS.locations).set(locationId, new Y.Map(Object.entries(record))));
      return { status: 201, json: { locationId } };
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/enrollment-codes',
    summary: 'Makes a one-time, expiring code with which one device enrolls at a location (a regional office PC: and reads others).',
    admin: true,
    body: EnrollmentCodeRequest,
    responses: {
      201: { description: 'The code; it is shown once and stored only hashed.', schema: EnrollmentCodeResponse },
      400: { description: 'The request is malformed.', schema: ErrorResponse },
      404: { description: 'No such location in this organization.', schema: ErrorResponse },
      ...ADMIN_REFUSALS,
    },
    async handle(ctx, { tenantId, body }) {
      const { locationId, canWrite, ttlHours, readLocationIds, allLocations, canWriteDirectory } = body as z.infer<typeof EnrollmentCodeRequest>;
      const nowMs = ctx.nowMs();
      const ttlMs = ttlHours * 3600_000;
      const readLocations = allLocations ? 'all' : readLocationIds;
      const enrollmentCode = await createEnrollmentCode(ctx.db, tenantId, { locationId, canWrite, canWriteDirectory, nowMs, ttlMs, readLocations });
      return { status: 201, json: { enrollmentCode, expiresAtMs: nowMs + ttlMs } };
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/devices',
    summary: "The organization's enrolled devices, revoked ones included.",
    admin: true,
    responses: { 200: { description: 'The devices, oldest first.', schema: DeviceList }, ...ADMIN_REFUSALS },
    async handle(ctx, { tenantId }) {
      return { status: 200, json: await listDevices(ctx.db, tenantId) };
    },
  },
  {
    method: 'post',
    path: '/api/v1/admin/devices/{deviceId}/revoke',
    summary: "Revokes a device's token and closes its open connections.",
    admin: true,
    responses: { 204: { description: 'The device is revoked.' }, 404: { description: 'No such device, or already revoked.', schema: ErrorResponse }, ...ADMIN_REFUSALS },
    async handle(ctx, { tenantId, params }) {
      await ctx.revokeDevice(tenantId, params.deviceId!);
      return { status: 204 };
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/alerts',
    summary: "The hub's alerts about the organization's devices (a broken audit chain is CRITICAL), newest first.",
    admin: true,
    responses: { 200: { description: 'The alerts.', schema: AlertList }, ...ADMIN_REFUSALS },
    async handle(ctx, { tenantId }) {
      return { status: 200, json: await listAlerts(ctx.db, tenantId) };
    },
  },
  {
    method: 'get',
    path: '/api/v1/admin/rollup',
    summary: "Per location: readings, open excursions, excursions without a signed corrective action, open and overdue tasks, stock value and last sync, from what the hub has projected.",
    admin: true,
    responses: { 200: { description: 'One entry per location, oldest location first.', schema: RegionalRollup }, ...ADMIN_REFUSALS },
    async handle(ctx, { tenantId }) {
      return { status: 200, json: await regionalRollup(ctx.db, tenantId, ctx.nowMs()) };
    },
  },
];

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const names: string[] = [];
  const regex = new RegExp(`^${pattern.replace(/\{(\w+)\}/g, (_, name: string) => (names.push(name), '([^/]+)'))}$`);
  const match = regex.exec(path);
  if (!match) return null;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
}

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  for (const route of ROUTES) {
    const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      ...(route.admin ? { security: [{ adminToken: [] }] } : {}),
      ...(route.device ? { security: [{ deviceToken: [] }] } : {}),
      ...(params.length > 0 ? { parameters: params.map((name) => ({ name, in: 'path' as const, required: true, schema: { type: 'string' as const } })) } : {}),
      ...(route.body ? { request: { body: { content: { 'application/json': { schema: route.body } } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema } } } : {}) },
        ]),
      ),
    });
  }
  registry.registerComponent('securitySchemes', 'deviceToken', { type: 'http', scheme: 'bearer', description: 'A device token from POST /api/v1/enroll.' });
  registry.registerComponent('securitySchemes', 'adminToken', { type: 'http', scheme: 'bearer', description: 'A tenant administrator token (opsflow-hub tenant admin-token).' });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'OpsFlow hub', version: '1', description: 'Sync documents over WebSocket at ws://HOST:PORT/<documentName>?token=TOKEN (y-websocket protocol).' },
  });
}

export function createApiHandler(ctx: ApiContext) {
  const openApi = JSON.stringify(openApiDocument());
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://hub').pathname;
    if (req.method === 'GET' && path === '/openapi.json') return send(res, 200, openApi, 'application/json');
    let params: Record<string, string> | null = null;
    const route = ROUTES.find((r) => r.method === req.method?.toLowerCase() && (params = matchPath(r.path, path)) !== null);
    if (!route || !params) return sendJson(res, 404, { error: 'There is nothing at this address.' });
    try {
      let tenantId = '';
      const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? null;
      if (route.admin) {
        const tenant = bearer ? await tenantOfAdminToken(ctx.db, bearer) : null;
        if (!tenant) return sendJson(res, 401, { error: 'An administrator token is required: ask the hub operator for one.' });
        tenantId = tenant;
      }
      let body: unknown;
      if (route.body) {
        const parsed = route.body.safeParse(await readJson(req));
        if (!parsed.success) return sendJson(res, 400, { error: `The request is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}.` });
        body = parsed.data;
      }
      const answer = await route.handle(ctx, { body, params, tenantId, bearer });
      if (answer.status === 204) {
        res.writeHead(204).end();
        return;
      }
      if (answer.text !== undefined) send(res, answer.status, answer.text, answer.contentType ?? 'text/plain');
      else sendJson(res, answer.status, answer.json);
    } catch (error) {
      if (error instanceof HubError) return sendJson(res, error.status, { error: error.message });
      sendJson(res, 500, { error: 'Something went wrong on the hub; try again, and tell its operator if it keeps happening.' });
    }
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HubError(413, 'The request is too large.');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HubError(400, 'The request body is not JSON.');
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json');
}

function send(res: ServerResponse, status: number, body: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
