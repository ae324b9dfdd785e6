import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimiter } from '../../session/rate-limit.ts';
import { redirectUrisProblem } from '../provider/redirect-uris.ts';
import { readBody, withBody } from './request-body.ts';
import { sendOAuthError } from './respond.ts';

const REGISTRATION_BODY_LIMIT = 16 * 1024;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Looks at a dynamic client registration (RFC 7591) before oidc-provider does: a per-IP rate
 * limit shared by every node (research §5 D3), and two defaults the provider lacks: no
 * `token_endpoint_auth_method` means a public client (`none`), and a client that names no
 * `application_type` and redirects only to loopback is a native app (RFC 8252), so any loopback
 * port is accepted at authorize (A6). Returns the request to hand on, or
 * undefined when it answered.
 */
export async function precheckRegistration(
  req: IncomingMessage,
  res: ServerResponse,
  limiter: RateLimiter,
  clientIp: string,
): Promise<IncomingMessage | undefined> {
  const { allowed, retryAfterSeconds } = await limiter.hit(clientIp);
  if (!allowed) {
    sendOAuthError(res, 429, 'too_many_requests', 'too many client registrations; try later', {
      'retry-after': String(retryAfterSeconds),
    });
    return undefined;
  }
  const body = await readBody(req, REGISTRATION_BODY_LIMIT);
  if (body === undefined) {
    sendOAuthError(res, 413, 'invalid_client_metadata', 'the registration is too large');
    return undefined;
  }
  const metadata = metadataOf(body);
  // RFC 7591 §3.2.2: a bad redirect URI is `invalid_redirect_uri`, said before anything is
  // stored (the provider's own check would answer it too, less clearly).
  const problem = redirectUrisProblem(metadata?.['redirect_uris']);
  if (problem !== undefined) {
    sendOAuthError(res, 400, 'invalid_redirect_uri', problem);
    return undefined;
  }
  return withBody(req, metadata === undefined ? body : withDefaults(metadata));
}

/** The registration as a JSON object, or undefined (the provider answers other bodies itself). */
function metadataOf(body: Buffer): Record<string, unknown> | undefined {
  let metadata: unknown;
  try {
    metadata = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    return undefined;
  return metadata as Record<string, unknown>;
}

function withDefaults(metadata: Readonly<Record<string, unknown>>): Buffer {
  const record = { ...metadata };
  // Pitfall 8: the provider decides whether to mint a secret from the raw request, so a
  // registration without a method got a secret nobody can use. Public client it is.
  record['token_endpoint_auth_method'] ??= 'none';
  const uris = record['redirect_uris'];
  const loopbackOnly =
    Array.isArray(uris) &&
    uris.length > 0 &&
    uris.every((uri) => {
      const url = typeof uri === 'string' ? URL.parse(uri) : null;
      return url !== null && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
    });
  if (record['application_type'] === undefined && loopbackOnly)
    record['application_type'] = 'native';
  return Buffer.from(JSON.stringify(record));
}
