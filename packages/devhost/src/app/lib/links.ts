/**
 * `ui/open-link` allow-list: only absolute http(s) URLs are opened (MCP security best practices,
 * URL validation); `javascript:`, `data:`, `file:` and custom schemes are refused.
 */
export function allowedLink(url: unknown): URL | undefined {
  if (typeof url !== 'string') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
}
