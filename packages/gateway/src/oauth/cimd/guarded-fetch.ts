import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { isGatehouseError } from '@gatehouse/core';
import { OAUTH_ERROR_CODES, oauthError } from '../errors.ts';
import { isLoopbackAddress } from './address-policy.ts';
import { resolvePublicAddress, systemResolver, type Resolver } from './resolve.ts';

export const FETCH_TIMEOUT_MS = 5_000;
/**
 * The cap for any fetched body. Metadata documents get a tighter 5 KiB from the provider's
 * `fetchResponseBodyLimits`; a `jwks_uri` with a few RSA keys needs more.
 */
export const FETCH_MAX_BYTES = 16 * 1024;

export interface GuardedFetchOptions {
  /** DEVELOPMENT ONLY: loopback hosts (and plain http to them) are allowed. Read per fetch. */
  readonly allowLocalhost: () => boolean;
  /** Extra trusted CA certificates (tests serve documents with a test CA). */
  readonly ca?: string | Buffer | undefined;
  readonly resolver?: Resolver;
}

export type GuardedFetch = (url: string | URL) => Promise<Response>;

/**
 * The only way the authorization server fetches a client-supplied URL (CIMD documents, and any
 * other URL oidc-provider would fetch). https only (http only to loopback with the development
 * switch); the name is resolved once, every address checked, and the socket connects to the
 * checked address (no DNS rebinding window); redirects are returned, never followed; the body is
 * capped at 16 KiB and the whole exchange at 5 s. Research §5 D7, MCP best practices "SSRF".
 */
export function createGuardedFetch(options: GuardedFetchOptions): GuardedFetch {
  const resolver = options.resolver ?? systemResolver;
  const ca = options.ca === undefined ? undefined : [...rootCertificates, options.ca.toString()];
  return async (input) => {
    const url = new URL(input);
    const allowLoopback = options.allowLocalhost();
    const isHttps = url.protocol === 'https:';
    const loopbackHost = url.hostname === 'localhost' || isLoopbackAddress(unbracket(url.hostname));
    if (!(isHttps || (url.protocol === 'http:' && allowLoopback && loopbackHost))) {
      throw oauthError(OAUTH_ERROR_CODES.fetchUrl, 'only https URLs are fetched');
    }
    if (url.username !== '' || url.password !== '') {
      throw oauthError(OAUTH_ERROR_CODES.fetchUrl, 'URLs with credentials are not fetched');
    }
    const target = await resolvePublicAddress(url.hostname, { allowLoopback, resolver });
    const pinned: LookupFunction = (_host, lookupOptions, callback) => {
      if (lookupOptions.all === true) callback(null, [target]);
      else callback(null, target.address, target.family);
    };
    const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const send = isHttps ? httpsRequest : httpRequest;
      const req = send(url, {
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'Gatehouse' },
        lookup: pinned,
        agent: false,
        signal,
        ...(isHttps && ca !== undefined ? { ca } : {}),
      });
      req.once('response', resolve);
      req.once('error', (error) =>
        reject(oauthError(OAUTH_ERROR_CODES.fetchFailed, 'the fetch failed', error)),
      );
      req.end();
    });
    const body = await readCapped(response);
    const headers = new Headers();
    for (const name of ['content-type', 'cache-control', 'expires']) {
      const value = response.headers[name];
      if (typeof value === 'string') headers.set(name, value);
    }
    const status = response.statusCode ?? 502;
    const empty = status === 204 || status === 304 || (status >= 300 && status < 400);
    return new Response(empty ? null : body, { status, headers });
  };
}

async function readCapped(response: IncomingMessage): Promise<Buffer> {
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > FETCH_MAX_BYTES) {
    response.destroy();
    throw oauthError(OAUTH_ERROR_CODES.fetchTooLarge, 'the response is larger than 16 KiB');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > FETCH_MAX_BYTES) {
        response.destroy();
        throw oauthError(OAUTH_ERROR_CODES.fetchTooLarge, 'the response is larger than 16 KiB');
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (isGatehouseError(error)) throw error;
    throw oauthError(OAUTH_ERROR_CODES.fetchFailed, 'the response could not be read', error);
  }
  return Buffer.concat(chunks);
}

function unbracket(host: string): string {
  return host.startsWith('[') ? host.slice(1, -1) : host;
}
