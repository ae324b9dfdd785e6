import type { Context } from 'hono';
import { PAGE_CSP } from '../pages/index.ts';

/** Headers every page we render carries: no framing, no caching, no referrer leaks. */
export function securePageHeaders(c: Context): void {
  c.header('content-security-policy', PAGE_CSP);
  c.header('x-frame-options', 'DENY');
  c.header('referrer-policy', 'no-referrer');
  c.header('cache-control', 'no-store');
  c.header('x-content-type-options', 'nosniff');
}

export function page(c: Context, rendered: { status: number; html: string }): Response {
  securePageHeaders(c);
  return c.html(rendered.html, rendered.status as 200);
}

export function redirect(c: Context, location: string): Response {
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  return c.redirect(location, 302);
}
