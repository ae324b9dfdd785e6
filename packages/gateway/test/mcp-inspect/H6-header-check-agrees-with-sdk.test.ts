import {
  CLIENT_CAPABILITIES_META_KEY,
  createMcpHandler,
  McpServer,
  PROTOCOL_VERSION_META_KEY,
} from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { checkMcpHeaders, parseJsonRpcBody } from '../../src/mcp/inspect/index.ts';

const MODERN = '2026-07-28';
const b64 = (text: string): string => `=?base64?${Buffer.from(text, 'utf8').toString('base64')}?=`;

/** The server we front: the SDK's strict 2026-07-28 handler. */
const sdk = createMcpHandler(
  () => {
    const server = new McpServer({ name: 'probe', version: '1.0.0' });
    server.registerTool('echo', { description: 'echo' }, () => ({ content: [] }));
    return server;
  },
  { legacy: 'reject', onerror: () => {} },
);

interface Case {
  readonly body: Record<string, unknown>;
  readonly headers: Record<string, string>;
}

function cases(): Case[] {
  const out: Case[] = [];
  const meta = { [PROTOCOL_VERSION_META_KEY]: MODERN, [CLIENT_CAPABILITIES_META_KEY]: {} };
  const methods: [string, string | undefined, string][] = [
    ['tools/call', 'name', 'echo'],
    ['prompts/get', 'name', 'greet'],
    ['resources/read', 'uri', 'file:///a b'],
    ['tools/list', undefined, ''],
    ['ping', undefined, ''],
  ];
  for (const [method, field, value] of methods) {
    const params = field === undefined ? { _meta: meta } : { [field]: value, _meta: meta };
    for (const kind of ['request', 'notification']) {
      const body =
        kind === 'request'
          ? { jsonrpc: '2.0', id: 9, method, params }
          : { jsonrpc: '2.0', method, params };
      for (const version of [undefined, MODERN]) {
        for (const mcpMethod of [undefined, method, 'tools/list', b64(method)]) {
          for (const name of [
            undefined,
            value,
            'other',
            b64(value),
            b64('other'),
            '=?base64?abc?=',
            '=?base64?/w==?=',
          ]) {
            const headers: Record<string, string> = {};
            if (version !== undefined) headers['mcp-protocol-version'] = version;
            if (mcpMethod !== undefined) headers['mcp-method'] = mcpMethod;
            if (name !== undefined) headers['mcp-name'] = name;
            out.push({ body, headers });
          }
        }
      }
    }
  }
  return out;
}

async function sdkSaysMismatch({ body, headers }: Case): Promise<boolean> {
  const response = await sdk.fetch(
    new Request('http://127.0.0.1/mcp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...headers,
      },
      body: JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return response.status === 400 && text.includes('"code":-32020');
}

describe('H6: the header check refuses exactly what the SDK server refuses with -32020', () => {
  it('agrees with the SDK on every 2026-07-28 header/body combination', async () => {
    const disagreements: string[] = [];
    for (const c of cases()) {
      const parsed = parseJsonRpcBody(Buffer.from(JSON.stringify(c.body)));
      if (!parsed.ok) throw new Error('case body did not parse');
      const ours = checkMcpHeaders(c.headers, parsed.message) !== undefined;
      const theirs = await sdkSaysMismatch(c);
      // Stricter is allowed only where documented: a present Mcp-Name on a notification.
      const stricter = ours && !theirs && !('id' in c.body) && 'mcp-name' in c.headers;
      if (ours !== theirs && !stricter) {
        disagreements.push(`${JSON.stringify(c)} ours=${ours} sdk=${theirs}`);
      }
    }
    expect(disagreements).toEqual([]);
  });
});
