import { act, render } from '@testing-library/react';
import { Echo } from '../src/echo/Echo.tsx';
import { McpAppProvider } from '../src/mcp/McpAppProvider.tsx';
import { createMockApp, type MockApp, type MockAppOptions } from '../src/testing/mock-app.ts';
import type { ToolResult } from '../src/mcp/types.ts';

/** Renders the echo widget against a mock host and waits for the `connect()` handshake. */
export async function renderEcho(options: MockAppOptions = {}): Promise<MockApp> {
  const app = createMockApp({
    ...options,
    hostContext: { locale: 'en-US', timeZone: 'UTC', ...options.hostContext },
  });
  // An async act() scope, so the connect() promise settles inside it.
  await act(() => {
    render(
      <McpAppProvider app={app}>
        <Echo />
      </McpAppProvider>,
    );
    return Promise.resolve();
  });
  return app;
}

export function echoResult(
  echoedMessage: string,
  timestamp = '2026-01-02T03:04:05.000Z',
): ToolResult {
  return {
    content: [{ type: 'text', text: echoedMessage }],
    structuredContent: { echoedMessage, timestamp },
  };
}
