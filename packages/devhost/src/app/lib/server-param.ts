/** `?server=<url-encoded MCP URL>`: a link that opens the dev host with that URL filled in. */
const SERVER_PARAM = 'server';

/**
 * The MCP server URL from the page's query, when it is an http(s) URL; anything else is ignored
 * (the configured default applies). Never read on the OAuth callback page, whose query belongs to
 * the authorization server. It fills the field; the page connects by itself only when this tab
 * already holds tokens for that server (App.tsx).
 */
export function serverUrlFromQuery(
  search: string,
  pathname: string,
  callbackPath: string,
): string | undefined {
  if (pathname === callbackPath) return undefined;
  const value = new URLSearchParams(search).get(SERVER_PARAM);
  if (value === null) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
