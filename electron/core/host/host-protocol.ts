import { z } from 'zod';
import type { CallResult, Topic } from '../../../domain/contract';
import type { EventTarget } from '../events';

/**
 * The messages between the Electron shell (or a test) and the engine host running in another
 * process. Every message is validated where it arrives: the two ends are separate programs, and
 * a malformed message must be refused, not acted on or crashed over.
 *
 *   client → host: start {options}, call {id, request}, stop
 *   host → client: ready, result {id, result}, event {topic, payload, target, audience}, stopped, fatal {message}
 */

/** One end of a message channel: Electron's parentPort or utilityProcess, a forked child's IPC channel, an in-memory pair. */
export interface MessagePortLike<Out> {
  postMessage(message: Out): void;
  /** Incoming messages are unknown until validated. Returns a function that stops listening. */
  onMessage(listener: (message: unknown) => void): () => void;
}

/** What the host passes to Engine.open: only what survives the trip between processes. */
const startOptions = z.strictObject({
  dataDir: z.string().min(1),
  timers: z.boolean().optional(),
  devices: z.boolean().optional(),
  demo: z.boolean().optional(),
  /** The key that seals secrets at rest, when the shell holds it (the OS keystore is reachable only from Electron's main process). */
  secretKeyBase64: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, 'The secret key must be 32 bytes, base64.')
    .optional(),
  tuning: z
    .strictObject({
      signInDelayBaseMs: z.number().int().nonnegative(),
      compactAfterUpdates: z.number().int().positive(),
      passwordCost: z.strictObject({ N: z.number().int().positive(), r: z.number().int().positive(), p: z.number().int().positive() }),
    })
    .partial()
    .optional(),
});
export type HostStartOptions = z.infer<typeof startOptions>;

const callRequest = z.strictObject({
  method: z.string().max(100),
  input: z.unknown(),
  token: z.string().max(200).nullable(),
});

const callId = z.number().int().nonnegative();

export const toHostMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('start'), options: startOptions }),
  z.strictObject({ type: z.literal('call'), id: callId, request: callRequest }),
  z.strictObject({ type: z.literal('stop') }),
]);
export type ToHostMessage = z.infer<typeof toHostMessage>;

const callResult = z.union([
  z.strictObject({ ok: z.literal(true), output: z.unknown() }),
  z.strictObject({ ok: z.literal(false), error: z.looseObject({ code: z.string(), message: z.string() }) }),
]);

export const fromHostMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('result'), id: callId, result: callResult }),
  z.strictObject({
    type: z.literal('event'),
    topic: z.string(),
    payload: z.unknown(),
    target: z.union([z.literal('all'), z.strictObject({ token: z.string() })]),
    audience: z.array(z.string()),
  }),
  z.strictObject({ type: z.literal('stopped') }),
  z.strictObject({ type: z.literal('fatal'), message: z.string() }),
]);
/** What the host sends; `fromHostMessage` checks the same shapes on arrival. */
export type FromHostMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: CallResult }
  | { type: 'event'; topic: Topic; payload: unknown; target: EventTarget; audience: string[] }
  | { type: 'stopped' }
  | { type: 'fatal'; message: string };

/** A short description of why a message was refused, for the log line (never the message itself: it may hold a password). */
export function describeRefusal(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'not a message';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}
