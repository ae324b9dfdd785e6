import { z } from 'zod';

/** `host:port` or `:port` (all interfaces) or a bare port. */
export const listenAddress = z
  .union([z.number().int().min(0).max(65535), z.string()])
  .transform((v, ctx) => {
    const text = String(v);
    const m = /^(?:(\[[0-9a-fA-F:.]+\]|[^:[\]]*):)?(\d{1,5})$/.exec(text);
    const port = m === null ? Number.NaN : Number(m[2]);
    if (m === null || port > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `not a listen address: "${text}" (use host:port, e.g. 127.0.0.1:8787)`,
      });
      return z.NEVER;
    }
    const rawHost = m[1] ?? '';
    const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
    return { host: host === '' ? '0.0.0.0' : host, port };
  });

/** An http(s) URL, or the message saying why `v` is not one (quoting `shown`). */
export function parseHttpUrl(v: string, shown = v): URL | string {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `not a URL: "${shown}"`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `must be http:// or https://, got "${url.protocol}"`;
  return url;
}

/** An http(s) origin with no path, query or fragment: a route's `from` or the auth service URL. */
export const origin = z.string().transform((v, ctx) => {
  const url = parseHttpUrl(v);
  if (typeof url === 'string') {
    ctx.addIssue({ code: 'custom', message: url });
    return z.NEVER;
  }
  if (
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    ctx.addIssue({
      code: 'custom',
      message: `must be an origin only (scheme://host[:port]), got "${v}"`,
    });
    return z.NEVER;
  }
  return url.origin;
});

/** A route's `to`: any http(s) URL. */
export const upstreamUrl = z.string().transform((v, ctx) => {
  const url = parseHttpUrl(v);
  if (typeof url === 'string') {
    ctx.addIssue({ code: 'custom', message: url });
    return z.NEVER;
  }
  return url.href;
});

export const cidr = z
  .string()
  .regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'not an IP address or CIDR (e.g. 10.0.0.0/8)');

export const routeId = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'use lower-case letters, digits and dashes');
