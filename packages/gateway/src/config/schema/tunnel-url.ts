import { z } from 'zod';
import { parseHttpUrl } from './values.ts';

/** Placeholders of `tunnel_url`; lower case so they survive URL host normalisation. */
export const TUNNEL_URL_ROUTE = '{route}';
export const TUNNEL_URL_NAMESPACE = '{namespace}';

/** `tunnel_url`: the public URL of every tunnel route, with both placeholders in its host. */
export const tunnelUrlTemplate = z.string().superRefine((v, ctx) => {
  const problem = tunnelUrlProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

function tunnelUrlProblem(template: string): string | undefined {
  for (const placeholder of [TUNNEL_URL_ROUTE, TUNNEL_URL_NAMESPACE]) {
    if (template.split(placeholder).length !== 2)
      return `must contain ${placeholder} exactly once, e.g. https://{route}--{namespace}.tunnels.example.com`;
  }
  const sample = template
    .replace(TUNNEL_URL_ROUTE, 'mcp')
    .replace(TUNNEL_URL_NAMESPACE, 'brave-otter-123');
  const url = parseHttpUrl(sample, template);
  if (typeof url === 'string') return url;
  if (url.origin === 'null' || url.username !== '' || url.password !== '')
    return 'must be scheme://host[:port] only';
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[/?#]$/.test(template))
    return 'must be an origin (scheme://host[:port]) without a path: the MCP path /mcp is added';
  const host = url.hostname;
  if (!host.includes('mcp') || !host.includes('brave-otter-123'))
    return '{route} and {namespace} must be in the host name';
  return undefined;
}
