import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../../src/oauth/cimd/guarded-fetch.ts';
import { startAs, type AsHarness } from './support/harness.ts';
import { CALLBACK, document, expectCimdRefused } from './support/cimd.ts';
import {
  startConnectionCounter,
  startDocumentServer,
  type DocumentServer,
} from '@gatehouse/testing';

describe('D7: CIMD URLs that resolve inside the network (development switch off)', () => {
  let target: Awaited<ReturnType<typeof startConnectionCounter>>;
  let h: AsHarness;
  beforeAll(async () => {
    target = await startConnectionCounter();
    h = await startAs();
  });
  afterAll(async () => {
    await h.close();
    await target.close();
  });

  it('are blocked in every spelling before any connection is made', async () => {
    const p = target.port;
    const ids = [
      `https://127.0.0.1:${p}/client.json`,
      `https://2130706433:${p}/client.json`,
      `https://0x7f000001:${p}/client.json`,
      `https://0177.0.0.1:${p}/client.json`,
      `https://127.1:${p}/client.json`,
      `https://[::ffff:127.0.0.1]:${p}/client.json`,
      `https://[::1]:${p}/client.json`,
      `https://localhost:${p}/client.json`,
      `https://169.254.169.254:${p}/latest/meta-data`,
      `https://10.0.0.1:${p}/client.json`,
      `https://192.168.1.1:${p}/client.json`,
      `https://100.64.0.1:${p}/client.json`,
      `https://[fd00::1]:${p}/client.json`,
      `https://[fe80::1]:${p}/client.json`,
    ];
    for (const id of ids) await expectCimdRefused(h, id, CALLBACK);
    expect(target.connections()).toBe(0);
  });

  it('a name with one private answer among public ones is refused without connecting', async () => {
    const fetch = createGuardedFetch({
      allowLocalhost: () => false,
      resolver: () => Promise.resolve(['93.184.215.14', '127.0.0.1']),
    });
    await expect(fetch(`https://rebind.example:${target.port}/client.json`)).rejects.toMatchObject({
      code: 'ERR_OAUTH_FETCH_BLOCKED',
    });
    expect(target.connections()).toBe(0);
  });

  it('connects to the address it checked, not to a second lookup (no DNS rebinding)', async () => {
    let lookups = 0;
    const fetch = createGuardedFetch({
      allowLocalhost: () => true,
      // First answer loopback (allowed with the switch), any later answer a private address.
      resolver: () => Promise.resolve(lookups++ === 0 ? ['127.0.0.1'] : ['10.0.0.1']),
    });
    await expect(fetch(`http://localhost:${target.port}/client.json`)).rejects.toMatchObject({
      code: 'ERR_OAUTH_FETCH_FAILED', // the counter closes the socket: it was reached
    });
    expect(lookups).toBe(1);
    expect(target.connections()).toBe(1);
  });
});

describe('D10: a CIMD domain outside the allow-list', () => {
  let docs: DocumentServer;
  let h: AsHarness;
  beforeAll(async () => {
    docs = await startDocumentServer();
    h = await startAs({
      cimdCa: docs.ca,
      oauthYaml:
        '  client_id_metadata_documents: { allow_localhost: true, allowed_domains: ["*.example.com"] }',
    });
  });
  afterAll(async () => {
    await h.close();
    await docs.close();
  });

  it('gets an error page and no fetch', async () => {
    const id = `${docs.origin}/client.json`;
    docs.serve('/client.json', document(id));
    await expectCimdRefused(h, id, CALLBACK);
    expect(docs.connections()).toBe(0);
  });
});
