import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '@gatehouse/core';
import { openPostgresStore, openSqliteStore } from '@gatehouse/gateway';
import { freePort } from '@gatehouse/testing';
import { createTestDatabase } from '@gatehouse/testing/postgres';
import type { Client, Reply } from '@gatehouse/testing/gateway';

const MAIN = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));

/** One `gatehouse serve` process of a cluster on loopback. */
export interface NodeProcess {
  readonly name: string;
  readonly edgePort: number;
  readonly sshPort: number;
  readonly adminPort: number;
  readonly nodeId: string;
  readonly child: ChildProcess;
  output(): string;
  /** SIGKILL: no goodbye, its leases must run out by themselves. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** Which store the nodes share: one SQLite file, or one PostgreSQL database. */
export type StoreKind = 'sqlite' | 'postgres';

/** The store kinds a cluster test runs on, with the name its `describe` shows. */
export const STORE_KINDS: readonly { readonly kind: StoreKind; readonly label: string }[] = [
  { kind: 'sqlite', label: 'SQLite' },
  { kind: 'postgres', label: 'PostgreSQL' },
];

export interface Cluster {
  readonly kind: StoreKind;
  readonly dir: string;
  /** The public auth URL every node serves (`auth.localhost:<public port>`, as behind a balancer). */
  readonly authUrl: string;
  readonly publicPort: number;
  /** The shared store, opened by the test itself (a fourth process on the file). */
  readonly store: Store;
  start(name: string, args?: readonly string[]): Promise<NodeProcess>;
  /** The config file of a started node. */
  configOf(name: string): string;
  close(): Promise<void>;
}

/**
 * The shared store, opened by the test before any node starts (so the schema exists before the
 * nodes race to open it), and the config lines that point a node at it. PostgreSQL is a fresh
 * database of its own on the run's throwaway cluster (@gatehouse/testing/postgres).
 */
async function openShared(kind: StoreKind, dir: string): Promise<{ store: Store; yaml: string[] }> {
  if (kind === 'sqlite')
    return { store: await openSqliteStore(join(dir, 'gatehouse.db')), yaml: [] };
  const url = await createTestDatabase();
  return { store: await openPostgresStore(url), yaml: [`store: { postgres: { url: "${url}" } }`] };
}

/**
 * Gateway nodes as separate `gatehouse serve` processes on one store: one SQLite file, or one
 * PostgreSQL database (`kind`). They share one data_dir too, so they share the signing key,
 * cookie secret and cluster secret. Every node serves the same public URLs, as behind a load
 * balancer: the test picks the node by port and keeps the Host.
 */
export async function startCluster(kind: StoreKind = 'sqlite'): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-cluster-'));
  const publicPort = await freePort();
  const authUrl = `http://auth.localhost:${publicPort}`;
  const nodes: NodeProcess[] = [];
  const { store, yaml } = await openShared(kind, dir);
  return {
    kind,
    dir,
    authUrl,
    publicPort,
    store,
    async start(name, args = []) {
      const edgePort = nodes.length === 0 ? publicPort : await freePort();
      const config = join(dir, `${name}.yaml`);
      await writeFile(
        config,
        [
          `listen: 127.0.0.1:${edgePort}`,
          `authenticate_service_url: ${authUrl}`,
          `tunnel_url: http://{route}.{namespace}.localhost:${publicPort}`,
          `data_dir: ${dir}`,
          'ssh: { listen: 127.0.0.1:0 }',
          'admin_listen: 127.0.0.1:0',
          'cluster: { internal_listen: 127.0.0.1:0 }',
          ...yaml,
          '',
        ].join('\n'),
      );
      const node = await spawnNode(name, [MAIN, 'serve', '--config', config, ...args]);
      nodes.push(node);
      return node;
    },
    configOf: (name) => join(dir, `${name}.yaml`),
    async close() {
      await Promise.all(nodes.map((n) => n.stop()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function spawnNode(name: string, argv: readonly string[]): Promise<NodeProcess> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const up = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = (): void => {
      const m =
        /edge port (\d+), admin port (\d+)(?:, \d+ workers)?\)\.\nTunnel: ssh -p (\d+)/.exec(out);
      if (m !== null) resolve(m);
    };
    child.stderr.on('data', check);
    void exited.then((code) =>
      reject(new Error(`node ${name} exited with ${String(code)}:\n${out}`)),
    );
  });
  const adminPort = Number(up[2]);
  const health = JSON.parse((await get(adminPort, '/healthz')).body) as { node: string };
  return {
    name,
    edgePort: Number(up[1]),
    adminPort,
    sshPort: Number(up[3]),
    nodeId: health.node,
    child,
    output: () => out,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** `gatehouse <args>` to its end. */
export function cli(
  args: readonly string[],
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/** GET on 127.0.0.1:<port>. */
export function get(port: number, path: string): Promise<Reply> {
  return send(port, 'localhost', path, {});
}

/**
 * A request to the node listening on `port`, for `url` (its Host kept), with `browser`'s cookies
 * of that host: "the balancer sent it to this node". A form body makes it a POST.
 */
export function via(
  port: number,
  browser: Client | undefined,
  url: string,
  headers: Record<string, string> = {},
  form?: Record<string, string>,
): Promise<Reply> {
  const target = new URL(url);
  const jar = browser?.cookies(target.host);
  const cookie =
    jar === undefined || jar.size === 0
      ? {}
      : { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') };
  const body = form === undefined ? undefined : new URLSearchParams(form).toString();
  const formHeaders =
    body === undefined
      ? {}
      : {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
          origin: target.origin,
        };
  return send(
    port,
    target.host,
    `${target.pathname}${target.search}`,
    { ...cookie, ...formHeaders, ...headers },
    body,
  );
}

/** The same, handing the response over at its head (SSE). */
export function openVia(
  port: number,
  url: string,
  headers: Record<string, string>,
): Promise<IncomingMessage> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      path: `${target.pathname}${target.search}`,
      headers: { host: target.host, ...headers },
      agent: false,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

function send(
  port: number,
  host: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const method = body === undefined ? 'GET' : 'POST';
    const options = {
      host: '127.0.0.1',
      port,
      path,
      method,
      headers: { host, ...headers },
      agent: false,
    };
    const req = httpRequest(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Polls `check` until it is true: no fixed sleeps, and a generous deadline only against hangs.
 * `what` (or what it returns, read at the deadline) names the wait in the error.
 */
export async function until(
  check: () => Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting: ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
