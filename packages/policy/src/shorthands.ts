import { compileSources, type PolicySource } from './compile.ts';
import type { CompiledPolicy } from './compiled.ts';

/** A route's access options that Pomerium users write instead of (or next to) a `policy`. */
export interface RouteShorthands {
  readonly allow_public_unauthenticated_access?: boolean;
  readonly cors_allow_preflight?: boolean;
  readonly allow_any_authenticated_user?: boolean;
  readonly allowed_domains?: readonly string[];
  /** Claim name → accepted values. */
  readonly allowed_idp_claims?: Readonly<Record<string, readonly string[]>>;
  /** User ids or email addresses. */
  readonly allowed_users?: readonly string[];
}

/**
 * The one `allow: { or: [...] }` rule the shorthands stand for, in Pomerium's order
 * (config/policy_ppl.go), or undefined when none is set.
 */
export function shorthandRule(route: RouteShorthands): Record<string, unknown> | undefined {
  const or: Record<string, unknown>[] = [];
  if (route.allow_public_unauthenticated_access === true) or.push({ accept: true });
  if (route.cors_allow_preflight === true) or.push({ cors_preflight: true });
  if (route.allow_any_authenticated_user === true) or.push({ authenticated_user: true });
  for (const d of route.allowed_domains ?? []) or.push({ domain: { is: d } });
  // Pomerium sorts the claim names (sort.Strings in config/policy_ppl.go).
  const claims = Object.entries(route.allowed_idp_claims ?? {}).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  for (const [name, values] of claims) {
    for (const value of values) or.push({ [`claim/${name}`]: value });
  }
  for (const u of route.allowed_users ?? []) {
    or.push({ user: { is: u } }, { email: { is: u } });
  }
  return or.length === 0 ? undefined : { allow: { or } };
}

/**
 * A route's whole policy: the shorthand rule first (path `<path>.shorthands`), then the route's
 * own `policy` (path `<path>.policy`). A route with neither allows nothing.
 */
export function compileRoutePolicy(
  route: RouteShorthands & { readonly policy?: unknown },
  options: { readonly path?: string } = {},
): CompiledPolicy {
  const prefix = options.path === undefined ? '' : `${options.path}.`;
  const sources: PolicySource[] = [
    { document: shorthandRule(route), path: `${prefix}shorthands` },
    { document: route.policy, path: `${prefix}policy` },
  ];
  return compileSources(sources);
}
