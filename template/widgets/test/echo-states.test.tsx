import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { echoResult, renderEcho } from './render-echo.tsx';

const resultRegion = () => screen.getByRole('region', { name: 'Echo result' });

describe('echo widget states', () => {
  it('waits for the tool before any input or result', async () => {
    await renderEcho();
    expect(resultRegion().textContent).toContain('Waiting for the echo tool…');
    expect(screen.getByRole('button', { name: 'Echo again' }).hasAttribute('disabled')).toBe(true);
  });

  it('previews the tool input while the result is pending', async () => {
    const app = await renderEcho();
    act(() => app.emitToolInputPartial({ message: 'hel' }));
    expect(resultRegion().textContent).toContain('Echoing “hel”…');
    act(() => app.emitToolInput({ message: 'hello world' }));
    expect(resultRegion().textContent).toContain('Echoing “hello world”…');
  });

  it('shows the echoed message and a formatted timestamp after the tool result', async () => {
    const app = await renderEcho();
    act(() => app.emitToolInput({ message: 'hello world' }));
    act(() => app.emitToolResult(echoResult('hello world', '2026-01-02T03:04:05.000Z')));

    const region = resultRegion();
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(within(region).getByText('hello world').isConnected).toBe(true);
    const time = region.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe('2026-01-02T03:04:05.000Z');
    // Host locale en-US, time zone UTC (set by renderEcho).
    expect(time?.textContent).toContain('Jan 2, 2026, 3:04:05 AM');
    expect(region.textContent).not.toContain('Echoing');
  });

  it('formats the timestamp in the host time zone', async () => {
    const app = await renderEcho({ hostContext: { timeZone: 'Asia/Tokyo' } });
    act(() => app.emitToolResult(echoResult('hi', '2026-01-02T03:04:05.000Z')));
    expect(resultRegion().querySelector('time')?.textContent).toContain('Jan 2, 2026, 12:04:05 PM');
  });

  it('shows an error state when the result is an error', async () => {
    const app = await renderEcho();
    act(() => app.emitToolInput({ message: 'boom' }));
    act(() =>
      app.emitToolResult({ isError: true, content: [{ type: 'text', text: 'Message too long' }] }),
    );
    expect(resultRegion().textContent).toContain('Error');
    expect(resultRegion().textContent).toContain('Message too long');
    expect(resultRegion().querySelector('time')).toBeNull();
    // The input is still known, so the user can retry.
    expect(screen.getByRole('button', { name: 'Echo again' }).hasAttribute('disabled')).toBe(false);
  });

  it('treats a result without the expected structured content as an error', async () => {
    const app = await renderEcho();
    act(() => app.emitToolResult({ content: [], structuredContent: { echoedMessage: 42 } }));
    expect(resultRegion().textContent).toContain('does not understand');
  });

  it('says so when the tool call was cancelled', async () => {
    const app = await renderEcho();
    act(() => app.emitToolInput({ message: 'hi' }));
    act(() => app.emitToolCancelled('user action'));
    expect(resultRegion().textContent).toContain('The echo was cancelled: user action');
  });

  it('reports a failed handshake', async () => {
    await renderEcho({ connectError: new Error('no host') });
    expect(resultRegion().textContent).toContain('Could not connect to the host: no host');
  });
});
