import { EVENT_ACCESS, type EventMap, type Topic } from '../../domain/contract/events';
import type { Session, Sessions } from './auth/sessions';

/** Who an event is for: every connected window, or only the one holding a session token. */
export type EventTarget = { token: string } | 'all';

/**
 * The session tokens allowed to receive one event, decided by the engine when it is emitted. A
 * transport forwards the event to a connection (a window, a socket) only if that connection holds
 * one of them: the engine knows the sessions, the transports know which connection holds which.
 */
export type EventAudience = readonly string[];

type Listener = (topic: Topic, payload: EventMap[Topic], target: EventTarget, audience: EventAudience) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly audienceOf: (topic: Topic, target: EventTarget) => EventAudience) {}

  emit<T extends Topic>(topic: T, payload: EventMap[T], target: EventTarget = 'all'): void {
    const audience = this.audienceOf(topic, target);
    for (const l of this.listeners) l(topic, payload, target, audience);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/**
 * The audience of an event: the one session it names; for a broadcast, every session that is
 * signed in, unlocked (an idle one locks here, as on its next call), past any two-factor
 * enrolment it owes, allowed the topic (EVENT_ACCESS), and within its scope (`inScope`: the engine
 * keeps pushes about this PC's devices to people granted its location).
 */
export function eventAudience(
  sessions: Sessions | null,
  topic: Topic,
  target: EventTarget,
  inScope: (session: Session) => boolean = () => true,
): EventAudience {
  if (target !== 'all') return [target.token];
  if (!sessions) return [];
  const access = EVENT_ACCESS[topic];
  return sessions
    .all()
    .filter((s) => sessions.get(s.token) !== null && !s.locked && !s.mustEnrollTotp && (access === 'signedIn' || s.permissions.has(access)) && inScope(s))
    .map((s) => s.token);
}

/** The one check every transport makes: does this connection hold a session the event is for? */
export function reachesConnection(audience: EventAudience, heldTokens: ReadonlySet<string>): boolean {
  return audience.some((token) => heldTokens.has(token));
}
