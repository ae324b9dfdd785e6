import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Store } from '@gatehouse/core';
import { createDatabaseOn, startPostgresCluster } from '@gatehouse/testing/postgres';
import { openPostgresStore } from '../../src/store/index.ts';
import { isStoreUnavailable } from '../../src/store/unavailable.ts';
import {
  REVOCATION_REFRESH_FAILED,
  createAccessTokenVerifier,
  createRevocationCache,
} from '../../src/mcp/resource/index.ts';
import { caught } from '../proxy/support/errors.ts';
import {
  ISSUER,
  ROUTE_A,
  bearer,
  manualClock,
  mint,
  recordingLogger,
  signingKey,
} from './support.ts';

// Issue 17: with PostgreSQL lost mid-run, an MCP token whose revocation state cannot be known any
// more (the copy is older than 3 × refreshMs) is refused as a store outage — the edge answers 503
// with a request id — not as "revoked" (401), which would send clients to sign in again against
// the same unreachable store. A closed or broken store stays "revoked" (L6 test).
const RESOURCE = ROUTE_A.mcpResource!;
const REFRESH_MS = 15_000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('L6 on PostgreSQL: a stale revocation copy during a store outage', () => {
  it('is an outage error (edge: 503), and tokens are accepted again once the store answers', async () => {
    // Its own cluster: the test stops and starts it.
    const dir = await mkdtemp(join(tmpdir(), 'gatehouse-pg-outage-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    await chmod(dir, 0o711);
    const cluster = await startPostgresCluster(join(dir, 'pg'));
    cleanups.push(() => cluster.stop().catch(() => undefined));
    const url = await createDatabaseOn(`postgres://postgres@127.0.0.1:${cluster.port}`);
    const clock = manualClock();
    const store: Store = await openPostgresStore(url, {
      clock,
      poolSize: 2,
      connectTimeoutMs: 2_000,
    });
    cleanups.push(() => store.close().catch(() => undefined));
    const key = await signingKey();
    const revocations = createRevocationCache({
      store,
      logger: recordingLogger(),
      clock,
      refreshMs: REFRESH_MS,
    });
    const verifier = createAccessTokenVerifier({
      issuer: () => ISSUER,
      jwks: () => key.jwks,
      revocations,
      clock,
    });
    const token = await mint(key);
    await revocations.refresh();
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

    await cluster.stop();
    const failed = await caught(() => revocations.refresh());
    expect(failed.code).toBe(REVOCATION_REFRESH_FAILED);
    // Within the window the last copy still serves.
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

    clock.advance(3 * REFRESH_MS + 1);
    let thrown: unknown;
    await verifier.verify(bearer(token), RESOURCE).catch((error: unknown) => (thrown = error));
    expect(isStoreUnavailable(thrown)).toBe(true);
    expect(String(thrown)).not.toContain(token);

    await cluster.start();
    // The pool reconnects by itself; a refresh succeeds once the server accepts connections.
    for (;;) {
      const ok = await revocations.refresh().then(
        () => true,
        () => false,
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });
  }, 120_000);
});
