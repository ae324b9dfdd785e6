import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '@gatehouse/core';

/**
 * Authentication of the internal hop between nodes: every request carries an HMAC-SHA256
 * (RFC 2104) over its method, target, body digest, sender, receiver, time and a random nonce,
 * keyed with the cluster secret every node shares. The receiver refuses a request that is
 * unsigned, signed for another node, older or newer than the window, or whose nonce it has
 * already seen (a replay). The secret and signatures never appear in a log line or an error.
 */
export const HOP_HEADERS = Object.freeze({
  from: 'x-gatehouse-hop-from',
  to: 'x-gatehouse-hop-to',
  time: 'x-gatehouse-hop-time',
  nonce: 'x-gatehouse-hop-nonce',
  signature: 'x-gatehouse-hop-signature',
});

/** How far a hop's time may be from the receiver's clock (nodes' clocks drift a little). */
export const HOP_WINDOW_MS = 30_000;
const MAX_NONCES = 100_000;

export interface HopRequest {
  readonly method: string;
  readonly target: string;
  readonly body?: string;
}

function canonical(r: HopRequest, from: string, to: string, time: string, nonce: string): string {
  const digest = createHash('sha256')
    .update(r.body ?? '')
    .digest('base64url');
  return ['gatehouse-hop-v1', r.method.toUpperCase(), r.target, digest, from, to, time, nonce].join(
    '\n',
  );
}

function mac(secret: Buffer, text: string): Buffer {
  return createHmac('sha256', secret).update(text).digest();
}

/** The headers that sign `request` from node `from` to node `to`. */
export function signHop(
  secret: Buffer,
  request: HopRequest,
  from: string,
  to: string,
  now: number,
): Record<string, string> {
  const time = String(now);
  const nonce = randomBytes(16).toString('base64url');
  return {
    [HOP_HEADERS.from]: from,
    [HOP_HEADERS.to]: to,
    [HOP_HEADERS.time]: time,
    [HOP_HEADERS.nonce]: nonce,
    [HOP_HEADERS.signature]: mac(secret, canonical(request, from, to, time, nonce)).toString(
      'base64url',
    ),
  };
}

export type HopVerdict =
  { readonly ok: true; readonly from: string } | { readonly ok: false; readonly reason: string };

export interface HopVerifier {
  verify(headers: IncomingHttpHeaders, request: HopRequest): HopVerdict;
}

/** Verifies hops addressed to node `self`; remembers nonces for the window (replay guard). */
export function createHopVerifier(secret: Buffer, self: string, clock: Clock): HopVerifier {
  const seen = new Map<string, number>();
  const forget = (now: number): void => {
    for (const [nonce, until] of seen) {
      if (until > now && seen.size < MAX_NONCES) break;
      seen.delete(nonce);
    }
  };
  return {
    verify(headers, request) {
      const get = (name: string): string | undefined => {
        const value = headers[name];
        return typeof value === 'string' && value.length > 0 ? value : undefined;
      };
      const from = get(HOP_HEADERS.from);
      const to = get(HOP_HEADERS.to);
      const time = get(HOP_HEADERS.time);
      const nonce = get(HOP_HEADERS.nonce);
      const signature = get(HOP_HEADERS.signature);
      if (
        from === undefined ||
        to === undefined ||
        time === undefined ||
        nonce === undefined ||
        signature === undefined
      ) {
        return { ok: false, reason: 'unsigned' };
      }
      const expected = mac(secret, canonical(request, from, to, time, nonce));
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'bad signature' };
      }
      if (to !== self) return { ok: false, reason: 'signed for another node' };
      const now = clock.now();
      const at = Number(time);
      if (!Number.isSafeInteger(at) || Math.abs(now - at) > HOP_WINDOW_MS) {
        return { ok: false, reason: 'outside the time window (check the nodes’ clocks)' };
      }
      forget(now);
      if (seen.has(nonce)) return { ok: false, reason: 'replayed' };
      // Map keeps insertion order, and every entry lives the same window: oldest first.
      seen.set(nonce, at + HOP_WINDOW_MS);
      return { ok: true, from };
    },
  };
}
