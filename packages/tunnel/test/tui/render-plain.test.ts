import { expect, test } from 'vitest';
import { renderPlain } from '../../src/tui/index.ts';
import { REMOTE_URL, sampleView } from './helpers/sample-view.ts';

test('renderPlain prints a forward as ACTIVE  <Remote URL>  →  <local address>', () => {
  const lines = renderPlain(sampleView(Date.now())).split('\n');
  expect(lines[1]).toBe(`ACTIVE  ${REMOTE_URL}  →  localhost:8080`);
});

test('renderPlain prints one aligned line per forward with its status, Remote URL and local address', () => {
  const base = sampleView(Date.now());
  const first = base.forwards[0];
  if (first === undefined) throw new Error('sample view has a forward');
  const view = {
    ...base,
    forwards: [
      first,
      {
        ...first,
        route: 'echo',
        status: '--' as const,
        remoteUrl: 'http://echo.brave-otter-123.localhost:8787',
        localAddress: 'localhost:3000',
        warning: 'the client dials its own -R target',
      },
    ],
  };
  const lines = renderPlain(view).split('\n');
  expect(lines[0]).toContain('alice@example.com');
  expect(lines[0]).toContain('9cc1564b-4a40-4b71-b944-a0d290b84077');
  expect(lines[1]).toBe('ACTIVE  http://mcp.brave-otter-123.localhost:8787   →  localhost:8080');
  expect(lines[2]).toBe('--      http://echo.brave-otter-123.localhost:8787  →  localhost:3000');
  expect(lines[3]).toContain('warning: the client dials its own -R target');
  expect(lines.at(-1)).toBe('');
});

test('renderPlain says how to get a URL when there is no forward, and strips control characters', () => {
  const view = { ...sampleView(Date.now()), forwards: [], email: 'a\x1b[2Jb@example.com' };
  const text = renderPlain(view);
  expect(text).toContain('No port forwards. Add -R 0');
  expect(text).not.toContain('\x1b');
});
