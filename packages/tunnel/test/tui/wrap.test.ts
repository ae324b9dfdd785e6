import { expect, test } from 'vitest';
import { textWidth, wrap } from '../../src/tui/fit.ts';

// Log lines and Remote URLs wrap instead of being cut (issue 15 item 5): nothing may be lost.

const HINT =
  "nothing is listening at 127.0.0.1:8080 on the tunnel client's machine: start it with npm run dev, or point the tunnel elsewhere with ssh … -- --to <port>";

test.each([10, 17, 40, 66])('at width %i every line fits and no word is lost', (width) => {
  const lines = wrap(HINT, width);
  for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(width);
  const bare = (text: string): string => text.replace(/\s+/g, '');
  expect(bare(lines.join(''))).toBe(bare(HINT));
});

test('a URL longer than the line is broken inside, nothing cut', () => {
  const url = 'http://mcp.brave-otter-123.localhost:8787';
  const lines = wrap(url, 16);
  expect(lines.join('')).toBe(url);
  expect(lines.every((line) => textWidth(line) <= 16)).toBe(true);
});

test('wide characters count two cells', () => {
  expect(wrap('日本語テキスト', 6)).toEqual(['日本語', 'テキス', 'ト']);
});
