import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import type { Clock, Logger, Store } from '@gatehouse/core';
import type { GatewayConfig } from '../../config/index.ts';
import { wildcardParent } from '../../config/resolve-tls.ts';
import type { CertificateBook } from '../certificate-book.ts';
import { ChallengeBoard, type ChallengeType } from './challenges.ts';
import { AcmeManager } from './manager.ts';
import { createOnDemandGate } from './on-demand.ts';

export interface StartAcmeDeps {
  readonly config: () => GatewayConfig;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly book: CertificateBook;
  readonly tunnelHost: (name: string) => Promise<'live' | 'exists' | 'unknown'>;
  readonly retry?: { readonly minMs: number; readonly maxMs: number };
}

export interface RunningAcme {
  readonly manager: AcmeManager;
  readonly board: ChallengeBoard;
  readonly onDemand: (name: string) => Promise<SecureContext | undefined>;
  /** Orders what the (new) config names and renews what is stored. */
  reconcile(): void;
}

/** `tls.acme`: the manager with the stored certificates loaded, and the on-demand gate. */
export async function startAcme(deps: StartAcmeDeps): Promise<RunningAcme> {
  const { store, clock, book } = deps;
  const logger = deps.logger.child({ component: 'acme' });
  const acmeOf = () => deps.config().tls?.acme;
  const board = new ChallengeBoard(store.records, clock, () => acmeOf()?.dnsHook);
  const manager = new AcmeManager({
    settings: () => acmeOf() ?? fail(),
    store,
    clock,
    logger,
    book,
    board,
    names: () => managedNames(deps.config(), book),
    challengeTypes: (name) => challengeTypes(deps.config(), name),
    retry: deps.retry ?? { minMs: 60_000, maxMs: 6 * 3_600_000 },
    nodeId: randomUUID(),
  });
  await manager.load();
  const gate = createOnDemandGate({
    ask: async (name) => (await deps.tunnelHost(name)) === 'live',
    records: store.records,
    perHour: () => acmeOf()?.onDemandPerHour ?? 0,
    clock,
    logger,
  });
  // A stored on-demand certificate is renewed while its namespace exists (live or not).
  const renewalGate = async (name: string) => (await deps.tunnelHost(name)) !== 'unknown';
  return {
    manager,
    board,
    onDemand: async (name) =>
      acmeOf()?.tunnels === 'on_demand' ? manager.onDemand(name, gate) : undefined,
    reconcile: () => manager.reconcile(renewalGate),
  };
}

function fail(): never {
  throw new Error('tls.acme was removed from the config; restart to turn ACME off');
}

/**
 * The authenticate host and every https route host that no certificate file covers, plus the
 * tunnels' wildcard.
 */
function managedNames(config: GatewayConfig, book: CertificateBook): string[] {
  const names = new Set<string>();
  for (const origin of [config.authenticateServiceUrl, ...config.routes.map((r) => r.from)]) {
    const url = new URL(origin);
    if (url.protocol !== 'https:' || isIP(url.hostname) !== 0) continue;
    if (book.find(url.hostname) !== undefined && book.managed(url.hostname) === undefined) continue;
    names.add(url.hostname);
  }
  const acme = config.tls?.acme;
  const parent = acme?.tunnels === 'wildcard' ? wildcardParent(config.tunnelUrl) : undefined;
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
