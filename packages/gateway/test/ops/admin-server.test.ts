import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createAdminServer, createMetrics } from '../../src/ops/index.ts';
import { parseExposition } from './exposition.ts';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) =>
    server === undefined ? resolve() : server.close(() => resolve()),
  );
  server = undefined;
});

async function start(health: () => Promise<{ ok: boolean; [k: string]: unknown }>) {
  const metrics = createMetrics();
  server = createAdminServer({ metrics, health });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { metrics, base: `http://127.0.0.1:${port}` };
}

describe('admin server', () => {
  it('GET /metrics serves Prometheus text 0.0.4', async () => {
    const { metrics, base } = await start(() => Promise.resolve({ ok: true }));
    metrics.recordRequest('app', 200);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const { samples } = parseExposition(await res.text());
    expect(samples).toContainEqual({
      name: 'gatehouse_http_requests_total',
      labels: { route: 'app', code: '200' },
      value: 1,
    });
  });

  it('GET /healthz is 200 with the report when ok', async () => {
    const { base } = await start(() => Promise.resolve({ ok: true, store: 'ok', routes: 2 }));
    const res = await fetch(`${base}/healthz?verbose=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ ok: true, store: 'ok', routes: 2 });
  });

  it('GET /healthz is 503 when not ok, and when the check throws', async () => {
    const down = await start(() => Promise.resolve({ ok: false, store: 'unreachable' }));
    const res = await fetch(`${down.base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, store: 'unreachable' });
    await new Promise<void>((resolve) => server?.close(() => resolve()));

    const broken = await start(() => Promise.reject(new Error('secret-ish internal detail')));
    const res2 = await fetch(`${broken.base}/healthz`);
    expect(res2.status).toBe(503);
    const body = await res2.text();
    expect(JSON.parse(body)).toEqual({ ok: false });
    expect(body).not.toContain('internal detail');
  });

  it('404 for other paths, 405 with Allow for other methods, HEAD works', async () => {
    const { base } = await start(() => Promise.resolve({ ok: true }));
    expect((await fetch(`${base}/`)).status).toBe(404);
    expect((await fetch(`${base}/metricsx`)).status).toBe(404);
    const post = await fetch(`${base}/metrics`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${base}/healthz`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
