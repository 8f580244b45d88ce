// The hub's HTTP API: a table of routes, each with its zod schemas, from which the OpenAPI
// document at /openapi.json is generated, so the description cannot drift from what is served.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { sql } from 'kysely';
import { z } from 'zod';
import { HubError } from '../hub-error';
import type { HubDatabase } from '../storage/database';
import { enrollDevice } from '../storage/tenants';
import type { HubMetrics } from './metrics';
import { EnrollRequest, EnrollResponse, ErrorResponse, HealthResponse } from './schemas';

export interface ApiContext {
  db: HubDatabase;
  metrics: HubMetrics;
  nowMs(): number;
}

const MAX_BODY_BYTES = 64 * 1024;

interface Route {
  method: 'get' | 'post';
  path: string;
  summary: string;
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
  handle(ctx: ApiContext, body: unknown): Promise<{ status: number; json?: unknown; text?: string; contentType?: string }>;
}

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
    async handle(ctx, body) {
      const { code, deviceName } = body as z.infer<typeof EnrollRequest>;
      const enrolled = await enrollDevice(ctx.db, { code, deviceName, nowMs: ctx.nowMs() });
      return { status: 200, json: { token: enrolled.token, tenantId: enrolled.tenantId, locationId: enrolled.locationId } };
    },
  },
];

export function openApiDocument() {
  const registry = new OpenAPIRegistry();
  for (const route of ROUTES) {
    registry.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      ...(route.body ? { request: { body: { content: { 'application/json': { schema: route.body } } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema ? { content: { [r.contentType ?? 'application/json']: { schema: r.schema } } } : {}) },
        ]),
      ),
    });
  }
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
    const route = ROUTES.find((r) => r.path === path && r.method === req.method?.toLowerCase());
    if (!route) return sendJson(res, 404, { error: 'There is nothing at this address.' });
    try {
      let body: unknown;
      if (route.body) {
        const parsed = route.body.safeParse(await readJson(req));
        if (!parsed.success) return sendJson(res, 400, { error: `The request is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'} ${i.message}`).join('; ')}.` });
        body = parsed.data;
      }
      const answer = await route.handle(ctx, body);
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
