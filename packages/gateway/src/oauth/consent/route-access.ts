import type { Identity } from '@gatehouse/core';
import { allowPossible } from '@gatehouse/policy';
import type { ResolvedRoute } from '../../config/index.ts';

/**
 * Criteria whose value is known at consent time, from the signed-in user alone. Everything else
 * (the MCP method and tool, the HTTP request, the client's address, the time, claims, which MCP
 * routes do not receive) is unknown until the client calls, so it can never rule a user out here.
 */
const KNOWN_AT_CONSENT: ReadonlySet<string> = new Set([
  'accept',
  'reject',
  'authenticated_user',
  'user',
  'email',
  'domain',
  'groups',
]);

/**
 * True when the route's policy can let this user make no MCP request at all, whatever they ask
 * for: then the authorization server refuses up front instead of issuing a token every call
 * would be refused with (Pomerium issues it and refuses later).
 */
export function routeRefusesUser(
  route: ResolvedRoute,
  user: Pick<Identity, 'userId' | 'email' | 'groups'>,
  now: number,
): boolean {
  return !allowPossible(
    route.policy,
    {
      session: { id: 'consent' },
      user: {
        id: user.userId,
        ...(user.email === null ? {} : { email: user.email }),
        groups: user.groups,
      },
      now: new Date(now),
    },
    (criterion) => !KNOWN_AT_CONSENT.has(criterion),
  );
}
