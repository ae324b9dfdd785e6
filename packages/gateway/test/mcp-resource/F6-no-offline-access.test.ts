import { describe, expect, it } from 'vitest';
import {
  protectedResourceMetadata,
  unauthorizedResponse,
  wwwAuthenticate,
} from '../../src/mcp/resource/index.ts';
import { ISSUER, ROUTE_A, ROUTE_B } from './support.ts';

// Research gateways.md §5 F6, mcp-spec.md §3.2 item 6: offline_access is not advertised.
describe('F6: offline_access appears in neither the PRM nor a challenge', () => {
  it('publishes only the mcp scope and the header bearer method', () => {
    for (const route of [ROUTE_A, ROUTE_B]) {
      const prm = protectedResourceMetadata(route, ISSUER);
      expect(prm).toEqual({
        resource: route.mcpResource,
        authorization_servers: [ISSUER],
        scopes_supported: ['mcp'],
        bearer_methods_supported: ['header'],
        resource_name: route.id,
        dpop_signing_alg_values_supported: ['ES256', 'ES384', 'Ed25519', 'EdDSA', 'PS256', 'RS256'],
        dpop_bound_access_tokens_required: false,
      });
      expect(JSON.stringify(prm)).not.toContain('offline_access');
      expect(wwwAuthenticate(route)).not.toContain('offline_access');
      for (const reason of ['missing', 'invalid', 'expired'] as const) {
        expect(JSON.stringify(unauthorizedResponse(route, reason))).not.toContain('offline_access');
      }
    }
  });
});
