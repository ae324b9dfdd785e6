import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stopChild } from '../lib/child-server.ts';
import { freePort } from '../lib/free-port.ts';
import { waitForHttp200 } from '../lib/wait-for-http.ts';

export const NGINX_BINARY = '/usr/sbin/nginx';
const KEPT_OUTPUT_CHARS = 8_000;

export interface NginxProcess {
  readonly port: number;
  /** The master process (its workers are its children). */
  readonly pid: number;
  readonly version: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The reference reverse proxy. One worker: the gateway is one Node process with one event loop
 * (its libuv pool does no work on this path), so one nginx worker is the like-for-like setup.
 * Keep-alive to the upstream (a pool of 64) and to the client, no access log, no buffering
 * changes: what a minimal production `proxy_pass` looks like.
 */
function nginxConf(dir: string, port: number, upstreamPort: number, workers: number): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(dir, `${name}-temp`)};`;
  return `daemon off;
master_process on;
worker_processes ${workers};
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  # The default closes a client connection after 1000 requests, which autocannon counts as an
  # error; neither Node nor the gateway caps requests per connection.
  keepalive_requests 1000000;
  ${temp('client_body')}
  ${temp('proxy')}
  ${temp('fastcgi')}
  ${temp('uwsgi')}
  ${temp('scgi')}
  upstream app {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
}

/** nginx in front of the upstream, or undefined when nginx is not installed. */
export async function startNginx(
  dir: string,
  upstreamPort: number,
  /** `worker_processes` (the gateway-workers benchmark compares one and two). */
  workers = 1,
): Promise<NginxProcess | undefined> {
  if (!existsSync(NGINX_BINARY)) return undefined;
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  await writeFile(conf, nginxConf(dir, port, upstreamPort, workers));
  // -e: the error log before the config is read, else nginx tries /var/log/nginx first.
  const child = spawn(NGINX_BINARY, ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () => stopChild(child);
  try {
    await waitForHttp200(`http://127.0.0.1:${port}/`, {
      intervalMs: 20,
      timeoutMs: 10_000,
      child,
    });
  } catch (error) {
    await stop();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`nginx: ${message}\n${output}`, { cause: error });
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('nginx: no pid');
  return { port, pid, version: nginxVersion(), output: () => output, stop };
}

/** `nginx/1.22.1`, from `nginx -v` (which prints to stderr). */
function nginxVersion(): string {
  const printed = spawnSync(NGINX_BINARY, ['-v'], { encoding: 'utf8' }).stderr;
  return /nginx\/[\w.]+/.exec(printed)?.[0] ?? 'nginx (version unknown)';
}
