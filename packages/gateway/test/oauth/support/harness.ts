import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger, type Clock, type Logger, type Store } from '@gatehouse/core';
import { configFromText } from '../../../src/config/index.ts';
import type { GatewayConfig } from '../../../src/config/types.ts';
import { parseSigningKey } from '../../../src/config/signing-key.ts';
import {
  createAuthorizationServer,
  type AuthorizationServer,
  type InteractionInfo,
} from '../../../src/oauth/index.ts';
import type { KnownUser } from '../../../src/identity/lookup.ts';
import { openSqliteStore } from '../../../src/store/index.ts';
import { CookieJar } from './cookie-jar.ts';
import { withLatency } from './slow-store.ts';

export const MCP_RESOURCE = 'http://mcp.localhost:8787/mcp';
export const OTHER_RESOURCE = 'http://other.localhost:8787/mcp';
export const ACCOUNT = 'acct-1';

/** Real time plus an offset the test can move forward (the store and the AS share it). */
export interface OffsetClock extends Clock {
  advance(ms: number): void;
}

function offsetClock(): OffsetClock {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

export interface HarnessOptions {
  /** Extra YAML under `oauth:` (indented by the caller as a block of `key: value` lines). */
  readonly oauthYaml?: string;
  readonly cimdCa?: string;
  /** Delay before each OAuth store call, so concurrent requests interleave (see slow-store). */
  readonly storeLatencyMs?: number;
}

export interface AsHarness {
  readonly issuer: string;
  readonly store: Store;
  readonly as: AuthorizationServer;
  readonly clock: OffsetClock;
  readonly identities: Map<string, KnownUser>;
  /** The account the interaction driver signs in as. */
  account: string;
  /** What the driver answers at consent. */
  consent: 'approve' | 'deny';
  /** Every interaction as our pages saw it, oldest first. */
  readonly interactions: InteractionInfo[];
  /** The latest of `interactions`. */
  readonly lastInteraction: InteractionInfo | undefined;
  config(): GatewayConfig;
  setConfig(next: GatewayConfig): void;
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * The authorization server mounted on a node:http server on 127.0.0.1:0 with a real SQLite
 * store, plus a test interaction driver at /oauth/interaction/:uid that signs in as
 * `harness.account` and approves consent (the edge's pages do this in the product).
 */
export async function startAs(options: HarnessOptions = {}): Promise<AsHarness> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gatehouse-oauth-'));
  const clock = offsetClock();
  const store = await openSqliteStore(path.join(dir, 'g.db'), { clock });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  let config = configFromText(
    `
authenticate_service_url: ${issuer}
data_dir: ${dir}
oauth:
${options.oauthYaml ?? '  dynamic_client_registration: true'}
routes:
  - from: http://mcp.localhost:8787
    to: http://127.0.0.1:9
    mcp: { server: {} }
  - from: http://other.localhost:8787
    to: http://127.0.0.1:9
    mcp: { server: {} }
  - from: http://app.localhost:8787
    to: http://127.0.0.1:9
`,
    path.join(dir, 'gatehouse.yaml'),
  );
  const identities = new Map<string, KnownUser>([
    [
      ACCOUNT,
      { userId: ACCOUNT, email: 'ada@example.com', name: 'Ada', groups: ['eng'], disabled: false },
    ],
  ]);
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  });
  const as = createAuthorizationServer({
    config: () => config,
    store:
      options.storeLatencyMs === undefined ? store : withLatency(store, options.storeLatencyMs),
    signingKey: await parseSigningKey(Buffer.from(pem), 'test'),
    cookieSecret: randomBytes(32),
    identityOf: (id) => Promise.resolve(identities.get(id)),
    logger: process.env.AS_DEBUG ? consoleLogger : silentLogger,
    clock,
    ...(options.cimdCa === undefined ? {} : { cimdCa: options.cimdCa }),
  });
  const harness: AsHarness = {
    issuer,
    store,
    as,
    clock,
    identities,
    account: ACCOUNT,
    consent: 'approve',
    interactions: [],
    get lastInteraction() {
      return this.interactions.at(-1);
    },
    config: () => config,
    setConfig: (next) => {
      config = next;
    },
    url: (p) => `${issuer}${p}`,
    close: async () => {
      await closeServer(server);
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const pathname = new URL(req.url ?? '/', issuer).pathname;
    if (as.handles(req.method ?? 'GET', pathname)) {
      as.handle(req, res);
      return;
    }
    if (pathname.startsWith('/oauth/interaction/')) {
      drive(harness, req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
      return;
    }
    res.writeHead(404).end();
  });
  return harness;
}

/** The test interaction driver: login as `harness.account`, then approve (or deny). */
async function drive(h: AsHarness, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const details = await h.as.interaction(req, res);
  h.interactions.push(details);
  const location =
    details.prompt === 'login'
      ? await h.as.loginResult(req, res, h.account)
      : h.consent === 'approve'
        ? await h.as.consentResult(req, res)
        : await h.as.denyResult(req, res);
  res.writeHead(303, { location }).end();
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

export interface Pkce {
  readonly verifier: string;
  readonly challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export { CookieJar };

const log =
  (level: string) =>
  (obj: unknown, msg?: string): void => {
    console.error(level, msg ?? '', obj);
  };
const consoleLogger: Logger = {
  debug: log('debug'),
  info: log('info'),
  warn: log('warn'),
  error: log('error'),
  child: () => consoleLogger,
};
