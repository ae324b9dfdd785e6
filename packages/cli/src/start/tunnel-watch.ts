import type { LiveTunnel, TunnelAccounts, TunnelStatus } from '@gatehouse/core';

/** A tunnel route that came up or went away, with the URLs the user needs next. */
export interface TunnelChange {
  readonly live: boolean;
  /** e.g. `http://mcp.brave-otter-123.localhost:8787`. */
  readonly remoteUrl: string;
  readonly localAddress: string;
}

/** Cheap (a walk over live connections); the ACTIVE line follows the tunnel's own within this. */
const POLL_MS = 100;

/**
 * Watches the SSH server's live tunnels and reports each route (namespace + route) once when
 * it becomes ACTIVE and once when its last session ends, so `npm start`'s terminal shows the
 * Remote URL as soon as the tunnel's TUI does.
 */
export function watchTunnels(
  status: TunnelStatus,
  accounts: Pick<TunnelAccounts, 'publicUrl'>,
  onChange: (change: TunnelChange) => void,
): { stop(): void } {
  const known = new Map<string, TunnelChange>();
  const key = (t: LiveTunnel) => `${t.namespace}/${t.route}`;
  const tick = () => {
    const now = new Map<string, LiveTunnel>();
    for (const t of status.list()) if (!now.has(key(t))) now.set(key(t), t);
    for (const [k, t] of now) {
      if (known.has(k)) continue;
      const change: TunnelChange = {
        live: true,
        remoteUrl: accounts.publicUrl(
          { userId: t.userId, email: null, namespace: t.namespace },
          t.route,
        ),
        localAddress: t.localAddress,
      };
      known.set(k, change);
      onChange(change);
    }
    for (const [k, change] of known) {
      if (now.has(k)) continue;
      known.delete(k);
      onChange({ ...change, live: false });
    }
  };
  const timer = setInterval(tick, POLL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
