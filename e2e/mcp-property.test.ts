import fc from 'fast-check';
import type { Client as McpClient } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromText } from '@gatehouse/gateway';
import {
  Client as BrowserLike,
  startTestGateway,
  type TestGateway,
  addAccount,
  PASSWORD,
} from '@gatehouse/testing/gateway';
import { configText } from './support/mcp-gateway.ts';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startToolbox, type Running } from './support/servers.ts';

const TOOLS = ['echo', 'list_files', 'read_file', 'delete_all'] as const;
const USERS = ['ada@example.com', 'bob@example.com'] as const;

let upstream: Running;
let gw: TestGateway;
const clients = new Map<string, McpClient>();

/** A route whose policy denies, per user, a set of tools (and optionally all of them by domain). */
function routeYaml(
  denied: Readonly<Record<string, readonly string[]>>,
  extraDeny: readonly string[],
): string {
  const rules = USERS.flatMap((email) =>
    (denied[email] ?? []).length === 0
      ? []
      : [
          `          - and: [{ email: { is: ${email} } }, { mcp_tool: { in: [${(denied[email] ?? []).join(', ')}] } }]`,
        ],
  );
  const global =
    extraDeny.length === 0 ? [] : [`          - mcp_tool: { in: [${extraDeny.join(', ')}] }`];
  const all = [...rules, ...global];
  return `
routes:
  - from: http://tools.localhost:{{port}}
    to: ${new URL(upstream.url).origin}
    mcp: { server: {} }
    allowed_users: [${USERS.join(', ')}]
${all.length === 0 ? '' : `    policy:\n      deny:\n        or:\n${all.join('\n')}\n`}`;
}

beforeAll(async () => {
  upstream = await startToolbox();
  gw = await startTestGateway(routeYaml({}, []));
  for (const email of USERS) {
    await addAccount(gw.gateway.store, email);
    const { client } = await connectWithOAuth({
      mcpUrl: `${gw.origin('tools')}/mcp`,
      provider: new MemoryOAuthProvider(),
      browser: new BrowserLike(),
      credentials: { email, password: PASSWORD },
    });
    clients.set(email, client);
  }
});

afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await gw.close();
  await upstream.close();
});

describe('I4 property: for random users and policies, tools listed == tools callable', () => {
  it('holds through the real gateway, policy reloads and the real MCP client', async () => {
    const toolSet = fc.subarray([...TOOLS]);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ ada: toolSet, bob: toolSet }),
        toolSet,
        fc.constantFrom(...USERS),
        async (perUser, everyone, who) => {
          gw.gateway.reload(
            configFromText(
              configText(
                gw,
                routeYaml({ [USERS[0]]: perUser.ada, [USERS[1]]: perUser.bob }, everyone),
              ),
              gw.configPath,
            ),
          );
          const client = clients.get(who);
          if (client === undefined) throw new Error('no client');
          const listed = new Set((await client.listTools()).tools.map((t) => t.name));
          const own = who === USERS[0] ? perUser.ada : perUser.bob;
          for (const name of TOOLS) {
            const callable = await client
              .callTool({ name, arguments: name === 'echo' ? { message: 'hi' } : {} })
              .then(
                (r) => r.isError !== true,
                () => false,
              );
            expect({ name, listed: listed.has(name) }).toEqual({ name, listed: callable });
            expect(callable).toBe(!own.includes(name) && !everyone.includes(name));
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 60_000);

  it('prompts/get and resources/read obey mcp_method rules', async () => {
    gw.gateway.reload(
      configFromText(
        configText(
          gw,
          `
routes:
  - from: http://tools.localhost:{{port}}
    to: ${new URL(upstream.url).origin}
    mcp: { server: {} }
    allowed_users: [${USERS.join(', ')}]
    policy:
      deny:
        or:
          - mcp_method: { in: [resources/read, prompts/get] }
`,
        ),
        gw.configPath,
      ),
    );
    const client = clients.get(USERS[0]);
    if (client === undefined) throw new Error('no client');
    await expect(client.readResource({ uri: 'ui://echo' })).rejects.toThrow(
      /not allowed by policy/,
    );
    await expect(client.getPrompt({ name: 'anything' })).rejects.toThrow(/not allowed by policy/);
    expect((await client.listTools()).tools.length).toBe(TOOLS.length);
  });
});
