import { timingSafeEqual } from 'node:crypto';
import { oidcError } from '../errors.ts';
import { PENDING_TTL_MS, type PendingSignIn } from '../pending.ts';

/** The `state` parameter of the callback, which is also the pending record's key. */
export function callbackState(params: URLSearchParams): string {
  const states = params.getAll('state');
  const state = states[0];
  if (states.length !== 1 || state === undefined || state === '') {
    throw oidcError('ERR_OIDC_STATE', 'OIDC callback has no state parameter (or more than one)');
  }
  return state;
}

/**
 * CSRF protection (RFC 6749 §10.12, OIDC Core §3.1.2.7): the callback must come back to the
 * browser that started the sign-in (its cookie holds the same state), must match a pending
 * sign-in of this provider, and must be no older than the pending TTL.
 */
export function checkState(input: {
  readonly state: string;
  readonly expectedState: string | undefined;
  readonly pending: PendingSignIn | undefined;
  readonly providerId: string;
  readonly now: number;
}): PendingSignIn {
  const { state, expectedState, pending } = input;
  if (expectedState === undefined || expectedState === '') {
    throw oidcError(
      'ERR_OIDC_STATE',
      'OIDC callback without the sign-in state cookie; start the sign-in again',
    );
  }
  if (!sameText(state, expectedState)) {
    throw oidcError(
      'ERR_OIDC_STATE',
      "OIDC callback state does not match this browser's sign-in; start again",
    );
  }
  if (pending === undefined || pending.provider !== input.providerId) {
    throw oidcError(
      'ERR_OIDC_STATE',
      'OIDC sign-in state is unknown, expired or already used; start again',
    );
  }
  if (input.now - pending.createdAt > PENDING_TTL_MS || input.now < pending.createdAt) {
    throw oidcError('ERR_OIDC_STATE', 'OIDC sign-in took longer than 10 minutes; start again');
  }
  return pending;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
