import { GatehouseError } from '@gatehouse/core';
import { absolutizeDevHtml } from './dev-html.ts';

export interface DevServerRequest {
  /** Dev server URL without trailing slash, e.g. `http://localhost:4444`. */
  readonly devServerUrl: string;
  readonly id: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

/**
 * Fetches `<devServerUrl>/<id>.html` from the widget dev server (Vite), which serves the widget
 * document with hot reload. Unreachable → ERR_APP_KIT_DEV_SERVER_UNREACHABLE; any answer but
 * 200 → ERR_APP_KIT_DEV_SERVER_ERROR.
 */
export async function fetchDevWidgetHtml(request: DevServerRequest): Promise<string> {
  const { devServerUrl, id, timeoutMs } = request;
  const pageUrl = `${devServerUrl}/${id}.html`;
  const doFetch = request.fetch;
  let response: Response;
  try {
    response = await doFetch(pageUrl, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
    throw new GatehouseError(
      'ERR_APP_KIT_DEV_SERVER_UNREACHABLE',
      `Widget dev server not reachable at ${devServerUrl}` +
        (timedOut ? ` (no answer within ${timeoutMs} ms)` : '') +
        '. Start it with `npm run dev:widgets` (or `npm run dev`), or set WIDGET_PORT.',
      { cause },
    );
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new GatehouseError(
      'ERR_APP_KIT_DEV_SERVER_ERROR',
      `Widget dev server at ${devServerUrl} answered ${response.status} ${response.statusText} ` +
        `for ${pageUrl}. Check that the widget dev server (\`npm run dev:widgets\`) is the one on ` +
        'that port and serves one <id>.html page per widget.',
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (cause) {
    throw new GatehouseError(
      'ERR_APP_KIT_DEV_SERVER_UNREACHABLE',
      `Widget dev server at ${devServerUrl} closed the connection while sending ${pageUrl}.`,
      { cause },
    );
  }
  return absolutizeDevHtml(text, pageUrl);
}

/** The dev server's origin and its WebSocket origin (Vite's HMR socket), for the CSP. */
export function devServerOrigins(devServerUrl: string): { http: string; ws: string } {
  const url = new URL(devServerUrl);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return { http: url.origin, ws: `${ws}//${url.host}` };
}
