import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client as BrowserLike,
  type TestGateway,
  addAccount,
  logged,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { startMcpGateway } from './support/mcp-gateway.ts';
import {
  connectLegacyWithOAuth,
  LegacyOAuthProvider,
  legacyPost,
} from './support/mcp-legacy-client.ts';
import { startTemplate, type Running } from './support/servers.ts';

// H14: an answer that creates an MCP session is held until the session's binding to its user is
// stored (edge/mcp/hold-until.ts): the client's next request must find it, and an answer whose
// binding fails (an upstream handing one user's session id to another) never reaches the client.
// The template sits behind a relay that can rewrite the Mcp-Session-Id of its answers, standing in
// for a faulty or hostile upstream.

let template: Running;
let relay: Server;
let gw: TestGateway;
let mcpUrl: string;
/** The Mcp-Session-Id the relay puts on the next answers that carry (or, when `always`, lack) one. */
let rewrite: { id: string; always: boolean } | undefined;

beforeAll(async () => {
  template = await startTemplate();
  const upstream = new URL(template.url);
  relay = createServer((req, res) => {
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const headers = { ...answer.headers };
        if (rewrite !== undefined && (rewrite.always || headers['mcp-session-id'] !== undefined)) {
          headers['mcp-session-id'] = rewrite.id;
        }
        res.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  gw = await startMcpGateway(`
routes:
  - from: http://app.localhost:{{port}}
    to: http://127.0.0.1:${(relay.address() as AddressInfo).port}
    mcp: { server: {} }
    allowed_users: [ada@example.com, bob@example.com]
`);
  await addAccount(gw.gateway.store, 'ada@example.com');
  await addAccount(gw.gateway.store, 'bob@example.com');
  mcpUrl = `${gw.origin('app')}/mcp`;
});

afterAll(async () => {
  await gw?.close();
  relay?.close();
  await template?.close();
});

const post = (token: string, sessionId: string | undefined, body: unknown) =>
  legacyPost(mcpUrl, token, sessionId, body);

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-11-25',
    capabilities: {},
    clientInfo: { name: 'binding-test', version: '1.0.0' },
  },
};
const TOOLS_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };

/** The whole answer, or how reading it failed. */
async function outcome(answer: Promise<Response>): Promise<string> {
  try {
    const response = await answer;
    return `${response.status} ${await response.text()}`;
  } catch (error) {
    return `failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function signIn(email: string) {
  const provider = new LegacyOAuthProvider();
  const { client, transport } = await connectLegacyWithOAuth({
    mcpUrl,
    provider,
    browser: new BrowserLike(),
    credentials: { email, password: PASSWORD },
  });
  return {
    client,
    session: transport.sessionId ?? '',
    token: provider.tokens()?.access_token ?? '',
  };
}

describe('an answer that creates an MCP session waits for its binding', () => {
  it('cuts the answer that would hand another user’s session id to Bob, and logs why', async () => {
    const ada = await signIn('ada@example.com');
    const bob = await signIn('bob@example.com');
    expect(ada.session).not.toBe('');
    rewrite = { id: ada.session, always: false };
    try {
      // Without the hold Bob read a complete initialize answer carrying Ada's session id.
      const seen = await outcome(post(bob.token, undefined, INITIALIZE));
      expect(seen).toMatch(/^failed: /);
      expect(seen).not.toContain('"protocolVersion"');
    } finally {
      rewrite = undefined;
    }
    expect(logged(gw.logger, /could not bind the MCP session/)).toHaveLength(1);
    // Ada's session is still hers alone.
    const call = { ...TOOLS_LIST, id: 3 };
    expect(await outcome(post(ada.token, ada.session, call))).toMatch(/^200 .*"echo"/s);
    expect(await outcome(post(bob.token, ada.session, call))).toMatch(/^404 /);
    await ada.client.close();
    await bob.client.close();
  });

  it('holds a filtered tools/list answer that creates a session until it is bound, then delivers it whole', async () => {
    const ada = await signIn('ada@example.com');
    const fresh = randomUUID();
    rewrite = { id: fresh, always: true };
    let listed: string;
    try {
      listed = await outcome(post(ada.token, ada.session, TOOLS_LIST));
    } finally {
      rewrite = undefined;
    }
    expect(listed).toMatch(/^200 .*"echo"/s);
    // The new id is Ada's now: her request with it passes the gateway and reaches the template,
    // which does not know it (its own, longer 404), while Bob's is refused by the gateway.
    const bob = await signIn('bob@example.com');
    const mine = await outcome(post(ada.token, fresh, { ...TOOLS_LIST, id: 4 }));
    expect(mine).toMatch(/^404 .*expired or was closed/s);
    const theirs = await outcome(post(bob.token, fresh, { ...TOOLS_LIST, id: 5 }));
    expect(theirs).toMatch(/^404 /);
    expect(theirs).not.toContain('expired or was closed');
    await ada.client.close();
    await bob.client.close();
  });
});
