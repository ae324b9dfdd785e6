import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import type { HealthOptions } from '../src/index.ts';
import { createHealthHandler } from '../src/index.ts';
import { listen } from './support/http.ts';

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function send(url: string, method: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function serve(options: HealthOptions): Promise<string> {
  return `${(await listen(createHealthHandler(options))).url}/healthz`;
}

describe('createHealthHandler', () => {
  it('answers GET with the status, version, session count and uptime, never cached', async () => {
    let clock = 1_000_000;
    const url = await serve({
      name: 'echo-app',
      version: '1.2.3',
      sessions: () => 3,
      startedAt: 1_000_000,
      now: () => clock,
    });
    clock += 61_900;
    const reply = await send(url, 'GET');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(reply.body)).toEqual({
      status: 'ok',
      name: 'echo-app',
      version: '1.2.3',
      sessions: 3,
      uptimeSeconds: 61,
    });
  });

  it('counts uptime from creation and reports 0 sessions by default', async () => {
    let clock = 5_000;
    const url = await serve({ name: 'a', version: '0.0.0', now: () => clock });
    clock += 2_500;
    expect(JSON.parse((await send(url, 'GET')).body)).toMatchObject({
      sessions: 0,
      uptimeSeconds: 2,
    });
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await send(await serve({ name: 'a', version: '1' }), 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.body).toBe('');
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('answers %s with 405 and Allow', async (method) => {
    const reply = await send(await serve({ name: 'a', version: '1' }), method);
    expect(reply.status).toBe(405);
    expect(reply.headers['allow']).toBe('GET, HEAD');
  });

  it('answers 500 without details when the session counter throws', async () => {
    const url = await serve({
      name: 'a',
      version: '1',
      sessions: () => {
        throw new Error('store exploded at /var/lib/secret');
      },
    });
    const reply = await send(url, 'GET');
    expect(reply.status).toBe(500);
    expect(JSON.parse(reply.body)).toEqual({ status: 'error' });
  });
});
