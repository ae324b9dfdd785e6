import type { IncomingMessage } from 'node:http';
import type { SessionRecord } from '@gatehouse/core';
import { evaluate, type Decision, type PolicyInput } from '@gatehouse/policy';
import type { ResolvedRoute } from '../config/index.ts';

/** Builds the PPL input for a request on a route and evaluates the route's policy. */
export function decide(
  route: ResolvedRoute,
  req: IncomingMessage,
  host: string,
  clientIp: string,
  session: SessionRecord | undefined,
  now: Date,
): Decision {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const input: PolicyInput = {
    http: {
      method: req.method ?? 'GET',
      host,
      path: q === -1 ? url : url.slice(0, q),
      ip: clientIp,
      headers: req.headers as Record<string, string | undefined>,
    },
    now,
    ...(session === undefined
      ? {}
      : {
          session: { id: session.id },
          user: {
            id: session.userId,
            ...(session.email === null ? {} : { email: session.email }),
            groups: session.groups,
            claims: session.claims,
          },
        }),
  };
  return evaluate(route.policy, input);
}
