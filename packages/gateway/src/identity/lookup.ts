import type { Identity, Store } from '@gatehouse/core';
import { IDENTITY_KIND } from '../session/sessions.ts';

/** A user as known now: who they are, and whether an operator disabled them. */
export type KnownUser = Identity & { readonly disabled: boolean };

/** Looks a user up by user id; `undefined` when nobody by that id ever signed in. */
export type IdentityLookup = (userId: string) => Promise<KnownUser | undefined>;

/**
 * Who an account id is now: built-in accounts from the accounts table (so `users disable` and
 * group changes apply at the next token), upstream identities from their last sign-in.
 */
export function createIdentityLookup(store: Store): IdentityLookup {
  return async (userId) => {
    const account = await store.accounts.findById(userId);
    if (account !== undefined) {
      return {
        userId,
        email: account.email,
        name: account.name,
        groups: account.groups,
        disabled: account.disabled,
      };
    }
    const known = (await store.records.get(IDENTITY_KIND, userId, Date.now())) as
      { email?: unknown; name?: unknown; groups?: unknown } | undefined;
    if (known === undefined || known === null || typeof known !== 'object') return undefined;
    return {
      userId,
      email: typeof known.email === 'string' ? known.email : null,
      name: typeof known.name === 'string' ? known.name : null,
      groups: Array.isArray(known.groups)
        ? known.groups.filter((g): g is string => typeof g === 'string')
        : [],
      disabled: false,
    };
  };
}
