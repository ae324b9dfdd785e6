import type { AssertionSigner } from './signer.ts';

export interface JwksResponse {
  readonly status: 200;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * What the edge answers at JWKS_PATH. Public keys may be cached by anyone for five minutes
 * (one assertion lifetime), so a rotated key is picked up before old tokens expire.
 */
export function jwksResponse(signer: AssertionSigner): JwksResponse {
  return {
    status: 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'public, max-age=300',
    },
    body: JSON.stringify(signer.jwks()),
  };
}
