import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DOCS_URL } from '../src/echo/EchoActions.tsx';
import { echoResult, renderEcho } from './render-echo.tsx';

const button = (name: string | RegExp) => screen.getByRole('button', { name });
const status = () => screen.getByRole('status').textContent;

async function renderWithResult(options: Parameters<typeof renderEcho>[0] = {}) {
  const app = await renderEcho(options);
  act(() => app.emitToolInput({ message: 'hello' }));
  act(() => app.emitToolResult(echoResult('hello', '2026-01-02T03:04:05.000Z')));
  return app;
}

describe('echo widget actions', () => {
  it('"Echo again" calls the echo tool and shows the new result', async () => {
    const app = await renderWithResult({
      tools: { echo: (args) => echoResult(String(args['message']), '2026-03-04T05:06:07.000Z') },
    });
    await userEvent.click(button('Echo again'));
    expect(app.calls.callServerTool).toEqual([{ name: 'echo', arguments: { message: 'hello' } }]);
    expect(
      screen
        .getByRole('region', { name: 'Echo result' })
        .querySelector('time')
        ?.getAttribute('datetime'),
    ).toBe('2026-03-04T05:06:07.000Z');
  });

  it('"Echo again" shows an error when the call fails', async () => {
    const app = await renderWithResult({ tools: {} });
    await userEvent.click(button('Echo again'));
    expect(app.calls.callServerTool).toHaveLength(1);
    expect(screen.getByRole('region', { name: 'Echo result' }).textContent).toContain(
      'Echo failed: Unknown tool: echo',
    );
  });

  it('"Open docs" asks the host to open the MCP Apps docs', async () => {
    const app = await renderWithResult();
    await userEvent.click(button(/^Open docs/));
    expect(app.calls.openLink).toEqual([{ url: DOCS_URL }]);
    expect(DOCS_URL).toBe('https://modelcontextprotocol.io/extensions/apps');
    expect(status()).toBe('Opened the MCP Apps docs.');
  });

  it('reports when the host declines to open the link', async () => {
    await renderWithResult({ openLink: { isError: true } });
    await userEvent.click(button(/^Open docs/));
    expect(status()).toBe('The host declined to open the link.');
  });

  it('"Send to chat" sends the message as the user', async () => {
    const app = await renderWithResult();
    await userEvent.click(button('Send to chat'));
    expect(app.calls.sendMessage).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'hello' }] },
    ]);
    expect(status()).toBe('Sent to the chat.');
  });

  it('"Share with model" updates the model context', async () => {
    const app = await renderWithResult();
    await userEvent.click(button('Share with model'));
    expect(app.calls.updateModelContext).toEqual([
      {
        content: [
          {
            type: 'text',
            text: 'The echo widget is showing the message "hello" (echoed at 2026-01-02T03:04:05.000Z).',
          },
        ],
      },
    ]);
    expect(status()).toBe('Shared with the model.');
  });

  it('activates a button with Tab and Enter', async () => {
    const app = await renderWithResult();
    const user = userEvent.setup();
    // Tab order: Echo again, Send to chat, Share with model, Open docs.
    await user.tab();
    expect(document.activeElement).toBe(button('Echo again'));
    await user.tab();
    expect(document.activeElement).toBe(button('Send to chat'));
    await user.keyboard('{Enter}');
    expect(app.calls.sendMessage).toHaveLength(1);
  });

  it('names every button', async () => {
    await renderWithResult({
      hostContext: { displayMode: 'inline', availableDisplayModes: ['inline', 'pip'] },
    });
    const names = screen
      .getAllByRole('button')
      .map((b) => b.getAttribute('aria-label') ?? b.textContent);
    expect(names).toEqual([
      'Inline',
      'Picture-in-picture (PiP)',
      'Echo again',
      'Send to chat',
      'Share with model',
      'Open docs: MCP Apps documentation',
    ]);
  });
});
