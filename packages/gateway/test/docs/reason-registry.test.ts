import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POLICY_REASONS } from '@gatehouse/policy';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TokenFailure } from '../../src/mcp/resource/access-token.ts';
import type { DpopFailure } from '../../src/mcp/resource/dpop-proof.ts';
import type { SessionCheck } from '../../src/mcp/resource/session-binding.ts';
import { GATEWAY_REASONS, type GatewayReason } from '../../src/reasons.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(SRC, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

/**
 * Literal reasons the edge writes: in a log call (`log('deny', ['origin-not-allowed'], …)`), in
 * the MCP refusal writer (`deny('token-in-query', …)`) and in an answer (`reasons: ['…']`).
 */
const LOGGED = /(?:log\(\s*'[a-z]+',\s*\[|deny\(|reasons: \[)\s*'([a-z0-9-]+)'/g;

describe('gateway reason registry (src/reasons.ts)', () => {
  it('covers the reasons built from token, DPoP and session-binding outcomes (type-level)', () => {
    // Checked by `tsc`: a new TokenFailure, DpopFailure or SessionCheck without its reason here
    // is a type error in this file.
    expectTypeOf<`token-${TokenFailure}`>().toExtend<GatewayReason>();
    expectTypeOf<DpopFailure>().toExtend<GatewayReason>();
    expectTypeOf<`mcp-session-${Exclude<SessionCheck, 'ok'>}`>().toExtend<GatewayReason>();
    expect(Object.keys(GATEWAY_REASONS)).toContain('token-wrong-audience');
  });

  it('lists every reason the edge logs as a literal', () => {
    const logged = sourcesUnder('edge').flatMap((text) =>
      [...text.matchAll(LOGGED)].map((m) => m[1] ?? ''),
    );
    expect(logged.length).toBeGreaterThan(0);
    const known = new Set<string>([...Object.keys(GATEWAY_REASONS), ...POLICY_REASONS]);
    expect(logged.filter((r) => !known.has(r))).toEqual([]);
  });

  it('explains every reason, and shares none with the policy registry', () => {
    for (const [reason, meaning] of Object.entries(GATEWAY_REASONS)) {
      expect(meaning.length, reason).toBeGreaterThanOrEqual(10);
      expect(POLICY_REASONS as readonly string[], reason).not.toContain(reason);
    }
  });
});
