// Events the core emits to whoever listens (IPC sends them to the window, the preview bridge over
// server-sent events, the CLI draws progress). Payload types live in src-shared/ipc/events.ts.
export type EventListener = (name: string, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  on(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(name: string, payload: unknown): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken listener (a closed window, a dropped SSE client) must not break the operation.
      }
    }
  }
}
