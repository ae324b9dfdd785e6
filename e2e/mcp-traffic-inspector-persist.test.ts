import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficViewer } from '@gatehouse/core';
import { freePort } from '@gatehouse/testing';
import { addAccount, PASSWORD, type TestGateway } from '@gatehouse/testing/gateway';
import { obtainTokens } from './support/dpop-client.ts';
import { startMcpGateway } from './support/mcp-gateway.ts';
import { localFetch } from './support/mcp-oauth.ts';

// Issue 16: `inspect_persist: true` keeps the last captures in the store across a restart, and
// what is stored is masked like the ring (the api_key is in no file of the data dir).

const ADMIN: TrafficViewer = { userId: 'operator', admin: true };
const SECRET = 'sk-persist-3f9a1c-never-store-me';
let upstream: Server;
let dir: string;
let port: number;
let gw: TestGateway | undefined;

const yaml = (upstreamPort: number) => `
inspect: { persist_size: 3 }
routes:
  - from: http://tools.localhost:{{port}}
    to: http://127.0.0.1:${upstreamPort}
    mcp: { server: { inspect: true, inspect_persist: true } }
    allowed_users: [ada@example.com]
`;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"jsonrpc":"2.0","id":1,"result":{}}');
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-persist-'));
  port = await freePort();
});
afterAll(async () => {
  await gw?.close();
  await new Promise((resolve) => upstream.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('inspect_persist', () => {
  it('keeps the newest persist_size captures across a restart, masked', async () => {
    const upstreamPort = (upstream.address() as AddressInfo).port;
    gw = await startMcpGateway(yaml(upstreamPort), { dataDir: dir, port });
    await addAccount(gw.gateway.store, 'ada@example.com');
    const { access_token: token } = await obtainTokens({
      authUrl: gw.authUrl,
      resource: `${gw.origin('tools')}/mcp`,
      credentials: { email: 'ada@example.com', password: PASSWORD },
    });
    for (let i = 0; i < 5; i++) {
      const reply = await localFetch(`${gw.origin('tools')}/mcp`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: i,
          method: 'tools/call',
          params: { name: `tool${i}`, arguments: { api_key: SECRET } },
        }),
      });
      await reply.arrayBuffer();
    }
    const deadline = Date.now() + 30_000;
    while ((await gw.gateway.store.traffic?.recent('tools', 10))?.length !== 3) {
      if (Date.now() > deadline) throw new Error('captures were not persisted');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await gw.close();

    gw = await startMcpGateway(yaml(upstreamPort), { dataDir: dir, port });
    const restored = await gw.gateway.traffic.list(ADMIN);
    expect(restored.map((e) => e.target)).toEqual(['tool4', 'tool3', 'tool2']);
    const whole = await gw.gateway.traffic.get(ADMIN, restored[0]?.id ?? '');
    expect(whole?.request?.text).toContain('[masked]');
    for (const file of await readdir(dir)) {
      if (!file.startsWith('gatehouse.db')) continue;
      expect((await readFile(join(dir, file))).includes(SECRET)).toBe(false);
    }
  }, 120_000);
});
