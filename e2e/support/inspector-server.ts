import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/server';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { silentLogger } from '@gatehouse/core';
import { z } from 'zod';
import { createMcpEndpoint } from '../../template/server/src/mcp/endpoint.ts';
import type { Running } from './servers.ts';

/** What the local server received, so a test can count calls (a replay reaches it once). */
export interface LookupCall {
  readonly query: string;
  readonly api_key?: string | undefined;
}

export interface InspectorServer extends Running {
  readonly lookups: LookupCall[];
  /** Resolves once a `hold` call is waiting for `release` (its answer not sent yet). */
  held(): Promise<void>;
  /** Lets every waiting `hold` call answer. */
  release(): void;
}

/**
 * The user's local MCP server for the inspector tests (both eras, the template's endpoint):
 * `lookup` records its arguments, `delete_all` is there to be denied by policy, `big` answers
 * `bytes` of text (a 10 MB answer must reach the client whole), `hold` answers only when the
 * test calls `release()` (a long-lived response).
 */
export async function startInspectorServer(): Promise<InspectorServer> {
  const lookups: LookupCall[] = [];
  let waiting: (() => void)[] = [];
  let onHeld: (() => void)[] = [];
  const endpoint = createMcpEndpoint({
    createServer: () => {
      const server = new McpServer({ name: 'inspector-e2e', version: '1.0.0' });
      server.registerTool(
        'lookup',
        {
          description: 'Looks a query up',
          inputSchema: z.object({ query: z.string(), api_key: z.string().optional() }),
        },
        (args) => {
          lookups.push(args);
          return { content: [{ type: 'text', text: `found: ${args.query}` }] };
        },
      );
      server.registerTool(
        'delete_all',
        { description: 'Deletes everything', inputSchema: z.object({}) },
        () => ({ content: [{ type: 'text', text: 'deleted' }] }),
      );
      server.registerTool(
        'big',
        { description: 'A large answer', inputSchema: z.object({ bytes: z.number().int() }) },
        ({ bytes }) => ({ content: [{ type: 'text', text: 'x'.repeat(bytes) }] }),
      );
      server.registerTool(
        'hold',
        { description: 'Answers when released', inputSchema: z.object({}) },
        async () => {
          await new Promise<void>((resolve) => {
            waiting.push(resolve);
            const told = onHeld;
            onHeld = [];
            for (const tell of told) tell();
          });
          return { content: [{ type: 'text', text: 'released' }] };
        },
      );
      return server;
    },
    logger: silentLogger,
    sessionMaxAgeMs: 600_000,
    maxBodyBytes: 1024 * 1024,
  });
  const handler = toNodeHandler(endpoint);
  const server = createServer((req, res) => {
    void handler(req as Parameters<typeof handler>[0], res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    lookups,
    held: () =>
      waiting.length > 0 ? Promise.resolve() : new Promise((resolve) => onHeld.push(resolve)),
    release() {
      const released = waiting;
      waiting = [];
      for (const resolve of released) resolve();
    },
    async close() {
      await endpoint.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
