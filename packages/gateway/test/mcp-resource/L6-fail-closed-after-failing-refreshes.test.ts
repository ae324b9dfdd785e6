import { describe, expect, it } from 'vitest';
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
  useStores,
} from './support.ts';

// Research gateways.md §5 L6: when the revocation source is unavailable, authorization fails
// closed. We keep serving from the last copy for up to 3 refresh intervals, then refuse all.
const RESOURCE = ROUTE_A.mcpResource!;
const REFRESH_MS = 15_000;
const openStore = useStores();

async function setup() {
  const clock = manualClock();
  const store = await openStore(clock);
  const key = await signingKey();
  const logger = recordingLogger();
  const revocations = createRevocationCache({ store, logger, clock, refreshMs: REFRESH_MS });
  const verifier = createAccessTokenVerifier({
    issuer: () => ISSUER,
    jwks: () => key.jwks,
    revocations,
    clock,
  });
  return { clock, store, logger, revocations, verifier, token: await mint(key) };
}

describe('L6: the revocation cache fails closed when refreshes keep failing', () => {
  it('serves from the last copy, then refuses every token after 3 × refreshMs', async () => {
    const { clock, store, logger, revocations, verifier, token } = await setup();
    await revocations.refresh();
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

    await store.close();
    clock.advance(REFRESH_MS);
    const error = await caught(() => revocations.refresh());
    expect(error.code).toBe(REVOCATION_REFRESH_FAILED);
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });

    clock.advance(2 * REFRESH_MS);
    await caught(() => revocations.refresh());
    expect(await verifier.verify(bearer(token), RESOURCE)).toMatchObject({ ok: true });
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);

    clock.advance(1);
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/stale/);
    expect(JSON.stringify(logger.lines)).not.toContain(token);
  });

  it('logs the switch from the background poll, with no request needed', async () => {
    const { clock, store, logger, revocations } = await setup();
    await revocations.refresh();
    await store.close();
    clock.advance(3 * REFRESH_MS + 1);
    revocations.start();
    revocations.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(logger.lines.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(logger.lines[0]?.obj['code']).toBe(REVOCATION_REFRESH_FAILED);
  });

  it('refuses every token before the first successful refresh', async () => {
    const { verifier, token } = await setup();
    expect(await verifier.verify(bearer(token), RESOURCE)).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });
});
