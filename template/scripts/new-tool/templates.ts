import type { ToolNames } from './names.ts';

/** The source files a new tool starts with: a server tool, its widget, and a test for each. */
export function toolFiles(n: ToolNames): Record<string, string> {
  return {
    [`server/src/tools/${n.id}.ts`]: `import { defineAppTool } from '@gatehouse/app-kit';
import { z } from 'zod';

/** What the ${n.id} widget receives in \`structuredContent\`. */
export interface ${n.pascal}Output {
  readonly input: string;
  readonly receivedAt: string;
}

export const ${n.camel}Tool = defineAppTool({
  name: '${n.id}',
  title: '${n.title}',
  description: 'Describe what ${n.id} does so the model knows when to call it.',
  widget: '${n.id}',
  annotations: { readOnlyHint: true, openWorldHint: false },
  inputSchema: z.object({
    input: z.string().trim().min(1, 'input must not be empty').max(1000).describe('What to work on'),
  }),
  handler: ({ input }) => {
    const output: ${n.pascal}Output = { input, receivedAt: new Date().toISOString() };
    return {
      // For the model (and for clients without widgets).
      content: [{ type: 'text', text: \`${n.title}: \${input}\` }],
      // For the widget only.
      structuredContent: { ...output },
    };
  },
});
`,
    [`server/test/tools/${n.id}.test.ts`]: `import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, UI_CAPABILITIES, type TestServer } from '../support/server.ts';

let server: TestServer;
let client: Client;
beforeAll(async () => {
  server = await startServer();
  client = new Client({ name: 'test', version: '1.0.0' }, { capabilities: UI_CAPABILITIES });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.mcpUrl)));
});
afterAll(async () => {
  await client.close();
  await server.close();
});

it('lists ${n.id} with its widget', async () => {
  const { tools } = await client.listTools();
  expect(tools.find((t) => t.name === '${n.id}')?._meta?.['ui']).toMatchObject({ resourceUri: 'ui://${n.id}' });
});

it('calls ${n.id}', async () => {
  const result = await client.callTool({ name: '${n.id}', arguments: { input: 'hello' } });
  expect(result.content).toEqual([{ type: 'text', text: '${n.title}: hello' }]);
  expect(result.structuredContent).toMatchObject({ input: 'hello' });
});

it('rejects empty input', async () => {
  const result = await client.callTool({ name: '${n.id}', arguments: { input: '' } });
  expect(result.isError).toBe(true);
});
`,
    [`widgets/src/widgets/${n.id}.tsx`]: `// Must stay the first import: it configures zod before the SDK loads it.
import '../zod-jitless.ts';
import { App } from '@modelcontextprotocol/ext-apps';
import { McpAppProvider } from '../mcp/McpAppProvider.tsx';
import { ${n.pascal} } from '../${n.id}/${n.pascal}.tsx';
import '../index.css';

// The build mounts the default export into <div id="${n.id}-root">.
const app: App =
  (import.meta.hot?.data as { app?: App } | undefined)?.app ??
  new App({ name: '${n.id}-widget', version: '0.1.0' }, {}, { autoResize: true });
if (import.meta.hot) (import.meta.hot.data as { app?: App }).app = app;

export default function ${n.pascal}Widget() {
  return (
    <McpAppProvider app={app}>
      <${n.pascal} />
    </McpAppProvider>
  );
}
`,
    [`widgets/src/${n.id}/${n.pascal}.tsx`]: `import { containerStyle } from '../mcp/container-style.ts';
import { useHostStyles } from '../mcp/use-host-styles.ts';
import { useMcpApp } from '../mcp/use-mcp-app.ts';

/** The ${n.id} widget: shows what the ${n.id} tool returned. */
export function ${n.pascal}() {
  const { hostContext, toolInput, toolResult } = useMcpApp();
  useHostStyles(hostContext);
  const output = toolResult?.structuredContent as { input?: unknown } | undefined;
  const input = typeof output?.input === 'string' ? output.input : undefined;
  const pending = typeof toolInput?.['input'] === 'string' ? toolInput['input'] : undefined;

  return (
    <main className="min-h-full bg-surface p-4 font-sans text-fg" style={containerStyle(hostContext)}>
      <h1 className="text-base font-semibold">${n.title}</h1>
      <p aria-live="polite" className="mt-1">
        {toolResult?.isError === true
          ? 'The tool reported an error.'
          : input !== undefined
            ? input
            : pending !== undefined
              ? \`Working on “\${pending}”…\`
              : 'Waiting for the ${n.id} tool…'}
      </p>
    </main>
  );
}
`,
    [`widgets/test/${n.id}.test.tsx`]: `import { act, render, screen } from '@testing-library/react';
import { expect, it } from 'vitest';
import { ${n.pascal} } from '../src/${n.id}/${n.pascal}.tsx';
import { McpAppProvider } from '../src/mcp/McpAppProvider.tsx';
import { createMockApp } from '../src/testing/mock-app.ts';

it('shows the tool result', async () => {
  const app = createMockApp();
  await act(() => {
    render(
      <McpAppProvider app={app}>
        <${n.pascal} />
      </McpAppProvider>,
    );
    return Promise.resolve();
  });
  expect(screen.getByText('Waiting for the ${n.id} tool…')).toBeDefined();
  act(() => app.emitToolInput({ input: 'hello' }));
  expect(screen.getByText('Working on “hello”…')).toBeDefined();
  act(() =>
    app.emitToolResult({
      content: [{ type: 'text', text: '${n.title}: hello' }],
      structuredContent: { input: 'hello', receivedAt: '2026-01-01T00:00:00.000Z' },
    }),
  );
  expect(screen.getByText('hello')).toBeDefined();
});
`,
  };
}
