import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/index.ts';
import { freePort, handshake, until } from '@gatehouse/testing';
import {
  logged,
  startAcmeGateway,
  type RecordingLogger,
  startPebble,
  type Pebble,
} from '@gatehouse/testing/gateway';

function httpGet(port: number, host: string, path: string) {
  return new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, location: res.headers.location });
    });
    req.on('error', reject);
    req.end();
  });
}

const ROUTES = (port: number, hosts: readonly string[]) =>
  `routes:\n${hosts.map((h) => `  - from: https://${h}:${port}\n    to: http://127.0.0.1:1\n`).join('')}`;

describe('the ACME server is down at start, then comes up; later down again at renewal', () => {
  let dir: string;
  let pebble: Pebble;
  let gateway: RunningGateway;
  let logger: RecordingLogger;
  let port: number;
  let httpPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-down-'));
    port = await freePort();
    httpPort = await freePort();
    pebble = await startPebble({
      dir,
      httpPort,
      tlsPort: port,
      validitySeconds: 40,
      startStopped: true,
    });
    ({ gateway, logger } = await startAcmeGateway({
      dir,
      port,
      pebble,
      extra: `http_listen: 127.0.0.1:${httpPort}\n${ROUTES(port, ['app.example.test'])}`,
    }));
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await pebble?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the https redirect meanwhile, logs the reason and the fix, retries, then succeeds', async () => {
    expect(await httpGet(httpPort, 'app.example.test', '/x')).toEqual({
      status: 301,
      location: `https://app.example.test:${port}/x`,
    });
    const unreachable =
      /^certificate for (app|auth)\.example\.test not obtained: cannot reach the ACME directory https:\/\/127\.0\.0\.1:\d+\/dir \(ECONNREFUSED\); check tls\.acme\.directory_url/;
    await until(
      'two failed attempts for a name',
      () => logged(logger, unreachable).length >= 4,
      90_000,
    );
    await pebble.start();
    const root = await pebble.root();
    const app = await until(
      'a certificate once pebble is up',
      async () => {
        const h = await handshake(port, 'app.example.test', root);
        return h.authorized ? h : undefined;
      },
      90_000,
    );
    expect(app.subjectAltName).toBe('DNS:app.example.test');
  }, 200_000);

  it('keeps serving the previous certificate when renewal cannot reach the ACME server', async () => {
    const root = await pebble.root();
    const before = await handshake(port, 'app.example.test', root);
    expect(before.authorized).toBe(true);
    await pebble.stop();
    const failedRenewal = (l: (typeof logger.lines)[number]) =>
      l.obj['name'] === 'app.example.test' &&
      l.obj['keptPrevious'] === true &&
      /not obtained/.test(l.msg ?? '');
    await until('a failed renewal', () => logger.lines.some(failedRenewal), 90_000);
    const after = await handshake(port, 'app.example.test', root);
    expect(after.authorized).toBe(true);
    expect(after.peer?.fingerprint256).toBe(before.peer?.fingerprint256);
  }, 120_000);
});

describe('an order the CA refuses', () => {
  let dir: string;
  let pebble: Pebble;
  let gateway: RunningGateway;
  let logger: RecordingLogger;
  let port: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gatehouse-acme-refused-'));
    port = await freePort();
    pebble = await startPebble({
      dir,
      httpPort: await freePort(),
      tlsPort: port,
      blocklist: ['refused.example.test'],
    });
    ({ gateway, logger } = await startAcmeGateway({
      dir,
      port,
      pebble,
      extra: ROUTES(port, ['app.example.test', 'refused.example.test']),
    }));
  }, 120_000);
  afterAll(async () => {
    await gateway?.close();
    await pebble?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('logs the refusal with the fix, retries with backoff, and the other names get theirs', async () => {
    const refused =
      /^certificate for refused\.example\.test not obtained: the CA refused to issue a certificate for refused\.example\.test \(.+\); use a public DNS name/;
    await until('two refused attempts', () => logged(logger, refused).length >= 2, 90_000);
    const retries = logger.lines
      .filter((l) => refused.test(l.msg ?? ''))
      .map((l) => l.obj['failures']);
    expect(retries.slice(0, 2)).toEqual([1, 2]);
    const root = await pebble.root();
    await until(
      'the other name',
      async () => (await handshake(port, 'app.example.test', root)).authorized,
    );
    expect((await handshake(port, 'refused.example.test', root)).ok).toBe(false);
  }, 120_000);
});
