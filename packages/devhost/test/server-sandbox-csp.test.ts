import { describe, expect, it } from 'vitest';
import { buildSandboxCsp, parseViewCsp, sanitizeCspEntry } from '../src/server/sandbox-csp.ts';

const HOST = 'http://localhost:5174';

describe('sanitizeCspEntry', () => {
  it.each([
    ['https://api.example.com', 'https://api.example.com'],
    ['HTTP://CDN.Example.com:8443', 'http://cdn.example.com:8443'],
    ['http://127.0.0.1:4444', 'http://127.0.0.1:4444'],
    ['https://[::1]:8080', 'https://[::1]:8080'],
  ])('keeps the exact origin %s', (entry, origin) => {
    expect(sanitizeCspEntry(entry, false)).toEqual({ origin });
  });

  it('keeps ws(s) origins only where WebSockets are allowed', () => {
    expect(sanitizeCspEntry('wss://live.example.com', true)).toEqual({
      origin: 'wss://live.example.com',
    });
    expect(sanitizeCspEntry('wss://live.example.com', false)).toHaveProperty('problem');
  });

  it.each([
    'https://a.example.com; script-src *',
    'https://a.example.com,https://b.example.com',
    "'unsafe-eval'",
    '"https://a.example.com"',
    'https://a.example.com https://b.example.com',
    'https://a.example.com\r\nX-Injected: 1',
    'https://a.example.com\n',
    '*',
    'https://*.example.com',
    '*.example.com',
    'https:',
    'data:',
    'blob:',
    'javascript://x',
    'ftp://files.example.com',
    'example.com',
    'https://example.com/',
    'https://example.com/path',
    'https://user:pw@example.com',
    'https://example.com:99999',
    'https://example.com:0',
    'https://-bad-.example.com',
    '',
    42,
    null,
  ])('drops %j', (entry) => {
    expect(sanitizeCspEntry(entry, true)).toHaveProperty('problem');
  });
});

describe('parseViewCsp', () => {
  it('treats absent and {} as "no metadata"', () => {
    expect(parseViewCsp(undefined)).toEqual({ ok: true, csp: null, dropped: [] });
    expect(parseViewCsp({})).toEqual({ ok: true, csp: null, dropped: [] });
  });

  it('refuses a value that is not an object, or a known key that is not a list', () => {
    expect(parseViewCsp([])).toMatchObject({ ok: false });
    expect(parseViewCsp('https://a.example.com')).toMatchObject({ ok: false });
    expect(parseViewCsp({ connectDomains: 'https://a.example.com' })).toMatchObject({
      ok: false,
      problem: 'csp.connectDomains must be a list',
    });
  });

  it('reports every dropped entry and unknown key, and de-duplicates', () => {
    const result = parseViewCsp({
      connectDomains: ['https://api.example.com', 'https://API.example.com', '*'],
      resourceDomains: ['https://cdn.example.com', "'unsafe-eval'"],
      scriptDomains: ['https://evil.example.com'],
    });
    expect(result).toEqual({
      ok: true,
      csp: {
        connectDomains: ['https://api.example.com'],
        resourceDomains: ['https://cdn.example.com'],
        frameDomains: [],
        baseUriDomains: [],
      },
      dropped: [
        { key: 'scriptDomains', entry: ['https://evil.example.com'], reason: 'unknown key' },
        { key: 'resourceDomains', entry: "'unsafe-eval'", reason: expect.any(String) as string },
        { key: 'connectDomains', entry: '*', reason: expect.any(String) as string },
      ],
    });
  });
});

describe('buildSandboxCsp', () => {
  it('uses the restrictive default without metadata (spec §5.3 item 6)', () => {
    expect(buildSandboxCsp(null, HOST)).toBe(
      "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; media-src 'self' data:; connect-src 'none'; object-src 'none'; " +
        `frame-ancestors ${HOST}`,
    );
  });

  it('builds every directive from the declared domains', () => {
    const policy = buildSandboxCsp(
      {
        resourceDomains: ['https://cdn.example.com'],
        connectDomains: ['https://api.example.com', 'wss://live.example.com'],
        frameDomains: ['https://embed.example.com'],
        baseUriDomains: ['https://base.example.com'],
      },
      HOST,
    );
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      "script-src 'self' 'unsafe-inline' https://cdn.example.com",
      "style-src 'self' 'unsafe-inline' https://cdn.example.com",
      "connect-src 'self' https://api.example.com wss://live.example.com",
      "img-src 'self' data: https://cdn.example.com",
      "font-src 'self' https://cdn.example.com",
      "media-src 'self' data: https://cdn.example.com",
      'frame-src https://embed.example.com',
      "object-src 'none'",
      'base-uri https://base.example.com',
      `frame-ancestors ${HOST}`,
    ]);
  });

  it("falls back to frame-src 'none' and base-uri 'self' when those lists are empty", () => {
    const policy = buildSandboxCsp(
      { resourceDomains: [], connectDomains: [], frameDomains: [], baseUriDomains: [] },
      HOST,
    );
    expect(policy).toContain("frame-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).toContain("connect-src 'self';");
  });
});
