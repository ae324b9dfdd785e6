import { html } from './escape.ts';
import { layout, requestIdLine, type Page } from './layout.ts';

/** 404 for a Host the gateway has no route for. */
export function notFoundPage(options: { readonly host: string; readonly requestId: string }): Page {
  return layout({
    status: 404,
    title: 'No route',
    body: html`<p>No route for <code>${options.host}</code>.</p>
      <p>
        Check the address, or add a route with <code>from</code> set to this host in the gateway
        config (or start a tunnel for it).
      </p>
      ${requestIdLine(options.requestId)}`,
  });
}
