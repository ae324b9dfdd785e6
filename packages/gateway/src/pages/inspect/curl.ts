import type { McpExchange } from '@gatehouse/core';
import { originOf } from './format.ts';

/** What stands in for the bearer token in a copied command: never the real one. */
export const TOKEN_PLACEHOLDER = '$GATEHOUSE_TOKEN';

/**
 * Headers worth repeating (MCP Streamable HTTP, 2025-11-25 §Transports: Accept, the session and
 * protocol version headers). An allow-list: Authorization, cookies and anything else captured are
 * never copied, masked or not.
 */
const KEPT = ['content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version'] as const;

/** POSIX shell single quotes: `'` becomes `'\''`, nothing inside is expanded. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The recorded request as a curl command line, with `Authorization: Bearer $GATEHOUSE_TOKEN`
 * (double-quoted so the shell fills the user's own token in).
 */
export function curlFor(exchange: McpExchange, scheme: string): string {
  const origin = originOf(exchange, scheme) ?? 'https://ROUTE-HOST';
  const lines = [`curl -X ${exchange.httpMethod} ${shellQuote(`${origin}${exchange.path}`)}`];
  lines.push(`  -H "Authorization: Bearer ${TOKEN_PLACEHOLDER}"`);
  for (const name of KEPT) {
    const value = exchange.requestHeaders[name];
    if (value !== undefined) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  }
  const body = exchange.request?.text;
  if (body !== undefined && body !== '') lines.push(`  --data-raw ${shellQuote(body)}`);
  return lines.join(' \\\n');
}
