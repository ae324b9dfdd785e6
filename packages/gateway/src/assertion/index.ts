export { ASSERTION_HEADER, JWKS_PATH, MAX_ASSERTION_TTL_SECONDS } from './constants.ts';
export type { AssertionClaims, AssertionSigner, AssertionSignerOptions } from './signer.ts';
export { createAssertionSigner } from './signer.ts';
export type { JwksResponse } from './jwks-response.ts';
export { jwksResponse } from './jwks-response.ts';
