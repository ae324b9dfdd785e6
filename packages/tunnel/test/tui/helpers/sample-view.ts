import type { SessionView, SessionViewSource } from '../../../src/session-view.ts';

export const REMOTE_URL = 'http://mcp.brave-otter-123.localhost:8787';

/** A session with one active forward, two connections and a few logs, at `now`. */
export function sampleView(now: number): SessionView {
  return {
    sessionId: '9cc1564b-4a40-4b71-b944-a0d290b84077',
    clientIp: '127.0.0.1',
    email: 'alice@example.com',
    connections: [
      {
        channel: 0,
        status: 'open',
        hostname: 'mcp.brave-otter-123.localhost',
        path: '/mcp',
        client: '127.0.0.1:58084',
        rxBytes: 1149,
        txBytes: 410,
        openedAt: now - 31_015,
        closedAt: null,
      },
      {
        channel: 1,
        status: 'closed',
        hostname: 'mcp.brave-otter-123.localhost',
        path: '/.well-known/oauth-protected-resource',
        client: '127.0.0.1:58099',
        rxBytes: 1354,
        txBytes: 83_900,
        openedAt: now - 2_000,
        closedAt: now - 1_844,
      },
    ],
    requests: [{ bindAddress: 'localhost', port: 'D 63567', routes: ['mcp'] }],
    forwards: [
      {
        route: 'mcp',
        status: 'ACTIVE',
        remoteUrl: REMOTE_URL,
        localAddress: 'localhost:8080',
        mode: 'dynamic',
        warning: null,
      },
    ],
    logs: [
      { at: now - 5_000, level: 'info', text: 'routes updated (1 total)', count: 1 },
      {
        at: now - 4_000,
        level: 'info',
        text: 'port-forward permissions updated (1 total)',
        count: 1,
      },
    ],
  };
}

/** A SessionViewSource over plain data, changed with `set` (what the SSH server provides). */
export function viewSource(initial: SessionView): {
  source: SessionViewSource;
  set: (next: SessionView) => void;
} {
  let view = initial;
  const listeners = new Set<(view: SessionView) => void>();
  return {
    source: {
      current: () => view,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    set: (next) => {
      view = next;
      for (const listener of listeners) listener(view);
    },
  };
}
