import type { IncomingMessage } from 'node:http';

const FORWARDED = ['forwarded', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-for'];

/**
 * Makes the provider see the configured issuer as the request's origin, whatever the client
 * sent. oidc-provider builds endpoint URLs (metadata, redirects) from the request's host and
 * protocol (research spikes §2 pitfall 6; §5 F2, F4): with `proxy = true` it reads exactly the
 * X-Forwarded-* values set here, and any the client sent are dropped first.
 */
export function pinOrigin(req: IncomingMessage, issuer: string, clientIp: string): void {
  const { host, protocol } = new URL(issuer);
  for (const name of FORWARDED) delete req.headers[name];
  req.headers.host = host;
  req.headers['x-forwarded-host'] = host;
  req.headers['x-forwarded-proto'] = protocol.slice(0, -1);
  req.headers['x-forwarded-for'] = clientIp;
}
