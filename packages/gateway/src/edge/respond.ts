import type { ServerResponse } from 'node:http';
import { PAGE_SECURITY_HEADERS } from '../pages/index.ts';

/** Writes one of our HTML pages with the security headers every page carries. */
export function sendPage(
  res: ServerResponse,
  status: number,
  html: string,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    ...PAGE_SECURITY_HEADERS,
    ...extra,
  });
  res.end(html);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': 'application/json',
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(JSON.stringify(body));
}

export const htmlOf = (r: string | { html: string }): string =>
  typeof r === 'string' ? r : r.html;

/** Browsers navigating get pages and redirects; API clients get status codes and JSON. */
export function wantsHtml(method: string | undefined, accept: string | undefined): boolean {
  return (
    (method === 'GET' || method === 'HEAD') && accept !== undefined && accept.includes('text/html')
  );
}
