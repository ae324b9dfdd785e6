import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger, McpTrafficInspector } from '@gatehouse/core';
import { configFromText, startGateway, type RunningGateway } from '@gatehouse/gateway';
import { freePort } from '../net.ts';

/** A logger that keeps every line, so tests can assert what was (and was not) logged. */
export function recordingLogger(): Logger & {
  lines: Array<{ level: string; obj: Record<string, unknown>; msg: string | undefined }>;
} {
  const lines: Array<{ level: string; obj: Record<string, unknown>; msg: string | undefined }> = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: string) =>
      (objOrMsg: Record<string, unknown> | string, msg?: string): void => {
        if (typeof objOrMsg === 'string')
          lines.push({ level, obj: { ...bindings }, msg: objOrMsg });
        else lines.push({ level, obj: { ...bindings, ...objOrMsg }, msg });
      };
    return {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: (b) => make({ ...bindings, ...b }),
    };
  };
  return Object.assign(make({}), { lines });
}

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly port: number;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly authUrl: string;
  /** `http://<name>.localhost:<port>` */
  origin(name: string): string;
  close(): Promise<void>;
}

/**
 * Starts a real gateway on a fresh data dir. `yaml` is the config body; `{{port}}` is replaced by
 * the edge port, so routes can be written as `from: http://app.localhost:{{port}}`.
 */
export async function startTestGateway(
  yaml: string,
  options: {
    dataDir?: string;
    adminEmail?: string;
    allowInsecureIdp?: boolean;
    port?: number;
    /** The MCP traffic inspector behind `/inspect` (issue 16). */
    trafficInspector?: McpTrafficInspector;
  } = {},
): Promise<TestGateway> {
  const dir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gatehouse-gw-')));
  const port = options.port ?? (await freePort());
  const text = `listen: 127.0.0.1:${port}\nauthenticate_service_url: http://auth.localhost:${port}\ndata_dir: ${dir}\n${yaml.replaceAll('{{port}}', String(port))}`;
  const configPath = join(dir, 'gatehouse.yaml');
  await writeFile(configPath, text);
  const logger = recordingLogger();
  const gateway = await startGateway({
    config: configFromText(text, configPath),
    logger,
    ...(options.adminEmail === undefined ? {} : { adminEmail: options.adminEmail }),
    allowInsecureIdentityProviders: options.allowInsecureIdp === true,
    ...(options.trafficInspector === undefined
      ? {}
      : { trafficInspector: options.trafficInspector }),
  });
  return {
    gateway,
    port,
    dataDir: dir,
    configPath,
    logger,
    authUrl: `http://auth.localhost:${port}`,
    origin: (name) => `http://${name}.localhost:${port}`,
    async close() {
      await gateway.close();
      if (options.dataDir === undefined) await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A tiny browser-like HTTP client: resolves every host to 127.0.0.1 (Node does not resolve
 * `*.localhost`), keeps cookies per host, does not follow redirects.
 */
export class Client {
  readonly jar = new Map<string, Map<string, string>>();

  cookies(host: string): Map<string, string> {
    let c = this.jar.get(host);
    if (c === undefined) {
      c = new Map();
      this.jar.set(host, c);
    }
    return c;
  }

  request(
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
  ): Promise<Reply> {
    const target = new URL(url);
    const jar = this.cookies(target.host);
    const headers: Record<string, string> = { ...init.headers };
    if (jar.size > 0 && headers['cookie'] === undefined)
      headers['cookie'] = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: target.port,
          path: `${target.pathname}${target.search}`,
          method: init.method ?? 'GET',
          headers: { host: target.host, ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair = ''] = line.split(';');
              const eq = pair.indexOf('=');
              const name = pair.slice(0, eq);
              const value = pair.slice(eq + 1);
              if (/max-age=0/i.test(line) || value === '') jar.delete(name);
              else jar.set(name, value);
            }
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
  }

  /** GET a page and return the value of a hidden form field (e.g. `csrf`). */
  static field(html: string, name: string): string {
    const m =
      new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(html) ??
      new RegExp(`value="([^"]*)"[^>]*name="${name}"`).exec(html);
    if (m === null) throw new Error(`no field ${name} in page`);
    return (m[1] ?? '').replaceAll('&amp;', '&');
  }

  /** Posts a form the way a browser on `origin` would. */
  postForm(url: string, fields: Record<string, string>): Promise<Reply> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows redirects (GET) from `url` until a non-redirect answer; returns it and the final URL. */
  async follow(
    url: string,
    headers: Record<string, string> = {},
    max = 10,
  ): Promise<Reply & { url: string }> {
    let current = url;
    for (let i = 0; i < max; i += 1) {
      const reply = await this.request(current, { headers });
      const location = reply.headers.location;
      if (reply.status < 300 || reply.status > 399 || location === undefined)
        return { ...reply, url: current };
      current = new URL(location, current).href;
    }
    throw new Error('too many redirects');
  }
}
