import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/index.ts';
import { freePort, handshake, until } from '@gatehouse/testing';
import {
  logged,
  startAcmeGateway,
  type RecordingLogger,
  startPebble,
  type Pebble,
} from '@gatehouse/testing/gateway';

// Two nodes on one store start at the same moment: the lease in the store lets one order each
// name; the other takes the certificate from the store. pebble validates http-01 on node A's
// http_listen, which answers from the store whichever node placed the token.
describe('two nodes sharing a store never order the same name', () => {
  let dir: string;
  let pebble: Pebble;
  const nodes: Array<{ gateway: RunningGateway; logger: RecordingLogger; port: number }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-lock-'));
    const [portA, portB, httpA, httpB] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    pebble = await startPebble({ dir, httpPort: httpA, tlsPort: portA });
    const routes = (port: number) => `routes:
  - from: https://app.example.test:${port}
    to: http://127.0.0.1:1
`;
    const started = await Promise.all(
      [
        { port: portA, http: httpA },
        { port: portB, http: httpB },
      ].map(async ({ port, http }) => ({
        ...(await startAcmeGateway({
          dir,
          port,
          pebble,
          extra: `http_listen: 127.0.0.1:${http}\n${routes(port)}`,
        })),
        port,
      })),
    );
    nodes.push(...started);
  }, 120_000);
  afterAll(async () => {
    for (const node of nodes) await node.gateway.close();
    await pebble?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('orders each name once, and both nodes serve the same certificate', async () => {
    const root = await pebble.root();
    for (const name of ['auth.example.test', 'app.example.test']) {
      const seen = await Promise.all(
        nodes.map((node) =>
          until(`${name} on port ${node.port}`, async () => {
            const h = await handshake(node.port, name, root);
            return h.authorized ? h.peer?.fingerprint256 : undefined;
          }),
        ),
      );
      expect(seen[0]).toBe(seen[1]);
    }
    expect(pebble.orders()).toBe(2);
    const ordering = nodes.flatMap((n) => logged(n.logger, /^ordering a certificate$/));
    expect(ordering).toHaveLength(2);
  }, 120_000);
});
