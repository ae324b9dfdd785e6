import type { Context } from 'hono';
import { PAGE_SECURITY_HEADERS, REDIRECT_SECURITY_HEADERS } from '../pages/index.ts';

/** Headers every page we render carries: no framing, no caching, no referrer leaks. */
export function securePageHeaders(c: Context): void {
  for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) c.header(name, value);
}

export function page(c: Context, rendered: { status: number; html: string }): Response {
  securePageHeaders(c);
  return c.html(rendered.html, rendered.status as 200);
}

export function redirect(c: Context, location: string): Response {
  for (const [name, value] of Object.entries(REDIRECT_SECURITY_HEADERS)) c.header(name, value);
  return c.redirect(location, 302);
}
