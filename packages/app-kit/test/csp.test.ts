import { describe, expect, it } from 'vitest';
import type { UiCspInput } from '../src/index.ts';
import { buildCsp, mergeCsp } from '../src/index.ts';
import { caughtSync } from './support/errors.ts';

describe('buildCsp', () => {
  it('keeps exact origins and omits empty keys', () => {
    expect(
      buildCsp({
        resourceDomains: ['https://cdn.example.com'],
        connectDomains: [
          'https://api.example.com',
          'wss://live.example.com',
          'http://localhost:4444',
        ],
        frameDomains: [],
      }),
    ).toEqual({
      resourceDomains: ['https://cdn.example.com'],
      connectDomains: [
        'https://api.example.com',
        'wss://live.example.com',
        'http://localhost:4444',
      ],
    });
    expect(buildCsp({})).toEqual({});
  });

  it('normalizes case, default ports, a trailing slash and international hosts', () => {
    expect(
      buildCsp({
        resourceDomains: [
          'HTTPS://CDN.Example.COM:443/',
          'http://example.com:80',
          'https://bücher.de',
        ],
        connectDomains: ['wss://live.example.com:443', 'ws://127.0.0.1:5173', 'http://[::1]:4444/'],
        frameDomains: ['https://www.youtube.com:8443'],
        baseUriDomains: ['https://example.com/'],
      }),
    ).toEqual({
      resourceDomains: [
        'https://cdn.example.com',
        'http://example.com',
        'https://xn--bcher-kva.de',
      ],
      connectDomains: ['wss://live.example.com', 'ws://127.0.0.1:5173', 'http://[::1]:4444'],
      frameDomains: ['https://www.youtube.com:8443'],
      baseUriDomains: ['https://example.com'],
    });
  });

  it('drops duplicates after normalizing and keeps first-seen order', () => {
    expect(
      buildCsp({
        connectDomains: [
          'https://b.example.com',
          'https://a.example.com',
          'https://B.example.com:443/',
          'https://a.example.com',
        ],
      }),
    ).toEqual({ connectDomains: ['https://b.example.com', 'https://a.example.com'] });
  });

  it('names the key, the index, the value and the problem', () => {
    const error = caughtSync(() =>
      buildCsp({ connectDomains: ['https://api.example.com', 'https://*.example.com'] }),
    );
    expect(error.code).toBe('ERR_APP_KIT_CSP_INVALID');
    expect(error.message).toBe(
      'connectDomains[1]: "https://*.example.com" — wildcards are not allowed; list every origin explicitly',
    );
  });

  const rejected: [key: keyof UiCspInput, value: string, problem: string][] = [
    ['resourceDomains', '*', 'wildcards are not allowed'],
    ['resourceDomains', 'https://cdn.example.*', 'wildcards are not allowed'],
    ['connectDomains', 'https://api.example.com/v1', 'without a path'],
    ['connectDomains', 'https://api.example.com//', 'without a path'],
    ['connectDomains', 'https://api.example.com\\v1', 'without a path'],
    ['connectDomains', 'https://api.example.com?x=1', 'query'],
    ['connectDomains', 'https://api.example.com/?x=1', 'query'],
    ['connectDomains', 'https://api.example.com#top', 'fragment'],
    ['connectDomains', 'https://user:pw@api.example.com', 'user name or password'],
    ['connectDomains', 'https://@api.example.com', 'user name or password'],
    ['resourceDomains', 'javascript:alert(1)', 'scheme "javascript:" is not allowed'],
    ['resourceDomains', 'data:text/html,hi', 'scheme "data:" is not allowed'],
    ['resourceDomains', 'ftp://files.example.com', 'scheme "ftp:" is not allowed'],
    ['resourceDomains', 'blob:https://example.com/x', 'scheme "blob:" is not allowed'],
    ['resourceDomains', 'example.com', 'has no scheme'],
    ['resourceDomains', 'localhost:4444', 'has no scheme'],
    ['resourceDomains', '//example.com', 'has no scheme'],
    ['resourceDomains', 'https:example.com', 'must start with "https://"'],
    ['resourceDomains', 'https://', 'has no host'],
    ['resourceDomains', 'https:///example.com', 'has no host'],
    ['resourceDomains', '', 'is empty'],
    ['resourceDomains', ' https://example.com', 'whitespace'],
    ['resourceDomains', 'https://exa mple.com', 'whitespace'],
    ['resourceDomains', 'https://example.com\n', 'whitespace'],
    ['resourceDomains', 'wss://live.example.com', 'only allowed in connectDomains'],
    ['frameDomains', 'ws://localhost:4444', 'only allowed in connectDomains'],
    ['connectDomains', "https://a.com;script-src 'unsafe-eval'", 'whitespace'],
    ['connectDomains', 'https://a.com;b.com', 'contains characters a CSP source cannot contain'],
    [
      'connectDomains',
      'https://a_b.example.com',
      'contains characters a CSP source cannot contain',
    ],
    ['connectDomains', 'https://a%2ecom', 'percent-encoded'],
    ['connectDomains', 'https://example.com:99999', 'not a valid origin'],
  ];
  it.each(rejected)('%s: rejects %j (%s)', (key, value, problem) => {
    const error = caughtSync(() => buildCsp({ [key]: ['https://ok.example.com', value] }));
    expect(error.code).toBe('ERR_APP_KIT_CSP_INVALID');
    expect(error.message).toContain(`${key}[1]: ${JSON.stringify(value)} — `);
    expect(error.message).toContain(problem);
  });

  it('rejects unknown keys, non-lists and non-strings (input from JavaScript or JSON)', () => {
    const unknownKey = caughtSync(() => buildCsp(JSON.parse('{"scriptDomains":[]}') as UiCspInput));
    expect(unknownKey.code).toBe('ERR_APP_KIT_CSP_INVALID');
    expect(unknownKey.message).toContain('scriptDomains');
    expect(unknownKey.message).toContain('unknown key');

    const notList = caughtSync(() =>
      buildCsp(JSON.parse('{"connectDomains":"https://a.com"}') as UiCspInput),
    );
    expect(notList.message).toContain('connectDomains — must be a list of origins');

    const notString = caughtSync(() => buildCsp(JSON.parse('{"frameDomains":[42]}') as UiCspInput));
    expect(notString.message).toContain('frameDomains[0]: 42 — must be a string');
  });
});

describe('mergeCsp', () => {
  it('returns the union of all parts, without duplicates, in order', () => {
    expect(
      mergeCsp(
        {
          connectDomains: ['https://api.example.com'],
          resourceDomains: ['https://cdn.example.com'],
        },
        {},
        {
          connectDomains: ['http://localhost:4444', 'HTTPS://api.example.com'],
          frameDomains: ['https://player.example.com'],
        },
      ),
    ).toEqual({
      resourceDomains: ['https://cdn.example.com'],
      connectDomains: ['https://api.example.com', 'http://localhost:4444'],
      frameDomains: ['https://player.example.com'],
    });
    expect(mergeCsp()).toEqual({});
  });

  it('validates every part and says which one is wrong', () => {
    const error = caughtSync(() =>
      mergeCsp(
        { connectDomains: ['https://api.example.com'] },
        { frameDomains: ['https://x.com/embed'] },
      ),
    );
    expect(error.code).toBe('ERR_APP_KIT_CSP_INVALID');
    expect(error.message).toContain('parts[1].frameDomains[0]: "https://x.com/embed" — ');
  });
});
