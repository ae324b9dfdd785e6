import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers every response of both servers carries. */
const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
} as const;

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string | Buffer,
  method = 'GET',
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...BASE_HEADERS, ...headers, 'Content-Length': String(bytes.length) });
  res.end(method === 'HEAD' ? undefined : bytes);
}

export function sendText(res: ServerResponse, status: number, text: string, method = 'GET'): void {
  send(
    res,
    status,
    { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    text + '\n',
    method,
  );
}

/**
 * DNS rebinding: a page on another site can point its own name at 127.0.0.1, so a loopback
 * server must refuse any Host it does not expect (mcp-spec.md §3.6).
 */
export function hostAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const host = req.headers.host?.toLowerCase();
  return host !== undefined && allowed.includes(host);
}

/** Only GET and HEAD exist here; answers 405 and returns false for anything else. */
export function readOnlyMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return true;
  res.setHeader('Allow', 'GET, HEAD');
  sendText(res, 405, 'method not allowed');
  return false;
}

/** Minimal HTML escaping for text and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
