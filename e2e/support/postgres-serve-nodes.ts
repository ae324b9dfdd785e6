import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPostgresStore } from '@gatehouse/gateway';
import { freePort } from '@gatehouse/testing';
import { createTestDatabase } from '@gatehouse/testing/postgres';
import type { Cluster, NodeProcess } from './cluster-nodes.ts';

const MAIN = fileURLToPath(new URL('../../packages/cli/src/main.ts', import.meta.url));

/**
 * `gatehouse serve` nodes on one fresh PostgreSQL database of the run's shared test cluster
 * (`store: { postgres }`), sharing one data_dir for the signing key, cookie and cluster secrets.
 * The same shape as `startCluster` (SQLite), so a test can run on both stores.
 */
export async function startPostgresServeNodes(): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-e2e-pg-nodes-'));
  const url = await createTestDatabase();
  const publicPort = await freePort();
  const authUrl = `http://auth.localhost:${publicPort}`;
  const nodes: NodeProcess[] = [];
  // Migrated before the nodes race to open it (they would wait on the advisory lock anyway).
  const store = await openPostgresStore(url, { poolSize: 2 });
  const configOf = (name: string) => join(dir, `${name}.yaml`);
  return {
    dir,
    authUrl,
    publicPort,
    store,
    async start(name, args = []) {
      const edgePort = nodes.length === 0 ? publicPort : await freePort();
      await writeFile(
        configOf(name),
        [
          `listen: 127.0.0.1:${edgePort}`,
          `authenticate_service_url: ${authUrl}`,
          `tunnel_url: http://{route}.{namespace}.localhost:${publicPort}`,
          `data_dir: ${dir}`,
          `store: { postgres: { url: "${url}", pool_size: 4 } }`,
          'ssh: { listen: 127.0.0.1:0 }',
          'admin_listen: 127.0.0.1:0',
          'cluster: { internal_listen: 127.0.0.1:0 }',
          '',
        ].join('\n'),
      );
      const node = await spawnServe(name, [MAIN, 'serve', '--config', configOf(name), ...args]);
      nodes.push(node);
      return node;
    },
    configOf,
    async close() {
      await Promise.all(nodes.map((n) => n.stop()));
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function spawnServe(name: string, argv: readonly string[]): Promise<NodeProcess> {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const up = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const check = (): void => {
      const m = /edge port (\d+), admin port (\d+)\)\.\nTunnel: ssh -p (\d+)/.exec(out);
      if (m !== null) resolve(m);
    };
    child.stderr.on('data', check);
    void exited.then((code) =>
      reject(new Error(`node ${name} exited with ${String(code)}:\n${out}`)),
    );
  });
  return {
    name,
    edgePort: Number(up[1]),
    adminPort: Number(up[2]),
    sshPort: Number(up[3]),
    nodeId: name,
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
