import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '@gatehouse/testing/gateway';
import {
  createTestCa,
  runProcess,
  type ProcessResult,
  type RunningHttps,
  type TestCa,
} from '@gatehouse/testing';
import {
  startBufferingProxy,
  startHostDocuments,
  startTlsGateway,
  TlsBrowser,
  tlsFetch,
  type HostDocuments,
  type TlsGateway,
} from './support/doctor-deployment.ts';
import { connectWithOAuth, MemoryOAuthProvider } from './support/mcp-oauth.ts';
import { startTemplate, type Running } from './support/servers.ts';

const MAIN = fileURLToPath(new URL('../packages/cli/src/main.ts', import.meta.url));
const EMAIL = 'ada@example.com';

interface JsonCheck {
  id: string;
  status: string;
  message: string;
  fix: string | null;
}

/** `gatehouse doctor` as a user runs it: a child process; the token only in its environment. */
function doctor(args: string[], token?: string): Promise<ProcessResult> {
  return runProcess(process.execPath, [MAIN, 'doctor', ...args], {
    env: { ...process.env, ...(token === undefined ? {} : { GATEHOUSE_DOCTOR_TOKEN: token }) },
  });
}

let ca: TestCa;
let template: Running;
let docs: HostDocuments;
let gw: TlsGateway;
let token: string;

beforeAll(async () => {
  ca = createTestCa();
  template = await startTemplate();
  docs = await startHostDocuments(ca);
  gw = await startTlsGateway(ca, new URL(template.url).origin, EMAIL);
  const provider = new MemoryOAuthProvider();
  const { client } = await connectWithOAuth({
    mcpUrl: gw.mcpUrl,
    provider,
    browser: new TlsBrowser(ca.cert),
    credentials: { email: EMAIL, password: PASSWORD },
    fetch: tlsFetch(ca.cert),
  });
  await client.close();
  token = provider.tokens()?.access_token ?? '';
}, 120_000);

afterAll(async () => {
  await gw?.close();
  await docs?.close();
  await template?.close();
  ca?.close();
});

const resolveArgs = (port: number) => [
  '--resolve',
  `app.localhost:${String(port)}:127.0.0.1`,
  '--resolve',
  `auth.localhost:${String(port)}:127.0.0.1`,
];

describe(
  'gatehouse doctor against a healthy deployment (real gateway with TLS + the template)',
  { timeout: 120_000 },
  () => {
    // On this branch alone three checks fail until other branches merge: as-auth-methods and
    // client-chatgpt need private_key_jwt for CIMD clients, ui-extension needs the template to
    // declare io.modelcontextprotocol/ui. The expectation is the merged product's.
    it('passes every check and exits 0; the token never appears in the output', async () => {
      const result = await doctor(
        [
          gw.mcpUrl,
          '--ca-file',
          ca.certFile,
          ...resolveArgs(gw.port),
          '--host-cimd-base',
          docs.origin,
          '--json',
        ],
        token,
      );
      const report = JSON.parse(result.stdout) as { ok: boolean; checks: JsonCheck[] };
      expect(
        report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.message}`),
      ).toEqual([]);
      expect(report.ok).toBe(true);
      expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(token);
    });

    it('makes the gateway fetch the host-shaped documents from the local stand-in, never from outside', async () => {
      const result = await doctor([
        gw.mcpUrl,
        '--ca-file',
        ca.certFile,
        ...resolveArgs(gw.port),
        '--host-cimd-base',
        docs.origin,
        '--json',
      ]);
      const byId = new Map(
        (JSON.parse(result.stdout) as { checks: JsonCheck[] }).checks.map((c) => [c.id, c]),
      );
      expect(byId.get('client-claude')?.message).toContain(
        `${docs.origin}/oauth/mcp-oauth-client-metadata`,
      );
      expect(docs.requested).toContain('/oauth/mcp-oauth-client-metadata');
      expect(docs.requested).toContain('/oauth/client.json');
      expect(byId.get('tools-list')).toMatchObject({ status: 'skip' });
    });

    it('prints readable lines for people, with the token taken from GATEHOUSE_DOCTOR_TOKEN', async () => {
      const result = await doctor(
        [
          gw.mcpUrl,
          '--ca-file',
          ca.certFile,
          ...resolveArgs(gw.port),
          '--host-cimd-base',
          docs.origin,
        ],
        token,
      );
      expect(result.stdout).toMatch(/^✓ tls +valid for app\.localhost/m);
      expect(result.stdout).toMatch(/^✓ tools-list +\d+ tools: .*echo/m);
      expect(result.stdout).toMatch(/^✓ client-claude +Claude's request/m);
      expect(result.stdout.split('\n').every((l) => [...l].length <= 80)).toBe(true);
      expect(result.stdout).not.toContain(token);
    });
  },
);

describe(
  'gatehouse doctor against a deployment behind a buffering proxy',
  { timeout: 120_000 },
  () => {
    let proxy: RunningHttps;
    beforeAll(async () => {
      proxy = await startBufferingProxy(ca, new URL(template.url).origin);
    });
    afterAll(async () => proxy?.close());

    it('sse fails: no byte of the open stream arrives, and the fix names proxy buffering', async () => {
      const result = await doctor(
        [
          `https://app.localhost:${String(proxy.port)}/mcp`,
          '--ca-file',
          ca.certFile,
          '--resolve',
          `app.localhost:${String(proxy.port)}:127.0.0.1`,
          '--json',
          '--timeout',
          '8',
        ],
        'any-token-the-template-ignores',
      );
      const sse = (JSON.parse(result.stdout) as { checks: JsonCheck[] }).checks.find(
        (c) => c.id === 'sse',
      );
      expect(sse?.status).toBe('fail');
      expect(sse?.message).toMatch(
        /^no byte of the subscriptions\/listen stream arrived within 8 s/,
      );
      expect(sse?.fix).toContain('proxy_buffering off');
      expect(result.code).toBe(1);
    });
  },
);
