import { oidcError } from '../errors.ts';

/**
 * RFC 9207 §2.4 (mix-up defence): when the issuer advertises
 * `authorization_response_iss_parameter_supported`, `iss` must be present; when present at all,
 * it must equal the issuer identifier exactly (no normalisation).
 */
export function checkIssuer(params: URLSearchParams, issuer: string, advertised: boolean): void {
  const values = params.getAll('iss');
  if (values.length === 0) {
    if (advertised) {
      throw oidcError(
        'ERR_OIDC_ISSUER_MISMATCH',
        `OIDC callback lacks the "iss" parameter that ${issuer} promises`,
      );
    }
    return;
  }
  if (values.length > 1 || values[0] !== issuer) {
    throw oidcError('ERR_OIDC_ISSUER_MISMATCH', `OIDC callback "iss" is not ${issuer}`);
  }
}
