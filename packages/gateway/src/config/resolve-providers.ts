import type { ConfigIssue } from './errors.ts';
import type { IdentityProviderConfig } from './schema/index.ts';
import type { ResolvedIdentityProvider } from './types.ts';

/** Resolves the identity providers; ids must be unique and there is at most one builtin. */
export function resolveProviders(
  providers: readonly IdentityProviderConfig[],
  issues: ConfigIssue[],
): ResolvedIdentityProvider[] {
  const seen = new Map<string, number>();
  let builtin: number | undefined;
  const out: ResolvedIdentityProvider[] = [];
  providers.forEach((p, index) => {
    const at = `identity_providers[${index}]`;
    const previous = seen.get(p.id);
    if (previous !== undefined) {
      issues.push({
        path: `${at}.id`,
        message: `duplicate provider id "${p.id}" (also identity_providers[${previous}])`,
      });
      return;
    }
    seen.set(p.id, index);
    if (p.type === 'builtin') {
      if (builtin !== undefined) {
        const message = `only one builtin provider is allowed (also identity_providers[${builtin}])`;
        issues.push({ path: `${at}.type`, message });
        return;
      }
      builtin = index;
      out.push(Object.freeze({ type: 'builtin', id: p.id, name: p.name }));
      return;
    }
    // http issuers are refused at discovery unless the operator opts in (--allow-insecure-idp).
    out.push(
      Object.freeze({
        type: 'oidc',
        id: p.id,
        name: p.name ?? p.id,
        issuer: p.issuer,
        clientId: p.client_id,
        clientSecret: p.client_secret,
        scopes: Object.freeze([...p.scopes]),
      }),
    );
  });
  return out;
}
