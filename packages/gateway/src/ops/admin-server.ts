import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Metrics } from './metrics.ts';

export interface HealthReport {
  readonly ok: boolean;
  readonly [key: string]: unknown;
}

export interface AdminServerOptions {
  readonly metrics: Pick<Metrics, 'render'>;
  /** Must not include secrets: the body is served as-is. A throw reports `{ ok: false }`. */
  readonly health: () => Promise<HealthReport>;
}

const PROMETHEUS_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * The admin listener: GET `/metrics` (Prometheus text) and GET `/healthz` (JSON, 200 when ok,
 * else 503). Returned not listening; bind it to loopback unless a scraper needs more.
 */
export function createAdminServer(options: AdminServerOptions): Server {
  return createServer((req, res) => {
    void handle(options, req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
}

async function handle(options: AdminServerOptions, req: IncomingMessage, res: ServerResponse) {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/metrics' && path !== '/healthz') {
    send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    return;
  }
  // HEAD is GET without a body (RFC 9110 §9.3.2); node drops the body itself.
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    return;
  }
  if (path === '/metrics') {
    send(res, 200, PROMETHEUS_TYPE, await options.metrics.render());
    return;
  }
  let report: HealthReport;
  try {
    report = await options.health();
  } catch {
    report = { ok: false };
  }
  send(res, report.ok ? 200 : 503, 'application/json', `${JSON.stringify(report)}\n`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
