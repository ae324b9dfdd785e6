import { oidcErrors, type ClientInstance, type HookContext } from '../provider/module.ts';

/** The token endpoint authentication methods a CIMD client may use (no shared secrets). */
export const CIMD_AUTH_METHODS: ReadonlySet<string> = new Set(['none', 'private_key_jwt']);

/** Client metadata we accept beyond RFC 7591: ChatGPT's document lists the methods it can use. */
export const OFFERED_METHODS_KEY = 'token_endpoint_auth_methods_supported';

/**
 * `extraClientMetadata.validator`: `token_endpoint_auth_methods_supported` in client metadata
 * (not an RFC 7591 member; ChatGPT's document carries it) must be an array of strings.
 */
export function validateOfferedMethods(
  _ctx: unknown,
  key: string,
  value: unknown,
  _metadata: unknown,
): void {
  if (key !== OFFERED_METHODS_KEY || value === undefined) return;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new oidcErrors.InvalidClientMetadata(
      `${OFFERED_METHODS_KEY} must be an array of strings`,
    );
  }
}

/**
 * The methods a CIMD document offers: its `token_endpoint_auth_method` plus those of its
 * `token_endpoint_auth_methods_supported` we allow for CIMD (`none`, `private_key_jwt`).
 */
export function offeredMethods(client: ClientInstance): ReadonlySet<string> {
  const offered = new Set<string>();
  if (client.tokenEndpointAuthMethod !== undefined) offered.add(client.tokenEndpointAuthMethod);
  for (const method of client[OFFERED_METHODS_KEY] ?? []) {
    if (CIMD_AUTH_METHODS.has(method)) offered.add(method);
  }
  return offered;
}

/**
 * oidc-provider gives a client exactly one `token_endpoint_auth_method`. A CIMD document may
 * offer both `none` and `private_key_jwt` (ChatGPT's does); the client then picks per request.
 * We pick the method the request itself uses: a request that carries `client_assertion` is
 * authenticated as `private_key_jwt` (and must verify), any other as `none` (a public client,
 * PKCE-bound, exactly as if the document had said `none`). See docs/adr/0003.
 *
 * This is sound only because the provider builds a fresh client object from the (cached)
 * document on every lookup, so the choice never leaks into another request; a document that
 * offers one method keeps it. If two requests ever shared the object, the wrong choice fails
 * closed: an assertion is never accepted as `none`, nor a missing one as `private_key_jwt`.
 */
export function chooseCimdAuthMethod(ctx: HookContext | undefined, client: ClientInstance): void {
  const offered = offeredMethods(client);
  if (!(offered.has('none') && offered.has('private_key_jwt'))) return;
  const assertion = ctx?.oidc.params?.['client_assertion'];
  const chosen = assertion === undefined ? 'none' : 'private_key_jwt';
  (client as { tokenEndpointAuthMethod?: string }).tokenEndpointAuthMethod = chosen;
}
