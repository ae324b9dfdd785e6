import { randomUUID } from 'node:crypto';
import type { EventId, EventStore, JSONRPCMessage, StreamId } from '@modelcontextprotocol/server';

/**
 * Per-session memory of SSE events so a 2025-era client can resume a broken stream with
 * `Last-Event-ID` (Streamable HTTP §Resumability). Event ids are `<streamId>_<n>`: the stream
 * is known from the id alone, and ids are unique within the session. Bounded: the oldest
 * events are dropped first.
 */
export class InMemoryEventStore implements EventStore {
  readonly #events = new Map<EventId, { streamId: StreamId; message: JSONRPCMessage }>();
  readonly #limit: number;
  #counter = 0;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const id = `${streamId}_${(this.#counter++).toString(36)}_${randomUUID().slice(0, 8)}`;
    this.#events.set(id, { streamId, message });
    if (this.#events.size > this.#limit) {
      const oldest = this.#events.keys().next().value;
      if (oldest !== undefined) this.#events.delete(oldest);
    }
    return Promise.resolve(id);
  }

  getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return Promise.resolve(this.#events.get(eventId)?.streamId);
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const last = this.#events.get(lastEventId);
    if (last === undefined) throw new Error('Unknown or expired Last-Event-ID');
    let after = false;
    for (const [id, event] of this.#events) {
      if (id === lastEventId) {
        after = true;
        continue;
      }
      // Only the disconnected stream is replayed (2025-11-25: never another stream's messages).
      if (after && event.streamId === last.streamId) await send(id, event.message);
    }
    return last.streamId;
  }
}
