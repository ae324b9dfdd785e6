import type { IncomingMessage, ServerResponse } from 'node:http';

export interface HealthOptions {
  readonly name: string;
  readonly version: string;
  /** Number of open MCP sessions (legacy protocol era); 0 when omitted. */
  readonly sessions?: () => number;
  /** Start time in ms since the epoch; defaults to when the handler was created. */
  readonly startedAt?: number;
  /** Clock, injectable for tests. Defaults to Date.now. */
  readonly now?: () => number;
}

export interface HealthBody {
  readonly status: 'ok';
  readonly name: string;
  readonly version: string;
  readonly sessions: number;
  readonly uptimeSeconds: number;
}

/**
 * A liveness endpoint for load balancers and `docker HEALTHCHECK`: GET/HEAD answer 200 JSON
 * (never cached); other methods 405 with `Allow`. It does not look at the path; mount it where
 * you want it (e.g. `/healthz`).
 */
export function createHealthHandler(
  options: HealthOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const now = options.now ?? Date.now;
  const startedAt = options.startedAt ?? now();
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { status: 'error', error: 'method not allowed' }, { Allow: 'GET, HEAD' });
      return;
    }
    let body: HealthBody;
    try {
      body = {
        status: 'ok',
        name: options.name,
        version: options.version,
        sessions: options.sessions?.() ?? 0,
        uptimeSeconds: Math.max(0, Math.floor((now() - startedAt) / 1000)),
      };
    } catch {
      // A failing session counter means the process is unhealthy; say so without details.
      send(res, 500, { status: 'error' }, {}, req.method === 'HEAD');
      return;
    }
    send(res, 200, body, {}, req.method === 'HEAD');
  };
}

function send(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string>,
  headOnly = false,
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
  });
  res.end(headOnly ? undefined : json);
}
