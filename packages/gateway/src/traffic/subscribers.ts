import type {
  Logger,
  McpExchangeSummary,
  TrafficEvent,
  TrafficFilter,
  TrafficListener,
  TrafficViewer,
} from '@gatehouse/core';
import { matches, summaryOf } from './filter.ts';
import type { Recorded } from './recorder.ts';

/** Whether a viewer owning `namespace` may see a recorded exchange. */
export type Visibility = (
  viewer: TrafficViewer,
  namespace: string | undefined,
  r: Recorded,
) => boolean;

interface Subscriber {
  readonly viewer: TrafficViewer;
  readonly filter: TrafficFilter;
  readonly listener: TrafficListener;
  namespace: string | undefined;
  ready: boolean;
}

export interface TrafficSubscribers {
  /** Returns the unsubscribe function. */
  subscribe(viewer: TrafficViewer, filter: TrafficFilter, listener: TrafficListener): () => void;
  /**
   * Tells every ready subscriber that may see `r` and whose filter matches it: `exchange` for a
   * new one (in progress or not), `complete` when one sent in progress has ended.
   */
  notify(r: Recorded, type: TrafficEvent['type']): void;
}

export interface TrafficSubscribersDeps {
  readonly namespaceOf: (userId: string) => Promise<string | undefined>;
  readonly visible: Visibility;
  readonly logger: Logger;
}

/** Live listeners of the inspector; one failing listener never stops the others. */
export function createTrafficSubscribers(deps: TrafficSubscribersDeps): TrafficSubscribers {
  const subscribers = new Set<Subscriber>();
  return {
    subscribe(viewer, filter, listener) {
      const s: Subscriber = { viewer, filter, listener, namespace: undefined, ready: false };
      subscribers.add(s);
      // Until the viewer's namespace is known it sees nothing; a failed lookup unsubscribes.
      deps.namespaceOf(viewer.userId).then(
        (namespace) => {
          s.namespace = namespace;
          s.ready = true;
        },
        () => subscribers.delete(s),
      );
      return () => {
        subscribers.delete(s);
      };
    },
    notify(r, type) {
      // Nobody watching: nothing is built (masked, parsed) for them.
      if (subscribers.size === 0) return;
      let summary: McpExchangeSummary | undefined;
      for (const s of subscribers) {
        if (!s.ready || !deps.visible(s.viewer, s.namespace, r) || !matches(r, s.filter)) continue;
        summary ??= summaryOf(r);
        try {
          s.listener({ type, exchange: summary });
        } catch (error) {
          deps.logger.warn({ err: { message: messageOf(error) } }, 'a traffic listener failed');
        }
      }
    },
  };
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
