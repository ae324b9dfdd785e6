import type { OidcIdentity } from './types.ts';

/**
 * Protocol claims that say nothing about the user (OIDC Core §2, §3.1.3.6, RFC 7519 §4.1). They
 * are dropped so a session stores who the user is, not how this token was minted.
 */
const PROTOCOL_CLAIMS: ReadonlySet<string> = new Set([
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'sid',
  'auth_time',
  'cnf',
  '_claim_names',
  '_claim_sources',
]);

/** Claim names that could hold a credential: never kept, whatever an IdP puts in them. */
function isTokenLike(name: string): boolean {
  return (
    /(^|_)(token|secret|password)s?$/i.test(name) || name === 'code' || name === 'code_verifier'
  );
}

/**
 * Builds the identity from ID token claims plus userinfo claims (OIDC Core §5.3.2: userinfo adds
 * to the ID token; its `sub` was already checked to be the same).
 */
export function identityFromClaims(
  idToken: Readonly<Record<string, unknown>>,
  userinfo: Readonly<Record<string, unknown>> | undefined,
): OidcIdentity {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries({ ...idToken, ...userinfo })) {
    if (!PROTOCOL_CLAIMS.has(name) && !isTokenLike(name) && value !== undefined)
      claims[name] = value;
  }
  const groups = stringArray(claims['groups']);
  if (groups !== undefined) claims['groups'] = groups;
  else delete claims['groups'];
  return {
    subject: String(idToken['sub']),
    email: nonEmptyString(claims['email']),
    // Some IdPs send the string "true"; anything else is unverified.
    emailVerified: claims['email_verified'] === true || claims['email_verified'] === 'true',
    name: nonEmptyString(claims['name']),
    groups: groups ?? [],
    claims,
  };
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** `groups` as a string array; a lone string counts as one group, other members are dropped. */
function stringArray(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) return undefined;
  return value.filter((g): g is string => typeof g === 'string');
}
