import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CLI, runCli } from '../gateway/gateway-process.ts';
import { stopChild } from '../lib/child-server.ts';
import { freePort } from '../lib/free-port.ts';

// Gateway nodes of one cluster for the benchmarks: separate `gatehouse serve` processes on one
// data_dir (so one SQLite store, one signing key, one cluster secret), each with its own edge,
// SSH, admin and internal-hop listeners on loopback. Every node serves the same public URLs (the
// first node's port), as behind a load balancer: the bench picks the node by port, keeps the Host.

const READY_TIMEOUT_MS = 60_000;
const KEPT_OUTPUT_CHARS = 8_000;
/** What `gatehouse serve` prints on stderr once every listener is up. */
const READY = /edge port (\d+), admin port (\d+)(?:, \d+ workers)?\)\.\nTunnel: ssh -p (\d+)/;

export interface ClusterNode {
  readonly name: string;
  readonly edgePort: number;
  readonly sshPort: number;
  readonly child: ChildProcess;
  /** The tail of its stderr. */
  output(): string;
  stop(): Promise<void>;
}

export interface BenchCluster {
  readonly dir: string;
  /** The edge port every public URL names (the first node's). */
  readonly publicPort: number;
  /** `auth.localhost:<public port>`, or `<route>.<namespace>.localhost:<public port>`. */
  host(name: string): string;
  /** The store file the nodes share. */
  readonly storeFile: string;
  /** `gatehouse users add <email> --password-stdin` against the shared store. */
  addAccount(email: string, password: string): Promise<void>;
  start(name: string): Promise<ClusterNode>;
  stop(): Promise<void>;
}

export async function startBenchCluster(dir: string): Promise<BenchCluster> {
  const publicPort = await freePort();
  const data = path.join(dir, 'data');
  await mkdir(data, { recursive: true });
  const nodes: ClusterNode[] = [];
  const configOf = (name: string) => path.join(dir, `${name}.yaml`);
  const writeConfig = async (name: string, edgePort: number): Promise<string> => {
    const file = configOf(name);
    await writeFile(
      file,
      [
        `listen: 127.0.0.1:${edgePort}`,
        `authenticate_service_url: http://auth.localhost:${publicPort}`,
        `tunnel_url: http://{route}.{namespace}.localhost:${publicPort}`,
        `data_dir: ${data}`,
        'ssh: { listen: 127.0.0.1:0 }',
        'admin_listen: 127.0.0.1:0',
        'cluster: { internal_listen: 127.0.0.1:0 }',
        '',
      ].join('\n'),
    );
    return file;
  };
  return {
    dir,
    publicPort,
    host: (name) => `${name}.localhost:${publicPort}`,
    storeFile: path.join(data, 'gatehouse.db'),
    async addAccount(email, password) {
      const config = await writeConfig('accounts', publicPort);
      await runCli(
        ['users', 'add', email, '--password-stdin', '--config', config],
        `${password}\n`,
      );
    },
    async start(name) {
      const edgePort = nodes.length === 0 ? publicPort : await freePort();
      const node = await spawnNode(name, await writeConfig(name, edgePort), dir);
      nodes.push(node);
      return node;
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

async function spawnNode(name: string, config: string, dir: string): Promise<ClusterNode> {
  // stdout (one JSON line per request) goes to a file, as in gateway-process.ts: no pipe to the
  // busy bench process can fill up and stall the node.
  const logFd = openSync(path.join(dir, `${name}.log`), 'a');
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], {
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', logFd, 'pipe'],
  });
  closeSync(logFd);
  let stderr = '';
  const stop = () => stopChild(child, 10_000);
  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node ${name}: not ready within ${READY_TIMEOUT_MS} ms:\n${stderr}`)),
      READY_TIMEOUT_MS,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
      const match = READY.exec(stderr);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node ${name} exited (${String(code)}) before it was ready:\n${stderr}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return {
    name,
    edgePort: Number(ready[1]),
    sshPort: Number(ready[3]),
    child,
    output: () => stderr,
    stop,
  };
}
