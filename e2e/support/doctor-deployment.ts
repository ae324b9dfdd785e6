import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { configFromText, startGateway, type RunningGateway } from '@gatehouse/gateway';
import {
  Client as BrowserLike,
  recordingLogger,
  type Reply,
  addAccount,
} from '@gatehouse/testing/gateway';
import { freePort, startHttps, type RunningHttps, type TestCa } from '@gatehouse/testing';

/** A lookup that sends every name to 127.0.0.1 (Node cannot resolve `*.localhost`). */
const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
  if (options.all === true) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

/** The SDK client's fetch over TLS trusting the test CA, every name on loopback. */
export function tlsFetch(ca: string): typeof fetch {
  const agent = new Agent({ connect: { ca, lookup: loopbackLookup } });
  return ((url: string | URL, init?: RequestInit) =>
    undiciFetch(url, { ...(init as object), dispatcher: agent })) as unknown as typeof fetch;
}

/** The scripted browser of the e2e support, speaking https with the test CA. */
export class TlsBrowser extends BrowserLike {
  readonly #ca: string;
  constructor(ca: string) {
    super();
    this.#ca = ca;
  }

  override request(
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
      const req = httpsRequest(
        {
          host: '127.0.0.1',
          port: target.port,
          servername: target.hostname,
          ca: this.#ca,
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
              const value = pair.slice(eq + 1);
              if (/max-age=0/i.test(line) || value === '') jar.delete(pair.slice(0, eq));
              else jar.set(pair.slice(0, eq), value);
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
}

export interface HostDocuments extends RunningHttps {
  readonly origin: string;
  /** Paths requested so far (the server under test fetching the documents). */
  readonly requested: readonly string[];
}

/**
 * Client ID metadata documents shaped like ChatGPT's and Claude's (hosts-and-anchors.md §4),
 * served on local HTTPS: `--host-cimd-base` points the doctor here instead of chatgpt.com and
 * claude.ai, so no server ever fetches a real outside document in a test.
 */
export async function startHostDocuments(ca: TestCa): Promise<HostDocuments> {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...publicKey.export({ format: 'jwk' }),
    kid: 'chatgpt-like',
    use: 'sig',
    alg: 'RS256',
  };
  const docs = new Map<string, unknown>();
  const requested: string[] = [];
  const server = await startHttps(ca.issue(['127.0.0.1']), (req, res) => {
    requested.push(req.url ?? '');
    const doc = docs.get(req.url ?? '');
    if (doc === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(doc));
  });
  const origin = `https://127.0.0.1:${String(server.port)}`;
  docs.set('/oauth/client.json', {
    client_id: `${origin}/oauth/client.json`,
    client_name: 'ChatGPT',
    redirect_uris: ['https://chatgpt.com/connector_platform_oauth_redirect'],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'RS256',
    jwks_uri: `${origin}/oauth/jwks.json`,
  });
  docs.set('/oauth/jwks.json', { keys: [jwk] });
  docs.set('/oauth/mcp-oauth-client-metadata', {
    client_id: `${origin}/oauth/mcp-oauth-client-metadata`,
    client_name: 'Claude',
    redirect_uris: [
      'https://claude.ai/api/mcp/auth_callback',
      'https://claude.com/api/mcp/auth_callback',
    ],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
  return { ...server, origin, requested };
}

export interface TlsGateway {
  readonly gateway: RunningGateway;
  readonly port: number;
  readonly mcpUrl: string;
  close(): Promise<void>;
}

/** The real gateway serving TLS with a certificate from the test CA, in front of `upstream`. */
export async function startTlsGateway(
  ca: TestCa,
  upstream: string,
  email: string,
): Promise<TlsGateway> {
  const dir = await mkdtemp(join(tmpdir(), 'gatehouse-doctor-gw-'));
  const leaf = ca.issue(['app.localhost', 'auth.localhost', 'localhost']);
  await writeFile(join(dir, 'cert.pem'), leaf.cert);
  await writeFile(join(dir, 'key.pem'), leaf.key, { mode: 0o600 });
  const port = await freePort();
  const yaml = `listen: 127.0.0.1:${String(port)}
authenticate_service_url: https://auth.localhost:${String(port)}
data_dir: ${dir}/data
tls: { cert_file: ${dir}/cert.pem, key_file: ${dir}/key.pem }
oauth:
  client_id_metadata_documents: { allow_localhost: true }
routes:
  - from: https://app.localhost:${String(port)}
    to: ${upstream}
    mcp: { server: {} }
    allowed_users: [${email}]
`;
  const gateway = await startGateway({
    config: configFromText(yaml, join(dir, 'gatehouse.yaml')),
    logger: recordingLogger(),
    cimdCa: ca.cert,
  });
  await addAccount(gateway.store, email);
  return {
    gateway,
    port,
    mcpUrl: `https://app.localhost:${String(port)}/mcp`,
    async close() {
      await gateway.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A reverse proxy that buffers every response body until the upstream finishes, the way a CDN
 * or an nginx with proxy_buffering does: an event stream that stays open never arrives.
 */
export async function startBufferingProxy(ca: TestCa, upstream: string): Promise<RunningHttps> {
  const target = new URL(upstream);
  return startHttps(ca.issue(['app.localhost']), (req, res) => {
    const out = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: target.host },
      },
      (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const headers = { ...up.headers };
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers).end(Buffer.concat(chunks));
        });
      },
    );
    res.on('close', () => out.destroy());
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
}
