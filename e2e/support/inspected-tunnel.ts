import type { TrafficViewer } from '@gatehouse/core';
import type { TestKey } from '@gatehouse/testing';
import type { Client as BrowserLike } from '@gatehouse/testing/gateway';
import { startInspectorServer, type InspectorServer } from './inspector-server.ts';
import { startTunnelSystem, type TunnelSystem } from './tunnel-system.ts';

/** The inspector tests' world: `email` signed in, serving the inspector server over `ssh -R 0`. */
export interface InspectedTunnel {
  readonly t: TunnelSystem;
  readonly local: InspectorServer;
  readonly browser: BrowserLike;
  readonly key: TestKey;
  /** The tunnel's public URL. */
  readonly remote: string;
  /** `email` as the inspector sees a viewer (owner, not admin). */
  readonly viewer: TrafficViewer;
  close(): Promise<void>;
}

export async function startInspectedTunnel(email: string): Promise<InspectedTunnel> {
  const local = await startInspectorServer();
  const t = await startTunnelSystem();
  const browser = await t.signedInBrowser(email);
  const key = t.key(email.split('@')[0] ?? 'key');
  const localAddress = new URL(local.url).host;
  await t.signIn(key, browser, ['-R', '0', '127.0.0.1', '--', '--to', localAddress], {
    remember: true,
  });
  await t.waitLive(email, 'mcp', 30_000, localAddress);
  const remote = await t.remoteUrl(email);
  const account = await t.system.gateway.store.accounts.findByEmail(email);
  return {
    t,
    local,
    browser,
    key,
    remote,
    viewer: { userId: account?.id ?? '', admin: false },
    async close() {
      await t.killSsh();
      await t.close();
      await local.close();
    },
  };
}
