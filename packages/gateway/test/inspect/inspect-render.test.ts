import type { McpExchange } from '@gatehouse/core';
import { describe, expect, it } from 'vitest';
import { curlFor, harOf, lineDiff, shellQuote } from '../../src/pages/inspect/index.ts';
import { MemoryTrafficInspector } from '@gatehouse/testing';

function sample(fields: Partial<McpExchange> = {}): McpExchange {
  return new MemoryTrafficInspector().add({ ownerAccountId: 'acc', ...fields });
}

describe('copy as curl', () => {
  it('never carries the recorded Authorization or cookies, only the placeholder token', () => {
    const x = sample({
      requestHeaders: {
        host: 'mcp.brave-otter-123.localhost:8787',
        authorization: 'Bearer real-token-abc',
        cookie: '_gatehouse_session=secret',
        'content-type': 'application/json',
      },
    });
    const curl = curlFor(x, 'https:');
    expect(curl).toContain(`curl -X POST 'https://mcp.brave-otter-123.localhost:8787/mcp'`);
    expect(curl).toContain('-H "Authorization: Bearer $GATEHOUSE_TOKEN"');
    expect(curl).not.toContain('real-token-abc');
    expect(curl).not.toContain('_gatehouse_session');
  });

  it('quotes a body with single quotes and shell syntax so the shell expands nothing', () => {
    expect(shellQuote(`it's $(rm -rf ~) \`x\``)).toBe(`'it'\\''s $(rm -rf ~) \`x\`'`);
    const text = JSON.stringify({ params: { arguments: { q: "it's" } } });
    const curl = curlFor(
      sample({ request: { text, bytes: text.length, truncated: false } }),
      'http:',
    );
    expect(curl).toContain(`--data-raw '{"params":{"arguments":{"q":"it'\\''s"}}}'`);
  });

  it('an odd Host header does not become the URL', () => {
    const curl = curlFor(sample({ requestHeaders: { host: 'evil.example/ x' } }), 'http:');
    expect(curl).toContain(`'https://ROUTE-HOST/mcp'`);
  });
});

describe('HAR export', () => {
  it('is HAR 1.2 with the captured (masked) headers and bodies', () => {
    const x = sample();
    const har = harOf([x], 'http:') as {
      log: {
        version: string;
        entries: { request: { url: string; postData?: { text: string } } }[];
      };
    };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries[0]?.request.url).toBe('http://mcp.brave-otter-123.localhost:8787/mcp');
    expect(har.log.entries[0]?.request.postData?.text).toBe(x.request?.text);
  });
});

describe('the replay diff', () => {
  it('marks removed and added lines and keeps the rest', () => {
    expect(lineDiff('a\nb\nc', 'a\nx\nc')).toEqual([
      { op: ' ', text: 'a' },
      { op: '-', text: 'b' },
      { op: '+', text: 'x' },
      { op: ' ', text: 'c' },
    ]);
    expect(lineDiff('same', 'same').every((d) => d.op === ' ')).toBe(true);
  });
});
