// Events the core emits to whoever listens (IPC sends them to the window, the preview bridge over
// server-sent events, the CLI draws progress). Names and payload types come from
// src-shared/ipc/events.ts: `emit('batch.progress', payload)` fails the typecheck on a name that is
// not declared there or on a payload of the wrong shape.
import type { EventName, EventPayload } from '../../src-shared/ipc/events.js';

/** One emitted event: its name and the payload declared for that name. */
export type AnyEvent = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];

export type EventListener = (name: AnyEvent['name'], payload: AnyEvent['payload']) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken listener (a closed window, a dropped SSE client) must not break the operation.
      }
    }
  }
}
