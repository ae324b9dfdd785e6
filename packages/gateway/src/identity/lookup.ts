import type { Store } from '@gatehouse/core';
import { IDENTITY_KIND } from '../session/sessions.ts';

export interface KnownIdentity {
  readonly email: string | null;
  readonly name: string | null;
  readonly groups: readonly string[];
  readonly disabled: boolean;
}

/**
 * Who an account id is now: built-in accounts from the accounts table (so `users disable` and
 * group changes apply at the next token), upstream identities from their last sign-in.
 */
export function createIdentityLookup(
  store: Store,
): (accountId: string) => Promise<KnownIdentity | undefined> {
  return async (accountId) => {
    const account = await store.accounts.findById(accountId);
    if (account !== undefined) {
      return {
        email: account.email,
        name: account.name,
        groups: account.groups,
        disabled: account.disabled,
      };
    }
    const known = (await store.records.get(IDENTITY_KIND, accountId, Date.now())) as
      { email?: unknown; name?: unknown; groups?: unknown } | undefined;
    if (known === undefined || known === null || typeof known !== 'object') return undefined;
    return {
      email: typeof known.email === 'string' ? known.email : null,
      name: typeof known.name === 'string' ? known.name : null,
      groups: Array.isArray(known.groups)
        ? known.groups.filter((g): g is string => typeof g === 'string')
        : [],
      disabled: false,
    };
  };
}
