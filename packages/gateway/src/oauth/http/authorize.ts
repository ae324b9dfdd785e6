import type { IncomingMessage } from 'node:http';
import { MCP_SCOPE } from '../provider/resources.ts';

/**
 * Pitfall 1 (research spikes §2): oidc-provider ends a request without `scope` in
 * `access_denied`, and MCP clients (and the conformance suite) often send none. Such a request
 * asks for the MCP resource scope, which is all there is to ask for.
 */
export function defaultScope(req: IncomingMessage): void {
  const url = new URL(req.url ?? '/', 'http://as.invalid');
  const scope = url.searchParams.get('scope');
  if (scope !== null && scope.trim() !== '') return;
  url.searchParams.set('scope', MCP_SCOPE);
  req.url = `${url.pathname}${url.search}`;
}
