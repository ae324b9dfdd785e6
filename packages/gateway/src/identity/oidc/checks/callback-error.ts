import { oidcError, safeToken } from '../errors.ts';

/**
 * RFC 6749 §4.1.2.1: the IdP reports a refused or failed authorization with `error`. The code is
 * kept (sanitised) so the sign-in page can say "access denied"; `error_description` is free
 * text anyone can put in a URL, so it is not repeated.
 */
export function checkCallbackError(params: URLSearchParams, providerId: string): void {
  const error = params.get('error');
  if (error === null) return;
  throw oidcError(
    'ERR_OIDC_CALLBACK',
    `Identity provider "${providerId}" returned error ${safeToken(error)}`,
  );
}
