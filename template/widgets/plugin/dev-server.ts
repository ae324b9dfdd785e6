import type { ServerResponse } from 'node:http';
import { discoverWidgets, renderWidgetHtml, type WidgetSource } from '@gatehouse/app-kit';
import type { ViteDevServer } from 'vite';
import { entryUrl } from './entry.ts';

/** `/manifest.json` on the dev server: which widgets exist and how to load each. */
export interface DevManifest {
  readonly version: 1;
  readonly mode: 'dev';
  readonly origin: string;
  readonly widgets: Readonly<
    Record<string, { readonly html: string; readonly scripts: readonly string[] }>
  >;
}

const WIDGET_HTML = /^\/(?<id>[a-z][a-z0-9-]*)\.html$/;

/**
 * Serves `GET /<id>.html` (the widget document with absolute script URLs, so it works when a host
 * renders it in a sandboxed iframe on another origin) and `GET /manifest.json`. Widgets are
 * discovered on every request, so a new widget file shows up without a restart.
 * Vite's CORS and Host-header checks run before this middleware.
 */
export function installDevRoutes(server: ViteDevServer, widgetsDir: string, origin: string): void {
  server.middlewares.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const { pathname } = new URL(req.url ?? '/', origin);
    const htmlId = WIDGET_HTML.exec(pathname)?.groups?.['id'];
    if (pathname !== '/manifest.json' && htmlId === undefined) return next();
    discoverWidgets(widgetsDir).then((widgets) => {
      if (pathname === '/manifest.json') {
        return send(
          res,
          'application/json',
          `${JSON.stringify(devManifest(widgets, origin), null, 2)}\n`,
        );
      }
      const widget = widgets.find((w) => w.id === htmlId);
      if (widget === undefined) return next();
      send(
        res,
        'text/html; charset=utf-8',
        renderWidgetHtml({ id: widget.id, scripts: devScripts(widget, origin) }),
      );
    }, next);
  });
}

/** Vite's client (HMR) first, then the widget entry, which installs React Refresh before React. */
export function devScripts(widget: WidgetSource, origin: string): string[] {
  return [`${origin}/@vite/client`, `${origin}${entryUrl(widget.id)}`];
}

function devManifest(widgets: readonly WidgetSource[], origin: string): DevManifest {
  return {
    version: 1,
    mode: 'dev',
    origin,
    widgets: Object.fromEntries(
      widgets.map((w) => [
        w.id,
        { html: `${origin}/${w.id}.html`, scripts: devScripts(w, origin) },
      ]),
    ),
  };
}

function send(res: ServerResponse, type: string, body: string): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', type);
  // Always fresh: the document names the entry, and the host may re-fetch it at any time.
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
