import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@gatehouse/core';
import type { DevHostConfig } from '../shared/contract.ts';
import { escapeHtml, hostAllowed, readOnlyMethod, send, sendText } from './http.ts';
import { contentTypeOf, lookupStatic } from './static-files.ts';

export interface HostSite {
  readonly port: number;
  /** `http://127.0.0.1:<sandboxPort>`: the only origin the app may frame. */
  readonly sandboxOrigin: string;
  readonly config: DevHostConfig;
}

export const NOT_BUILT_MESSAGE =
  'the dev host web app is not built: run npm run build --workspace packages/devhost';

/**
 * CSP of the app page. connect-src allows any http(s)/ws(s) origin because the user may connect
 * to any MCP server and its authorization server; frames only from the sandbox origin.
 */
function hostPageCsp(sandboxOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self' http: https: ws: wss:",
    `frame-src ${sandboxOrigin}`,
    "frame-ancestors 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export function createHostHandler(
  site: () => HostSite | undefined,
  appDir: string,
  logger: Logger,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const current = site();
    if (current === undefined) return sendText(res, 503, 'starting');
    const localhost = `localhost:${current.port}`;
    const loopback = `127.0.0.1:${current.port}`;
    if (!hostAllowed(req, [localhost, loopback])) return sendText(res, 403, 'forbidden host');
    if (!readOnlyMethod(req, res)) return;
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${localhost}`);

    if (url.pathname === '/config.json') {
      return send(
        res,
        200,
        { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' },
        JSON.stringify(current.config),
        method,
      );
    }

    void serveApp(req, res, url, current, appDir, logger).catch((cause: unknown) => {
      logger.error({ err: cause }, 'dev host request failed');
      if (!res.headersSent) sendText(res, 500, 'internal error');
      else res.destroy();
    });
  };
}

async function serveApp(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  site: HostSite,
  appDir: string,
  logger: Logger,
): Promise<void> {
  const method = req.method ?? 'GET';
  const found = await lookupStatic(appDir, url.pathname);
  if (found.kind === 'forbidden') return sendText(res, 403, 'forbidden', method);
  if (found.kind === 'file' && !found.path.endsWith('.html')) {
    const immutable = url.pathname.startsWith('/assets/');
    return send(
      res,
      200,
      {
        'Content-Type': contentTypeOf(found.path),
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
      found.body,
      method,
    );
  }
  if (found.kind === 'missing' && !found.spaRoute) return sendText(res, 404, 'not found', method);

  // A document: index.html itself, another .html file, or the SPA fallback (e.g. /oauth/callback).
  // The sandbox only accepts the localhost origin as its parent, so send 127.0.0.1 visitors there.
  if (req.headers.host?.toLowerCase().startsWith('127.0.0.1:')) {
    res.setHeader('Location', `http://localhost:${site.port}${url.pathname}${url.search}`);
    return sendText(res, 307, 'use localhost', method);
  }
  const page =
    found.kind === 'file' ? found : await lookupStatic(appDir, '/index.html').catch(() => null);
  if (page?.kind !== 'file') {
    logger.error({ appDir }, NOT_BUILT_MESSAGE);
    return send(
      res,
      500,
      { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
      `<!doctype html><meta charset="utf-8"><title>Dev host not built</title>` +
        `<p>${escapeHtml(NOT_BUILT_MESSAGE)}</p>\n`,
      method,
    );
  }
  send(
    res,
    200,
    {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': hostPageCsp(site.sandboxOrigin),
      'Cache-Control': 'no-cache',
    },
    page.body,
    method,
  );
}
