import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, jwtVerify } from 'jose';
import type { Benchmark, BenchContext, Row } from '../benchmark.ts';
import { median } from '../lib/stats.ts';
import { packageVersion } from '../lib/package-version.ts';
import { createAccessTokenVerifier, type AccessTokenVerifier } from '@gatehouse/gateway';
import {
  createTokenFixture,
  ISSUER,
  RESOURCE,
  REVOKED_GRANTS,
  type TokenFixture,
} from '../mcp-gateway/token-fixture.ts';
import { cycle, timeBatch } from '../mcp-gateway/verify-rate.ts';

const GOAL_PER_SECOND = 50_000;
const BATCH_SECONDS = 1;
const MIN_BATCHES = 3;
/** Distinct tokens cycled through; the uncached verifier remembers half as many. */
const POOL = 256;

interface Contender {
  readonly label: string;
  readonly step: () => Promise<void>;
}

interface Measured {
  readonly nsPerVerification: number;
  readonly perSecond: number;
  /** Median CPU time of the process per verification, all threads (µs). */
  readonly cpuMicros: number;
}

function verifierStep(verifier: AccessTokenVerifier, headers: readonly string[]) {
  return cycle(headers, async (authorization) => {
    const result = await verifier.verify(authorization, RESOURCE);
    if (!result.ok) throw new Error(`the verifier refused a valid token: ${result.reason}`);
  });
}

/**
 * The verifier must accept a fresh token and refuse it once its grant is revoked: timing a
 * verifier that accepts everything, or whose revocation view is not consulted, means nothing.
 */
async function checkVerifier(fixture: TokenFixture): Promise<void> {
  const verifier = createAccessTokenVerifier({
    issuer: () => ISSUER,
    jwks: () => fixture.jwks,
    revocations: fixture.revocations,
  });
  const authorization = `Bearer ${await fixture.mint()}`;
  const before = await verifier.verify(authorization, RESOURCE);
  const otherRoute = await verifier.verify(authorization, `${RESOURCE}/other`);
  await fixture.revoke(authorization.slice('Bearer '.length));
  const after = await verifier.verify(authorization, RESOURCE);
  const seen = [before, otherRoute, after].map((r) => (r.ok ? 'ok' : r.reason)).join(', ');
  if (seen !== 'ok, wrong-audience, revoked') {
    throw new Error(`verifier answered ${seen}; expected ok, wrong-audience, revoked`);
  }
}

async function contenders(fixture: TokenFixture): Promise<Contender[]> {
  const tokens: string[] = [];
  for (let i = 0; i < POOL; i++) tokens.push(await fixture.mint());
  const headers = tokens.map((t) => `Bearer ${t}`);
  const options = {
    issuer: () => ISSUER,
    jwks: () => fixture.jwks,
    revocations: fixture.revocations,
  };
  const keySet = createLocalJWKSet(fixture.jwks);
  return [
    {
      // The same checks verify() asks jose for (access-token.ts), and nothing else.
      label: 'jose jwtVerify',
      step: cycle(tokens, async (token) => {
        await jwtVerify(token, keySet, {
          algorithms: ['ES256'],
          typ: 'at+jwt',
          issuer: ISSUER,
          requiredClaims: ['exp', 'iat', 'sub', 'aud'],
          clockTolerance: 10,
        });
      }),
    },
    {
      // One token again and again: what a connected client's requests cost.
      label: 'verify(), cached',
      step: verifierStep(createAccessTokenVerifier(options), headers.slice(0, 1)),
    },
    {
      // Cycling through more tokens than the LRU holds: every call misses it.
      label: 'verify(), uncached',
      step: verifierStep(createAccessTokenVerifier({ ...options, cacheSize: POOL / 2 }), headers),
    },
  ];
}

/** A warm-up batch each, then `batches` rounds of one batch per contender, the first rotating. */
async function measure(
  all: readonly Contender[],
  context: BenchContext,
  batches: number,
): Promise<Map<Contender, Measured>> {
  for (const c of all) await timeBatch(c.step, context.warmupSeconds);
  const samples = new Map<Contender, { ns: number[]; cpu: number[] }>(
    all.map((c) => [c, { ns: [], cpu: [] }]),
  );
  for (let b = 0; b < batches; b++) {
    for (let k = 0; k < all.length; k++) {
      const c = all[(b + k) % all.length];
      if (c === undefined) continue;
      const batch = await timeBatch(c.step, BATCH_SECONDS);
      samples.get(c)?.ns.push(batch.elapsedNs / batch.operations);
      samples.get(c)?.cpu.push(batch.cpuMicros / batch.operations);
    }
  }
  const measured = new Map<Contender, Measured>();
  for (const [c, { ns, cpu }] of samples) {
    const m = median(ns);
    measured.set(c, { nsPerVerification: m, perSecond: 1e9 / m, cpuMicros: median(cpu) });
    context.log(`  ${c.label}: ${Math.round(1e9 / m).toLocaleString('en-US')} verifications/s`);
  }
  return measured;
}

export const tokenVerify: Benchmark = {
  id: 'token-verify',
  title: 'MCP access-token verification, one core',
  async run(context: BenchContext) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-token-'));
    const fixture = await createTokenFixture(dir);
    let measured: Map<Contender, Measured>;
    let all: Contender[];
    try {
      await checkVerifier(fixture);
      all = await contenders(fixture);
      const batches = Math.max(MIN_BATCHES, Math.round(context.durationSeconds / BATCH_SECONDS));
      measured = await measure(all, context, batches);
    } finally {
      await fixture.close();
      await rm(dir, { recursive: true, force: true });
    }
    const [jose, cached, uncached] = all.map((c) => {
      const m = measured.get(c);
      if (m === undefined) throw new Error(`${c.label} was not measured`);
      return m;
    });
    if (jose === undefined || cached === undefined || uncached === undefined) {
      throw new Error('a contender is missing');
    }
    const rows: Row[] = [
      {
        metric: 'verifications/s, cached (hot path)',
        unit: 'evals/s',
        value: cached.perSecond,
        baseline: jose.perSecond,
        goal: {
          text: `≥ ${GOAL_PER_SECOND.toLocaleString('en-US')}/s`,
          met: cached.perSecond >= GOAL_PER_SECOND,
        },
      },
      {
        metric: 'verifications/s, uncached (ES256 each)',
        unit: 'evals/s',
        value: uncached.perSecond,
        baseline: jose.perSecond,
      },
      {
        metric: 'median ns/verification, cached',
        unit: 'ns',
        value: cached.nsPerVerification,
        baseline: jose.nsPerVerification,
      },
      {
        metric: 'median ns/verification, uncached',
        unit: 'ns',
        value: uncached.nsPerVerification,
        baseline: jose.nsPerVerification,
      },
    ];
    return {
      baselineLabel: 'jose jwtVerify alone',
      rows,
      notes: notes(context, { jose, cached, uncached }),
    };
  },
};

function notes(
  context: BenchContext,
  m: { jose: Measured; cached: Measured; uncached: Measured },
): string[] {
  const cpu = (x: Measured) => `${x.cpuMicros.toFixed(2)} µs`;
  return [
    '`createAccessTokenVerifier` from `packages/gateway/src/mcp/resource` (the edge’s hot path) ' +
      'verifying `Authorization: Bearer …` for the route’s resource, in the bench process. ' +
      'Tokens are shaped like the authorization server’s: ES256 (P-256, generated per run), ' +
      '`typ: at+jwt`, a kid, iss, aud, sub, client_id, scope, iat, exp, jti, email, name, ' +
      `groups, gid. Revocation view: the real revocation cache over a SQLite store holding ` +
      `${REVOKED_GRANTS.toLocaleString('en-US')} revoked grants, polling every 15 s.`,
    '"cached" repeats one token: after the first call, verify() finds it in its LRU and checks ' +
      'audience, revoked grant and disabled user only — the path every request of a connected ' +
      `client takes, and the one the goal is about. "uncached" cycles through ${POOL} distinct ` +
      `tokens with a cache of ${POOL / 2}, so every call misses (cyclic access on an LRU) and ` +
      'pays the full ES256 check plus the cache bookkeeping. Baseline: jose `jwtVerify` alone ' +
      'with the same options (algorithm, typ, issuer, required claims), over the same tokens. ' +
      'Checked first: a fresh token is accepted, refused for another resource, and refused ' +
      'once its grant is revoked in the store.',
    'One verification at a time (each awaited before the next), so at most one core works at ' +
      'any moment: jose’s ES256 check runs on WebCrypto, which Node executes on its thread pool. ' +
      `Process CPU time (all threads) per verification: cached ${cpu(m.cached)}, uncached ` +
      `${cpu(m.uncached)}, jose alone ${cpu(m.jose)}. The unit column says evals/s: read it as ` +
      'verifications per second.',
    `${context.warmupSeconds} s warm-up per contender, then max(${MIN_BATCHES}, ` +
      `BENCH_DURATION) batches of ${BATCH_SECONDS} s each, contenders alternating; the median ` +
      `batch is shown. jose ${packageVersion('jose')}.`,
  ];
}
