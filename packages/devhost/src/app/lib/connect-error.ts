/**
 * The message for a failed connect. A URL without a path (`https://host/`) is the most common
 * mistake: MCP servers answer on a path such as `/mcp`, so suggest that URL.
 */
export function connectErrorMessage(url: URL, detail: string): string {
  if (url.pathname !== '/') return `Could not connect to ${url.href}: ${detail}`;
  const suggestion = new URL(url.href);
  suggestion.pathname = '/mcp';
  return (
    `Could not connect to ${url.href}: no MCP server answered there. MCP servers answer on a ` +
    `path, usually /mcp — try ${suggestion.href} (the Gatehouse template and gateway use /mcp). ` +
    `Details: ${detail}`
  );
}
