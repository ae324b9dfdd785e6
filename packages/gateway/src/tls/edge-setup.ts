import { readFile } from 'node:fs/promises';
import type { ServerOptions } from 'node:https';
import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../config/index.ts';
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
  const { clock, logger } = deps;
  const book = new CertificateBook();
  let files = await readCertificateFiles(deps.config());
  book.setFiles(files);
  // acme-client (and its crypto libraries) load only when ACME is configured.
  const acme =
    deps.config().tls?.acme === undefined
      ? undefined
      : await (await import('./acme/start.ts')).startAcme({ ...deps, book });
  return {
    serverOptions: {
      ...edgeTlsOptions({
        book,
        alpnChallenge: (name) => acme?.board.alpn(name),
        onDemand: acme?.onDemand,
        strict: acme !== undefined,
        logger,
      }),
      // The default for clients that send no SNI (RFC 6066 §3 makes it optional).
      ...(deps.config().tls?.files[0] === undefined ? {} : await defaultPair(deps.config())),
    },
    httpListener: createHttpListener({
      http01: (token) => acme?.board.http01(token) ?? Promise.resolve(undefined),
      httpsPort: deps.edgePort,
    }),
    start: () => acme?.reconcile(),
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
      acme?.reconcile();
    },
    expiries() {
      const now = clock.now();
      const fromFiles = files.flatMap((f) =>
        f.names.map((name) => ({ name, seconds: Math.floor((f.notAfter - now) / 1000) })),
      );
      return [...(acme?.manager.expiries() ?? []), ...fromFiles];
    },
    close: () => acme?.manager.close(),
  };
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
