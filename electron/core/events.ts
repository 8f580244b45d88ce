import type { EventMap, Topic } from '../../domain/contract/events';

/** Who an event is for: every connected window, or only the one holding a session token. */
export type EventTarget = { token: string } | 'all';

type Listener = (topic: Topic, payload: EventMap[Topic], target: EventTarget) => void;

export class EventBus {
  private readonly listeners = new Set<Listener>();

  emit<T extends Topic>(topic: T, payload: EventMap[T], target: EventTarget = 'all'): void {
    for (const l of this.listeners) l(topic, payload, target);
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
