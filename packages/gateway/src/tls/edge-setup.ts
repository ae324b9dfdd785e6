import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { ServerOptions } from 'node:https';
import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
import { wildcardParent } from '../config/resolve-tls.ts';
import { ChallengeBoard, type ChallengeType } from './acme/challenges.ts';
import { createAcmeManager, type AcmeManager } from './acme/manager.ts';
import { createOnDemandGate } from './acme/on-demand.ts';
import { loadCertificate, type LoadedCertificate } from './certificate.ts';
import { CertificateBook } from './certificate-book.ts';
import { edgeTlsOptions } from './edge-tls.ts';
import { createHttpListener } from './http-listener.ts';

export interface EdgeTlsSetupDeps {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Is `name` a tunnel host: 'live' (namespace exists, route connected), 'exists', or 'unknown'. */
  readonly tunnelHost: (name: string) => Promise<'live' | 'exists' | 'unknown'>;
  readonly edgePort: () => number;
  readonly retry?: { readonly minMs: number; readonly maxMs: number };
}

export interface EdgeTls {
  readonly serverOptions: ServerOptions;
  readonly httpListener: ReturnType<typeof createHttpListener>;
  /** After the listeners are up: order what is missing (tls-alpn-01 needs the edge listening). */
  start(): void;
  /** A reloaded config: re-reads certificate files, orders certificates for new hosts. */
  reload(): Promise<void>;
  /** Seconds until each certificate expires (ACME and files), by name. */
  expiries(): Array<{ name: string; seconds: number }>;
  close(): void;
}

/** The edge's TLS: certificate files per SNI name, and ACME when `tls.acme` is set. */
export async function setupEdgeTls(deps: EdgeTlsSetupDeps): Promise<EdgeTls> {
  const { store, clock, logger } = deps;
  const book = new CertificateBook();
  let files = await readCertificateFiles(deps.config());
  book.setFiles(files);
  const acmeOf = () => deps.config().tls?.acme;
  const board = new ChallengeBoard(store.records, clock, () => acmeOf()?.dnsHook);
  let manager: AcmeManager | undefined;
  if (acmeOf() !== undefined) {
    manager = createAcmeManager({
      settings: () => acmeOf() ?? fail(),
      store,
      clock,
      logger: logger.child({ component: 'acme' }),
      book,
      board,
      names: () => managedNames(deps.config(), book),
      challengeTypes: (name) => challengeTypes(deps.config(), name),
      retry: deps.retry ?? { minMs: 60_000, maxMs: 6 * 3_600_000 },
      nodeId: randomUUID(),
    });
    await manager.load();
  }
  const gate = createOnDemandGate({
    ask: async (name) => (await deps.tunnelHost(name)) === 'live',
    records: store.records,
    perHour: () => acmeOf()?.onDemandPerHour ?? 0,
    clock,
    logger: logger.child({ component: 'acme' }),
  });
  const renewalGate = async (name: string) => (await deps.tunnelHost(name)) !== 'unknown';
  const onDemand = async (name: string) => {
    if (manager === undefined || acmeOf()?.tunnels !== 'on_demand') return undefined;
    return manager.onDemand(name, gate);
  };
  return {
    serverOptions: {
      ...edgeTlsOptions({
        book,
        alpnChallenge: (name) => board.alpn(name),
        onDemand,
        strict: manager !== undefined,
        logger,
      }),
      // The default for clients that send no SNI (RFC 6066 §3 makes it optional).
      ...(deps.config().tls?.files[0] === undefined ? {} : await defaultPair(deps.config())),
    },
    httpListener: createHttpListener({
      http01: (token) => board.http01(token),
      httpsPort: deps.edgePort,
    }),
    start: () => manager?.reconcile(renewalGate),
    async reload() {
      try {
        files = await readCertificateFiles(deps.config());
        book.setFiles(files);
      } catch (error) {
        logger.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          'certificate files not reloaded; keeping the previous ones',
        );
      }
      manager?.reconcile(renewalGate);
    },
    expiries() {
      const now = clock.now();
      const fromFiles = files.flatMap((f) =>
        f.names.map((name) => ({ name, seconds: Math.floor((f.notAfter - now) / 1000) })),
      );
      return [...(manager?.expiries() ?? []), ...fromFiles];
    },
    close: () => manager?.close(),
  };
}

function fail(): never {
  throw new Error('tls.acme was removed from the config; restart to turn ACME off');
}

async function readCertificateFiles(config: GatewayConfig): Promise<LoadedCertificate[]> {
  const out: LoadedCertificate[] = [];
  for (const pair of config.tls?.files ?? []) {
    const [cert, key] = await Promise.all([
      readFile(pair.certFile, 'utf8'),
      readFile(pair.keyFile, 'utf8'),
    ]);
    out.push(loadCertificate(cert, key, pair.certFile));
  }
  return out;
}

async function defaultPair(config: GatewayConfig): Promise<{ cert: string; key: string }> {
  const first = config.tls?.files[0];
  if (first === undefined) throw new Error('no certificate file');
  return {
    cert: await readFile(first.certFile, 'utf8'),
    key: await readFile(first.keyFile, 'utf8'),
  };
}

/** The authenticate host and every https route host that no certificate file covers, plus the tunnels' wildcard. */
function managedNames(config: GatewayConfig, book: CertificateBook): string[] {
  const names = new Set<string>();
  for (const origin of [config.authenticateServiceUrl, ...config.routes.map((r) => r.from)]) {
    const url = new URL(origin);
    if (url.protocol !== 'https:' || isIP(url.hostname) !== 0) continue;
    if (book.find(url.hostname) !== undefined && book.managed(url.hostname) === undefined) continue;
    names.add(url.hostname);
  }
  const parent =
    config.tls?.acme?.tunnels === 'wildcard' ? wildcardParent(config.tunnelUrl) : undefined;
  if (parent !== undefined) names.add(`*.${parent}`);
  return [...names];
}

/** tls-alpn-01 on the edge; http-01 first when `http_listen` is set; DNS-01 for wildcards. */
function challengeTypes(config: GatewayConfig, name: string): ChallengeType[] {
  if (name.startsWith('*.')) return ['dns-01'];
  const types: ChallengeType[] =
    config.httpListen === undefined ? ['tls-alpn-01'] : ['http-01', 'tls-alpn-01'];
  if (config.tls?.acme?.dnsHook !== undefined) types.push('dns-01');
  return types;
}
