import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatehouseError } from '@gatehouse/core';
import type { InteractionDetails, ProviderInstance } from './provider/module.ts';

/** What our interaction pages need to know about a pending authorization request. */
export interface InteractionInfo {
  readonly uid: string;
  readonly prompt: 'login' | 'consent';
  /** Set once the user has signed in. */
  readonly accountId: string | undefined;
  readonly client: {
    readonly clientId: string;
    readonly clientName: string | null;
    readonly redirectUri: string;
    readonly isCimd: boolean;
  };
  readonly scopes: readonly string[];
  /** The MCP server asked for: the request's `resource`, or the one the provider resolved. */
  readonly resource: string | undefined;
  /**
   * Every MCP server (RFC 8707 resource) this consent would cover: those named by the request
   * and those the grant is missing. Remembered consent must cover all of them (defect 5).
   */
  readonly resources: readonly string[];
}

export const ERR_OAUTH_INTERACTION = 'ERR_OAUTH_INTERACTION';

export async function describeInteraction(
  provider: ProviderInstance,
  details: InteractionDetails,
): Promise<InteractionInfo> {
  const { params } = details;
  const clientId = typeof params['client_id'] === 'string' ? params['client_id'] : '';
  const client = await provider.Client.find(clientId);
  const prompt = details.prompt.name;
  if (client === undefined || (prompt !== 'login' && prompt !== 'consent')) {
    throw new GatehouseError(ERR_OAUTH_INTERACTION, 'the interaction cannot be completed here');
  }
  const redirectUri = params['redirect_uri'];
  const scope = params['scope'];
  const resources = resourcesOf(params['resource'], details.prompt.details);
  return {
    uid: details.uid,
    prompt,
    accountId: details.session?.accountId,
    client: {
      clientId,
      clientName: client.clientName ?? null,
      redirectUri: typeof redirectUri === 'string' ? redirectUri : (client.redirectUris[0] ?? ''),
      isCimd: client.clientIdMetadataDocument === true,
    },
    scopes: typeof scope === 'string' ? scope.split(' ').filter((s) => s !== '') : [],
    resource: resources.length === 1 ? resources[0] : undefined,
    resources,
  };
}

/** The resources named by the request (one or several) and those the consent prompt lists. */
function resourcesOf(
  requested: unknown,
  promptDetails: Readonly<Record<string, unknown>>,
): readonly string[] {
  const named = (Array.isArray(requested) ? requested : [requested]).filter(
    (r): r is string => typeof r === 'string',
  );
  const missing = promptDetails['missingResourceScopes'];
  const lacking = typeof missing === 'object' && missing !== null ? Object.keys(missing) : [];
  return [...new Set([...named, ...lacking])];
}

/**
 * Records consent: the scopes and resource scopes the request is missing are added to the
 * user's grant for this client (a new grant the first time).
 */
export async function grantConsent(
  provider: ProviderInstance,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<string> {
  const details = await provider.interactionDetails(req, res);
  const accountId = details.session?.accountId;
  const clientId = details.params['client_id'];
  if (
    details.prompt.name !== 'consent' ||
    accountId === undefined ||
    typeof clientId !== 'string'
  ) {
    throw new GatehouseError(ERR_OAUTH_INTERACTION, 'the interaction is not waiting for consent');
  }
  const existing =
    details.grantId === undefined ? undefined : await provider.Grant.find(details.grantId);
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  const missing = details.prompt.details;
  const oidcScopes = missing['missingOIDCScope'];
  if (Array.isArray(oidcScopes)) grant.addOIDCScope(oidcScopes.join(' '));
  const claims = missing['missingOIDCClaims'];
  if (Array.isArray(claims)) grant.addOIDCClaims(claims.filter((c) => typeof c === 'string'));
  const resourceScopes = missing['missingResourceScopes'];
  if (typeof resourceScopes === 'object' && resourceScopes !== null) {
    for (const [resource, scopes] of Object.entries(resourceScopes)) {
      if (Array.isArray(scopes)) grant.addResourceScope(resource, scopes.join(' '));
    }
  }
  const grantId = await grant.save();
  return provider.interactionResult(req, res, { consent: { grantId } });
}
