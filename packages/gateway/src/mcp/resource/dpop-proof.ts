import { createHash } from 'node:crypto';
import {
  EmbeddedJWK,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JWK,
} from 'jose';
import type { DpopReplayGuard } from './dpop-replay.ts';

/**
 * The DPoP proof algorithms we accept, and advertise in both metadata documents (AS:
 * `dpop_signing_alg_values_supported`, RFC 9449 §5.1; PRM: the same name, RFC 9728 §2) and in the
 * `algs` of the DPoP challenge (RFC 9449 §7.1). Asymmetric only: §4.2 forbids MAC algorithms and
 * `none` (the proof must show possession of a private key).
 */
export const DPOP_SIGNING_ALGS: readonly string[] = Object.freeze([
  'ES256',
  'ES384',
  'Ed25519',
  'EdDSA',
  'PS256',
  'RS256',
]);

/** RFC 9449 §11.1: proofs are accepted for a short window around `iat` only. */
export const DPOP_MAX_AGE_S = 60;
/** Clock skew tolerated for a proof whose `iat` is slightly in the future. */
export const DPOP_FUTURE_SKEW_S = 10;
/** Proofs are small JWTs; longer values are refused before any parsing. */
const MAX_PROOF_LENGTH = 8192;

// RFC 7517 members of private (or symmetric) keys: a proof's `jwk` must carry none (§4.2).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** What the request looked like, as the client addressed it. */
export interface DpopRequest {
  /** Every `DPoP` header value (`headersDistinct`): exactly one is allowed (§4.3 check 1). */
  readonly proofs: readonly string[] | undefined;
  readonly method: string;
  /** The public URL the client used (scheme and host as configured, never from headers). */
  readonly url: string;
}

export type DpopFailure =
  | 'dpop-missing'
  | 'dpop-multiple'
  | 'dpop-malformed'
  | 'dpop-header'
  | 'dpop-signature'
  | 'dpop-claims'
  | 'dpop-htm'
  | 'dpop-htu'
  | 'dpop-iat'
  | 'dpop-ath'
  | 'dpop-key-mismatch'
  | 'dpop-replayed';

export interface DpopProofVerifier {
  /**
   * Checks a proof for a request carrying `token`, bound to the key with thumbprint `jkt`.
   * Undefined when the proof is good (its `jti` is then spent), else why it is not.
   */
  verify(
    request: DpopRequest,
    token: string,
    jkt: string,
    now: number,
  ): Promise<DpopFailure | undefined>;
}

/**
 * RFC 9449 §4.3 checks at a protected resource, plus §7.1's `ath` and the `cnf.jkt` binding.
 * The `jti` is spent last, so nothing is written to the store for a proof that fails another
 * check (an unauthenticated caller cannot make us write).
 */
export function createDpopProofVerifier(replay: DpopReplayGuard): DpopProofVerifier {
  return {
    async verify(request, token, jkt, now) {
      const { proofs } = request;
      if (proofs === undefined || proofs.length === 0) return 'dpop-missing';
      if (proofs.length > 1) return 'dpop-multiple';
      const proof = proofs[0] ?? '';
      if (proof.length > MAX_PROOF_LENGTH) return 'dpop-malformed';
      const header = headerOf(proof);
      if (header === undefined) return 'dpop-malformed';
      if (header.typ !== 'dpop+jwt' || typeof header.alg !== 'string') return 'dpop-header';
      if (!DPOP_SIGNING_ALGS.includes(header.alg) || !isPublicJwk(header.jwk)) return 'dpop-header';
      let payload;
      try {
        ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
          algorithms: [...DPOP_SIGNING_ALGS],
          typ: 'dpop+jwt',
          currentDate: new Date(now),
        }));
      } catch (error) {
        if (error instanceof errors.JOSEError) return 'dpop-signature';
        throw error;
      }
      const { jti, iat } = payload;
      const { htm, htu, ath } = payload as Record<string, unknown>;
      if (typeof jti !== 'string' || jti === '' || jti.length > 256 || typeof iat !== 'number') {
        return 'dpop-claims';
      }
      if (htm !== request.method) return 'dpop-htm';
      if (typeof htu !== 'string' || !sameTarget(htu, request.url)) return 'dpop-htu';
      const nowS = now / 1000;
      if (iat < nowS - DPOP_MAX_AGE_S || iat > nowS + DPOP_FUTURE_SKEW_S) return 'dpop-iat';
      if (ath !== accessTokenHash(token)) return 'dpop-ath';
      if ((await calculateJwkThumbprint(header.jwk, 'sha256')) !== jkt) return 'dpop-key-mismatch';
      // Spent until the proof could no longer pass the iat check anyway.
      const until = (iat + DPOP_MAX_AGE_S + DPOP_FUTURE_SKEW_S) * 1000;
      if (!(await replay.firstUse(jkt, jti, now, until))) return 'dpop-replayed';
      return undefined;
    },
  };
}

/** RFC 9449 §4.2 `ath`: base64url(SHA-256(ASCII access token)). */
export function accessTokenHash(token: string): string {
  return createHash('sha256').update(token, 'ascii').digest('base64url');
}

function headerOf(proof: string): { typ?: unknown; alg?: unknown; jwk: JWK } | undefined {
  try {
    const header = decodeProtectedHeader(proof);
    return { ...header, jwk: header.jwk ?? {} };
  } catch {
    return undefined;
  }
}

function isPublicJwk(jwk: JWK): boolean {
  if (jwk.kty !== 'EC' && jwk.kty !== 'OKP' && jwk.kty !== 'RSA') return false;
  return PRIVATE_MEMBERS.every((member) => !(member in jwk));
}

/**
 * RFC 9449 §4.3 check 9: `htu` equals the request URI without query and fragment, compared after
 * the normalisation of RFC 3986 §6.2.2/§6.2.3 (what URL parsing gives: case of scheme and host,
 * default port, dot segments).
 */
function sameTarget(htu: string, url: string): boolean {
  if (!URL.canParse(htu) || !URL.canParse(url)) return false;
  const claimed = new URL(htu);
  const used = new URL(url);
  return claimed.origin === used.origin && claimed.pathname === used.pathname;
}
