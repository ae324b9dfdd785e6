import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@gatehouse/core';
import { parseSigningKey } from '../../src/config/signing-key.ts';
import { createAuthorizationServer } from '../../src/oauth/index.ts';
import {
  assertionFields,
  signAssertion,
  startDocumentServer,
  type DocumentServer,
} from '@gatehouse/testing';
import { startAs, type AsHarness } from './support/harness.ts';
import {
  expectInvalidClient,
  servePkjwtClient,
  tokenEndpoint,
  type PkjwtClient,
} from './support/private-key-jwt.ts';

// A token request that authenticates with `assertion` and then fails on its grant: 400
// `invalid_grant` means the assertion was accepted, 401 `invalid_client` that it was refused.
async function useAssertion(origin: string, client: PkjwtClient, assertion: string) {
  const response = await fetch(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: 'not-a-refresh-token',
      ...assertionFields(client.clientId, assertion),
    }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

let docs: DocumentServer;
let h: AsHarness;
let client: PkjwtClient;
beforeEach(async () => {
  docs = await startDocumentServer();
  // Store latency makes concurrent requests interleave between their reads and writes, as on
  // a shared database: the provider's own read-then-write replay check can then be raced.
  h = await startAs({
    cimdCa: docs.ca,
    oauthYaml: '  client_id_metadata_documents: { allow_localhost: true }',
    storeLatencyMs: 5,
  });
  client = await servePkjwtClient(docs, 'jti');
});
afterEach(async () => {
  await h.close();
  await docs.close();
});

describe('D14: a client assertion jti is single use', () => {
  it('of concurrent requests with one assertion, exactly one is authenticated', async () => {
    for (let round = 0; round < 3; round += 1) {
      const assertion = await signAssertion(client.key, {
        clientId: client.clientId,
        aud: tokenEndpoint(h),
      });
      const results = await Promise.all(
        [1, 2, 3, 4].map(() => useAssertion(h.issuer, client, assertion)),
      );
      const authenticated = results.filter((r) => r.json['error'] === 'invalid_grant');
      expect(authenticated, results.map((r) => r.text).join('\n')).toHaveLength(1);
      for (const r of results.filter((r) => r.json['error'] !== 'invalid_grant')) {
        expectInvalidClient(r);
      }
    }
  });

  it('is remembered in the store: another node (or a restart) refuses it too', async () => {
    const assertion = await signAssertion(client.key, {
      clientId: client.clientId,
      aud: tokenEndpoint(h),
    });
    expect((await useAssertion(h.issuer, client, assertion)).json['error']).toBe('invalid_grant');
    const node = await secondNode(h, docs.ca);
    try {
      expectInvalidClient(await useAssertion(node.origin, client, assertion));
      const fresh = await signAssertion(client.key, {
        clientId: client.clientId,
        aud: tokenEndpoint(h),
      });
      expect((await useAssertion(node.origin, client, fresh)).json['error']).toBe('invalid_grant');
    } finally {
      await node.close();
    }
  });
});

/** A second authorization server on the same store and config (same issuer), own port. */
async function secondNode(h: AsHarness, ca: string) {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  const as = createAuthorizationServer({
    config: () => h.config(),
    store: h.store,
    signingKey: await parseSigningKey(Buffer.from(pem), 'node-2'),
    cookieSecret: randomBytes(32),
    identityOf: () => Promise.resolve(undefined),
    logger: silentLogger,
    cimdCa: ca,
  });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (as.handles(req.method ?? 'GET', path)) as.handle(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
