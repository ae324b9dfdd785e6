import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { freePort } from '@gatehouse/testing';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

/** Counts how often the client would have sent its user to the browser. */
class CountingProvider extends MemoryOAuthProvider {
  browserTrips = 0;
  override redirectToAuthorization(url: URL) {
    this.browserTrips += 1;
    super.redirectToAuthorization(url);
  }
}

// Access tokens live 60 s (the shortest `access_token_ttl` allowed); the verifier allows 10 s of
// clock skew, so a token is refused ~70 s after it was issued. The test waits that long with the
// gateway down.
const STALE_AFTER_MS = 71_500;

let template: Running;
let dataDir: string;
let port: number;
let yaml: string;
let gw: TestGateway | undefined;

beforeAll(async () => {
  template = await startTemplate();
  dataDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-restart-'));
  port = await freePort();
  yaml = `
oauth: { access_token_ttl: 1m }
routes:
  - from: http://app.localhost:{{port}}
    to: ${new URL(template.url).origin}
    mcp: { server: {} }
    allowed_users: [ada@example.com]
`;
  gw = await startMcpGateway(yaml, { dataDir, port });
  await addAccount(gw.gateway.store, 'ada@example.com');
});

afterAll(async () => {
  await gw?.close();
  await template?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('restart of the gateway mid-session', () => {
  it(
    'the SDK v2 client keeps working with its refresh token, with no new sign-in',
    {
      timeout: 240_000,
    },
    async () => {
      const provider = new CountingProvider();
      const { client } = await connectWithOAuth({
        mcpUrl: `http://app.localhost:${port}/mcp`,
        provider,
        browser: new BrowserLike(),
        credentials: { email: 'ada@example.com', password: PASSWORD },
        modern: true,
      });
      const before = await client.callTool({ name: 'echo', arguments: { message: 'before' } });
      expect(JSON.stringify(before.content)).toContain('before');
      expect(provider.browserTrips).toBe(1);
      const first = provider.tokens();

      await gw?.close();
      gw = undefined;
      await new Promise((resolve) => setTimeout(resolve, STALE_AFTER_MS));
      gw = await startMcpGateway(yaml, { dataDir, port });

      const after = await client.callTool({ name: 'echo', arguments: { message: 'after' } });
      expect(JSON.stringify(after.content)).toContain('after');
      // The stale token was refused, the client refreshed (rotation: a new refresh token too)...
      const refused = gw.logger.lines.filter((l) => l.obj['reasons'] !== undefined);
      expect(JSON.stringify(refused)).toContain('token-expired');
      expect(provider.tokens()?.access_token).not.toBe(first?.access_token);
      expect(provider.tokens()?.refresh_token).not.toBe(first?.refresh_token);
      // ...and never sent its user back to the browser.
      expect(provider.browserTrips).toBe(1);
      await client.close();
    },
  );
});
