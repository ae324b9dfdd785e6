import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/run.ts';
import { createTestCa, type TestCa } from '@gatehouse/testing';
import {
  GOOD_TOKEN,
  startStandIn,
  type Breakage,
  type StandIn,
} from './support/stand-in-deployment.ts';

const HOST = 'app.localhost';

interface Outcome {
  code: number;
  out: string;
  err: string;
}
interface JsonCheck {
  id: string;
  status: string;
  message: string;
  fix: string | null;
}

async function doctor(args: string[]): Promise<Outcome> {
  let out = '';
  let err = '';
  const code = await run(
    ['doctor', ...args],
    {
      out: (t) => (out += t),
      err: (t) => (err += t),
      readStdin: () => Promise.resolve(''),
      cwd: process.cwd(),
    },
    { onStop: () => undefined },
  );
  return { code, out, err };
}

const checks = (out: string): Map<string, JsonCheck> =>
  new Map((JSON.parse(out) as { checks: JsonCheck[] }).checks.map((c) => [c.id, c]));

let ca: TestCa;
const running: StandIn[] = [];
beforeAll(() => {
  ca = createTestCa();
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  ca.close();
});

async function standIn(
  breakage: Breakage = {},
  names: readonly string[] = [HOST],
  days = 60,
): Promise<StandIn> {
  const server = await startStandIn(ca.issue(names, days), HOST, breakage);
  running.push(server);
  return server;
}

const common = (s: StandIn) => [
  '--ca-file',
  ca.certFile,
  '--resolve',
  `${HOST}:${String(s.port)}:127.0.0.1`,
  '--json',
];

describe('gatehouse doctor against a correct stand-in deployment', { timeout: 60_000 }, () => {
  it('passes every check with a token, exit 0, in the stable JSON shape', async () => {
    const s = await standIn();
    const result = await doctor([s.mcpUrl, ...common(s), '--token', GOOD_TOKEN]);
    const report = JSON.parse(result.out) as { url: string; ok: boolean; checks: JsonCheck[] };
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report).toMatchObject({ url: s.mcpUrl, ok: true });
    expect(report.checks.map((c) => c.id)).toEqual([
      'tls',
      'challenge',
      'prm-path',
      'prm-root',
      'as-metadata',
      'as-pkce',
      'as-iss',
      'as-cimd',
      'as-auth-methods',
      'token-errors',
      'client-chatgpt',
      'client-claude',
      'cors',
      'sse',
      'tools-list',
      'ui-extension',
      'ui-resource',
      'ui-csp',
    ]);
    for (const c of report.checks)
      expect(Object.keys(c)).toEqual(['id', 'status', 'message', 'fix']);
    expect(result.code).toBe(0);
    expect(result.out).not.toContain(GOOD_TOKEN);
  });

  it('skips the token checks with a note when no token is given, and still exits 0', async () => {
    const s = await standIn();
    const result = await doctor([s.mcpUrl, ...common(s)]);
    const sse = checks(result.out).get('sse');
    expect(sse).toMatchObject({ status: 'skip' });
    expect(sse?.message).toMatch(/GATEHOUSE_DOCTOR_TOKEN/);
    expect(result.code).toBe(0);
  });

  it('prints one line per check with ✓, readable at 80 columns, and a summary', async () => {
    const s = await standIn({ noPrm: true });
    const args = common(s).filter((a) => a !== '--json');
    const result = await doctor([s.mcpUrl, ...args]);
    const lines = result.out.split('\n');
    expect(lines.every((l) => [...l].length <= 80)).toBe(true);
    expect(result.out).toMatch(/^✓ tls /m);
    expect(result.out).toMatch(/^✗ prm-path /m);
    expect(result.out).toMatch(/fix: serve protected-resource metadata/);
    expect(result.out).toMatch(/Not ready: ChatGPT and Claude will fail/);
    expect(result.code).toBe(1);
  });
});

describe('gatehouse doctor and 2025-era servers', { timeout: 60_000 }, () => {
  it('measures the GET event stream when subscriptions/listen is not served', async () => {
    const s = await standIn({ legacyStreamOnly: true });
    const result = await doctor([s.mcpUrl, ...common(s), '--token', GOOD_TOKEN]);
    const sse = checks(result.out).get('sse');
    expect(sse).toMatchObject({ status: 'pass' });
    expect(sse?.message).toContain('GET event stream arrived while it stayed open');
    expect(result.code).toBe(0);
  });
});

describe('gatehouse doctor names each broken deployment precisely', { timeout: 60_000 }, () => {
  it('no protected-resource metadata: prm-path fails with the 404 and the fix; AS checks are skipped', async () => {
    const s = await standIn({ noPrm: true });
    const result = await doctor([s.mcpUrl, ...common(s)]);
    const c = checks(result.out);
    expect(c.get('challenge')?.status).toBe('pass');
    expect(c.get('prm-path')).toMatchObject({ status: 'fail' });
    expect(c.get('prm-path')?.message).toContain(
      '/.well-known/oauth-protected-resource/mcp answered 404',
    );
    expect(c.get('prm-path')?.fix).toContain(`"resource": "${s.mcpUrl}"`);
    expect(c.get('as-metadata')?.status).toBe('skip');
    expect(result.code).toBe(1);
  });

  it('wrong resource: prm-path fails naming the value served and the MCP URL expected', async () => {
    const s = await standIn({ wrongResource: true });
    const result = await doctor([s.mcpUrl, ...common(s)]);
    const prm = checks(result.out).get('prm-path');
    expect(prm?.status).toBe('fail');
    expect(prm?.message).toBe(
      `"resource" is "${new URL(s.mcpUrl).origin}/", not the MCP URL ${s.mcpUrl}`,
    );
    expect(prm?.fix).toContain('RFC 9728 §3.3');
    expect(result.code).toBe(1);
  });

  it('HTML error bodies from the token endpoint: token-errors fails', async () => {
    const s = await standIn({ htmlTokenErrors: true });
    const result = await doctor([s.mcpUrl, ...common(s)]);
    const c = checks(result.out).get('token-errors');
    expect(c?.status).toBe('fail');
    expect(c?.message).toContain('text/html, not a JSON {"error": …} body');
    expect(result.code).toBe(1);
  });

  it('wrong UI resource MIME type: ui-resource fails naming the type served', async () => {
    const s = await standIn({ uiMime: 'text/html' });
    const result = await doctor([s.mcpUrl, ...common(s), '--token', GOOD_TOKEN]);
    const c = checks(result.out).get('ui-resource');
    expect(c?.status).toBe('fail');
    expect(c?.message).toContain('has MIME type text/html, not text/html;profile=mcp-app');
    expect(result.code).toBe(1);
  });

  it('untrusted certificate: tls fails, the other checks still report, the token is never sent', async () => {
    const s = await standIn();
    const result = await doctor([
      s.mcpUrl,
      '--resolve',
      `${HOST}:${String(s.port)}:127.0.0.1`,
      '--json',
      '--token',
      GOOD_TOKEN,
    ]);
    const c = checks(result.out);
    expect(c.get('tls')?.status).toBe('fail');
    expect(c.get('tls')?.message).toMatch(/does not verify \(.+\): no trusted CA issued it/);
    expect(c.get('prm-path')?.status).toBe('pass');
    expect(c.get('tools-list')).toMatchObject({ status: 'skip' });
    expect(s.authorizations).toEqual([]);
    expect(result.code).toBe(1);
  });

  it('certificate for another name: tls fails naming both names', async () => {
    const s = await standIn({}, ['other.example']);
    const result = await doctor([s.mcpUrl, ...common(s)]);
    const tls = checks(result.out).get('tls');
    expect(tls?.status).toBe('fail');
    expect(tls?.message).toBe(`the certificate is for other.example, not ${HOST}`);
    expect(result.code).toBe(1);
  });

  it('a certificate about to expire is a warning, not a failure', async () => {
    const s = await standIn({}, [HOST], 3);
    const result = await doctor([s.mcpUrl, ...common(s)]);
    const tls = checks(result.out).get('tls');
    expect(tls?.status).toBe('warn');
    expect(tls?.message).toMatch(/only \d days left/);
    expect(result.code).toBe(0);
  });

  it('an unreachable host is one clear failure, not a stack trace', async () => {
    const s = await standIn();
    const port = s.port;
    await s.close();
    const result = await doctor([
      `https://${HOST}:${String(port)}/mcp`,
      '--resolve',
      `${HOST}:${String(port)}:127.0.0.1`,
    ]);
    expect(result.out).toMatch(/^✗ reach +app\.localhost:\d+ refused the connection/m);
    expect(result.out.split('\n').filter((l) => /^[✓✗!-] /.test(l))).toHaveLength(1);
    expect(result.out + result.err).not.toMatch(/\bat .+\.ts:\d+/);
    expect(result.code).toBe(1);
  });
});

describe('gatehouse doctor usage', { timeout: 60_000 }, () => {
  it('refuses an http URL with exit 64 and says why', async () => {
    const result = await doctor(['http://example.com/mcp']);
    expect(result.code).toBe(64);
    expect(result.err).toContain('is not https: ChatGPT and Claude only connect to https MCP URLs');
  });

  it('refuses a malformed --resolve naming the expected form', async () => {
    const result = await doctor(['https://example.com/mcp', '--resolve', 'example.com']);
    expect(result.code).toBe(64);
    expect(result.err).toContain('expected host:port:address');
  });
});
