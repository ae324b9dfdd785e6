import type { AddressInfo } from 'node:net';
import { createWidgetRegistry, defineAppTool } from '@gatehouse/app-kit';
import { silentLogger } from '@gatehouse/core';
import { z } from 'zod';
import { createApp } from '../../template/server/src/app.ts';
import { TEMPLATE_ASSETS, type Running } from './servers.ts';

/** What the local server's `echo` received, so a test sees the secret really reached it. */
export interface EchoCall {
  readonly message: string;
  readonly api_key?: string | undefined;
}

export interface EchoWithApiKey extends Running {
  readonly calls: EchoCall[];
}

/**
 * The template's server (its real echo widget build) whose `echo` also takes an optional
 * `api_key`: the dev host's form then has a field a user types a token into, the way real tools
 * take credentials as arguments. The inspector must mask it (issue 16, "Security").
 */
export async function startEchoWithApiKey(): Promise<EchoWithApiKey> {
  const calls: EchoCall[] = [];
  const echo = defineAppTool({
    name: 'echo',
    title: 'Echo',
    description: "Echoes back the user's message and shows it in an interactive widget.",
    widget: 'echo',
    annotations: { readOnlyHint: true, openWorldHint: false },
    inputSchema: z.object({
      message: z.string().min(1).describe('The text to echo back'),
      api_key: z.string().optional().describe('A token the tool would use upstream'),
    }),
    handler: (args) => {
      calls.push(args);
      return {
        content: [{ type: 'text', text: `Echo: ${args.message}` }],
        structuredContent: { echoedMessage: args.message, timestamp: new Date().toISOString() },
      };
    },
  });
  const app = createApp({
    name: 'echo-with-api-key',
    version: 'e2e',
    logger: silentLogger,
    registry: createWidgetRegistry({ mode: 'production', assetsDir: TEMPLATE_ASSETS }),
    tools: [echo],
    assetsDir: TEMPLATE_ASSETS,
    allowedOrigins: [],
    allowedHosts: [],
    sessionMaxAgeMs: 60_000,
    maxBodyBytes: 1024 * 1024,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/mcp`, calls, close: () => app.close(500) };
}
