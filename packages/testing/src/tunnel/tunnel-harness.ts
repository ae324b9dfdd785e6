import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpTrafficInspector, SshIdentity } from '@gatehouse/core';
import { silentLogger } from '@gatehouse/core';
import { createTunnelServer, loadOrCreateHostKey } from '@gatehouse/tunnel';
import type { RenderTui, TunnelServer } from '@gatehouse/tunnel';
import { MemoryTunnelAccounts } from './memory-tunnel-accounts.ts';
import { makeKey } from './ssh-client.ts';
import type { TestKey } from './ssh-client.ts';

export interface Harness {
  readonly server: TunnelServer;
  readonly port: number;
  readonly accounts: MemoryTunnelAccounts;
  readonly dir: string;
  key(name: string): TestKey;
  close(): Promise<void>;
}

export const ALICE: SshIdentity = {
  userId: 'acc-alice',
  email: 'alice@example.com',
  namespace: 'brave-otter-123',
};

/** A tunnel server on 127.0.0.1:0 with a fresh host key and in-memory accounts. */
export async function startHarness(
  options: {
    defaultLocalAddress?: string;
    renderTui?: RenderTui;
    signInTtlMs?: number;
    reauthorizeMs?: number;
    /** The MCP traffic inspector behind the TUI's panel [5] (issue 16). */
    traffic?: McpTrafficInspector;
  } = {},
): Promise<Harness> {
  const { signInTtlMs, ...serverOptions } = options;
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-tunnel-'));
  const accounts = new MemoryTunnelAccounts(
    signInTtlMs === undefined ? {} : { ttlMs: signInTtlMs },
  );
  const server = createTunnelServer({
    accounts,
    hostKeys: [await loadOrCreateHostKey(dir, silentLogger)],
    logger: silentLogger,
    ...serverOptions,
  });
  const port = await server.listen(0, '127.0.0.1');
  return {
    server,
    port,
    accounts,
    dir,
    key: (name) => makeKey(dir, name),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` holds (the SSH client works in its own time). */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
