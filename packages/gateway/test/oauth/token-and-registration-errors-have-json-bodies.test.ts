import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '@gatehouse/testing/gateway';

// Claude treats any token-endpoint error without a JSON body carrying `error` as "Authorization
// with the MCP server failed" (research hosts-and-anchors §4; RFC 6749 §5.2, RFC 7591 §3.2.2).
// Every refusal is checked through the real gateway edge, including those answered before
// oidc-provider runs (body limits, content types, the registration rate limit).

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway(`
routes:
  - from: http://mcp.localhost:{{port}}
    to: http://127.0.0.1:9
    mcp: { server: {} }
`);
});
afterAll(async () => {
  await gw.close();
});

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

/** One raw request to the auth host; `body` as chunks sends it chunked (no Content-Length). */
function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | readonly string[],
  clientIp?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: gw.port,
        method,
        path,
        headers: { host: `auth.localhost:${gw.port}`, ...headers },
        ...(clientIp === undefined ? {} : { localAddress: clientIp }),
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers['content-type'] ?? '',
            body: text,
          }),
        );
      },
    );
    req.on('error', reject);
    if (Array.isArray(body)) for (const chunk of body) req.write(chunk);
    else if (typeof body === 'string') req.write(body);
    req.end();
  });
}

function expectJsonError(answer: Answer, status?: number): string {
  if (status !== undefined) expect(answer.status, answer.body).toBe(status);
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.type, answer.body).toMatch(/^application\/json/);
  const json = JSON.parse(answer.body) as Record<string, unknown>;
  expect(typeof json['error'], answer.body).toBe('string');
  return json['error'] as string;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_TYPE = { 'content-type': 'application/json' };
const big = (size: number) => `grant_type=authorization_code&code=${'a'.repeat(size)}`;

describe('token endpoint errors', () => {
  it.each<[string, string, Record<string, string>, string | string[] | undefined, number?]>([
    ['a body over the limit (Content-Length)', 'POST', FORM, big(70 * 1024), 413],
    ['a body over the limit (chunked)', 'POST', FORM, [big(40 * 1024), big(40 * 1024)], 413],
    ['a JSON body instead of a form', 'POST', JSON_TYPE, '{"grant_type":"authorization_code"}'],
    ['a text/plain body', 'POST', { 'content-type': 'text/plain' }, 'grant_type=x'],
    ['no content type and no body', 'POST', {}, undefined],
    ['an unsupported grant_type', 'POST', FORM, 'grant_type=password&client_id=x'],
    // 401 invalid_client is what tells Claude to register again.
    [
      'an unknown client',
      'POST',
      FORM,
      'grant_type=authorization_code&client_id=nobody&code=x',
      401,
    ],
    [
      'a resource that is no MCP server',
      'POST',
      FORM,
      'grant_type=refresh_token&resource=https://evil.example/mcp',
    ],
    ['a malformed form', 'POST', FORM, '%%%&&&=='],
    ['GET instead of POST', 'GET', {}, undefined],
  ])('%s', async (_name, method, headers, body, status) => {
    expectJsonError(await send(method, '/oauth/token', headers, body), status);
  });
});

describe('registration endpoint errors', () => {
  it.each<[string, string, Record<string, string>, string | string[] | undefined, number?]>([
    [
      'a body over the limit (Content-Length)',
      'POST',
      JSON_TYPE,
      `{"x":"${'a'.repeat(20_000)}"}`,
      413,
    ],
    [
      'a body over the limit (chunked)',
      'POST',
      JSON_TYPE,
      ['{"x":"', 'a'.repeat(20_000), '"}'],
      413,
    ],
    ['a form instead of JSON', 'POST', FORM, 'redirect_uris=https://app.example/cb'],
    ['invalid JSON', 'POST', JSON_TYPE, '{"redirect_uris": ['],
    ['a JSON array', 'POST', JSON_TYPE, '[]'],
    ['no redirect_uris', 'POST', JSON_TYPE, '{"client_name":"x"}'],
    [
      'a redirect URI with user information',
      'POST',
      JSON_TYPE,
      '{"redirect_uris":["https://a.example@evil.example/cb"]}',
      400,
    ],
    ['GET instead of POST', 'GET', {}, undefined],
  ])('%s', async (_name, method, headers, body, status) => {
    expectJsonError(await send(method, '/oauth/register', headers, body), status);
  });

  it('the per-address rate limit (429 with Retry-After)', async () => {
    // Its own source address, so the other tests' registrations do not count.
    const ip = '127.0.0.7';
    const metadata = JSON.stringify({ redirect_uris: ['https://app.example/cb'] });
    let last: Answer | undefined;
    for (let i = 0; i < 25 && last?.status !== 429; i += 1) {
      last = await send('POST', '/oauth/register', JSON_TYPE, metadata, ip);
    }
    expect(expectJsonError(last as Answer, 429)).toBe('too_many_requests');
  });
});

describe('registration while dynamic client registration is off', () => {
  it('is a JSON 404 that points to client ID metadata documents', async () => {
    const off = await startTestGateway(`
oauth: { dynamic_client_registration: false }
routes:
  - from: http://mcp.localhost:{{port}}
    to: http://127.0.0.1:9
    mcp: { server: {} }
`);
    const saved = gw;
    gw = off;
    try {
      const answer = await send('POST', '/oauth/register', JSON_TYPE, '{"redirect_uris":[]}');
      expect(expectJsonError(answer, 404)).toBe('invalid_request');
      expect(answer.body).toContain('client ID metadata document');
    } finally {
      gw = saved;
      await off.close();
    }
  });
});
