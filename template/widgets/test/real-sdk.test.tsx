import { InMemoryTransport } from '@modelcontextprotocol/client';
import { App } from '@modelcontextprotocol/ext-apps';
import { AppBridge } from '@modelcontextprotocol/ext-apps/app-bridge';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Echo } from '../src/echo/Echo.tsx';
import { McpAppProvider } from '../src/mcp/McpAppProvider.tsx';

// The echo widget with the real ext-apps `App`, talking JSON-RPC to a real `AppBridge` (the host
// side of the SDK) over an in-memory transport: checks the wire, not just our mock.
async function connectToBridge() {
  const [viewSide, hostSide] = InMemoryTransport.createLinkedPair();
  const bridge = new AppBridge(
    null,
    { name: 'TestHost', version: '0.0.1' },
    { openLinks: {}, serverTools: {}, message: { text: {} }, updateModelContext: { text: {} } },
    {
      hostContext: {
        theme: 'dark',
        displayMode: 'inline',
        availableDisplayModes: ['inline', 'fullscreen'],
        locale: 'en-US',
        timeZone: 'UTC',
      },
    },
  );
  const seen: { method: string; params: unknown }[] = [];
  bridge.onmessage = (params) => (seen.push({ method: 'ui/message', params }), Promise.resolve({}));
  bridge.onopenlink = (params) => (
    seen.push({ method: 'ui/open-link', params }),
    Promise.resolve({})
  );
  bridge.onupdatemodelcontext = (params) => (
    seen.push({ method: 'ui/update-model-context', params }),
    Promise.resolve({})
  );
  // A host that keeps the widget inline whatever it asks for.
  bridge.onrequestdisplaymode = (params) => (
    seen.push({ method: 'ui/request-display-mode', params }),
    Promise.resolve({ mode: 'inline' })
  );
  bridge.oncalltool = (params) => {
    seen.push({ method: 'tools/call', params: { name: params.name, arguments: params.arguments } });
    const message = String(params.arguments?.['message']);
    return Promise.resolve({
      content: [{ type: 'text', text: message }],
      structuredContent: { echoedMessage: `${message}!`, timestamp: '2026-05-06T07:08:09.000Z' },
    });
  };
  const initialized = new Promise<void>((resolve) => (bridge.oninitialized = () => resolve()));
  await bridge.connect(hostSide);

  const app = new App(
    { name: 'echo-widget', version: '0.0.1' },
    { availableDisplayModes: ['inline', 'pip', 'fullscreen'] },
    { autoResize: false },
  );
  render(
    <McpAppProvider app={app} transport={viewSide}>
      <Echo />
    </McpAppProvider>,
  );
  await act(() => initialized);
  return { bridge, seen };
}

describe('echo widget with the real ext-apps SDK', () => {
  it('renders what the host sends and sends what the spec expects', async () => {
    const { bridge, seen } = await connectToBridge();
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('dark'));

    await act(() => bridge.sendToolInput({ arguments: { message: 'hi there' } }));
    await screen.findByText('hi there');
    await act(() =>
      bridge.sendToolResult({
        content: [{ type: 'text', text: 'hi there' }],
        structuredContent: { echoedMessage: 'hi there', timestamp: '2026-01-02T03:04:05.000Z' },
      }),
    );
    await screen.findByText('Jan 2, 2026, 3:04:05 AM');

    await act(() => bridge.sendHostContextChange({ theme: 'light' }));
    await waitFor(() => expect(document.documentElement.dataset['theme']).toBe('light'));

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Send to chat' }));
    await user.click(screen.getByRole('button', { name: /^Open docs/ }));
    await user.click(screen.getByRole('button', { name: 'Share with model' }));
    await user.click(screen.getByRole('button', { name: 'Fullscreen' }));
    await user.click(screen.getByRole('button', { name: 'Echo again' }));
    await screen.findByText('hi there!');

    expect(seen).toEqual([
      {
        method: 'ui/message',
        params: { role: 'user', content: [{ type: 'text', text: 'hi there' }] },
      },
      {
        method: 'ui/open-link',
        params: { url: 'https://modelcontextprotocol.io/extensions/apps' },
      },
      {
        method: 'ui/update-model-context',
        params: {
          content: [
            {
              type: 'text',
              text: 'The echo widget is showing the message "hi there" (echoed at 2026-01-02T03:04:05.000Z).',
            },
          ],
        },
      },
      { method: 'ui/request-display-mode', params: { mode: 'fullscreen' } },
      { method: 'tools/call', params: { name: 'echo', arguments: { message: 'hi there' } } },
    ]);
    // The host answered "inline": the widget shows that, not what it asked for.
    expect(screen.getByRole('button', { name: 'Inline' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await bridge.close();
  });
});
