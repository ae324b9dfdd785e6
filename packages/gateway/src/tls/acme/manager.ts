import type { SecureContext } from 'node:tls';
import type { Client } from 'acme-client';
import type { Clock, Logger, Store, StoredCertificate } from '@gatehouse/core';
import type { AcmeSettings } from '../../config/index.ts';
import { loadCertificate, type LoadedCertificate } from '../certificate.ts';
import type { CertificateBook } from '../certificate-book.ts';
import type { ChallengeBoard, ChallengeType } from './challenges.ts';
import { createAcmeClient, probeDirectory } from './client.ts';
import { explainAcmeFailure } from './explain.ts';
import { orderCertificate } from './order.ts';
import { EXPIRY_WARNING_MS, isDue, MAX_TIMER_MS, renewalAt, retryDelay } from './schedule.ts';

export interface AcmeManagerDeps {
  readonly settings: () => AcmeSettings;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly book: CertificateBook;
  readonly board: ChallengeBoard;
  /** Names to hold a certificate for: the authenticate host, route hosts, the tunnel wildcard. */
  readonly names: () => readonly string[];
  readonly challengeTypes: (name: string) => readonly ChallengeType[];
  /** Retry backoff after a failed order. */
  readonly retry: { readonly minMs: number; readonly maxMs: number };
  /** This process's id for the issuance lease. */
  readonly nodeId: string;
  readonly random?: () => number;
}

/** A gate run before ordering (on-demand: the "ask" and the hourly limit). False = no order. */
export type OrderGate = (name: string) => Promise<boolean>;

interface NameState {
  timer: NodeJS.Timeout | undefined;
  failures: number;
  inflight: Promise<LoadedCertificate | undefined> | undefined;
  gate: OrderGate | undefined;
  warnedAt: number;
}

const LEASE_MS = 10 * 60_000;
const LEASE_POLL_MS = 1_000;

/**
 * Obtains, stores, renews and hot-swaps ACME certificates (RFC 8555). Certificates live in the
 * store, shared by every node; a lease per name makes sure only one node orders it.
 */
export function createAcmeManager(deps: AcmeManagerDeps) {
  const { store, clock, logger, book } = deps;
  const random = deps.random ?? Math.random;
  const states = new Map<string, NameState>();
  let client: { directory: string; client: Promise<Client> } | undefined;
  let closed = false;

  const directory = () => deps.settings().directoryUrl;
  const acme = (): Promise<Client> => {
    const settings = deps.settings();
    if (client?.directory === settings.directoryUrl) return client.client;
    const created = createAcmeClient(settings, store, clock);
    client = { directory: settings.directoryUrl, client: created };
    created.catch(() => (client = undefined));
    return created;
  };

  function install(stored: StoredCertificate): LoadedCertificate {
    const loaded = loadCertificate(stored.certPem, stored.keyPem, `certificate for ${stored.name}`);
    book.setManaged(stored.name, loaded);
    return loaded;
  }

  async function order(name: string): Promise<LoadedCertificate | undefined> {
    if (
      !(await store.certificates.acquireLease(
        `acme:${name}`,
        deps.nodeId,
        clock.now(),
        clock.now() + LEASE_MS,
      ))
    ) {
      return waitForOtherNode(name);
    }
    try {
      const c = await acme();
      const settings = deps.settings();
      await probeDirectory(settings.directoryUrl);
      logger.info({ name, directory: settings.directoryUrl }, 'ordering a certificate');
      const pem = await orderCertificate(
        c,
        name,
        settings.email,
        deps.challengeTypes(name),
        deps.board,
      );
      const loaded = loadCertificate(pem.certPem, pem.keyPem, `certificate for ${name}`);
      await store.certificates.put({
        name,
        directoryUrl: settings.directoryUrl,
        certPem: pem.certPem,
        keyPem: pem.keyPem,
        notBefore: loaded.notBefore,
        notAfter: loaded.notAfter,
        updatedAt: clock.now(),
      });
      const account = await store.certificates.getAccount(settings.directoryUrl);
      if (account?.accountUrl === null)
        await store.certificates.setAccountUrl(settings.directoryUrl, c.getAccountUrl());
      book.setManaged(name, loaded);
      logger.info(
        { name, notAfter: new Date(loaded.notAfter).toISOString() },
        'certificate issued',
      );
      return loaded;
    } finally {
      await store.certificates.releaseLease(`acme:${name}`, deps.nodeId);
    }
  }

  /** Another node holds the lease: take its certificate from the store once it lands. */
  async function waitForOtherNode(name: string): Promise<LoadedCertificate | undefined> {
    const until = clock.now() + LEASE_MS;
    while (!closed && clock.now() < until) {
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS).unref());
      const stored = await store.certificates.get(name);
      if (
        stored !== undefined &&
        stored.directoryUrl === directory() &&
        !isDue(stored.notBefore, stored.notAfter, clock.now())
      )
        return install(stored);
    }
    throw new Error(`another node has been ordering ${name} for too long`);
  }

  /** The current certificate for `name`, ordering one when none is stored or it is due. */
  async function obtain(name: string, state: NameState): Promise<LoadedCertificate | undefined> {
    const stored = await store.certificates.get(name);
    const now = clock.now();
    if (
      stored !== undefined &&
      stored.directoryUrl === directory() &&
      !isDue(stored.notBefore, stored.notAfter, now)
    ) {
      return book.managed(name)?.notAfter === stored.notAfter
        ? book.managed(name)
        : install(stored);
    }
    if (state.gate !== undefined && !(await state.gate(name))) return undefined;
    return order(name);
  }

  function stateOf(name: string): NameState {
    let state = states.get(name);
    if (state === undefined) {
      state = { timer: undefined, failures: 0, inflight: undefined, gate: undefined, warnedAt: 0 };
      states.set(name, state);
    }
    return state;
  }

  function schedule(name: string, state: NameState, at: number): void {
    if (closed) return;
    clearTimeout(state.timer);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - clock.now()));
    state.timer = setTimeout(() => void run(name), delay);
    state.timer.unref();
  }

  function warnIfExpiring(name: string, state: NameState): void {
    const current = book.managed(name);
    const now = clock.now();
    if (current === undefined || current.notAfter - now > EXPIRY_WARNING_MS) return;
    if (now - state.warnedAt < 86_400_000) return;
    state.warnedAt = now;
    const days = Math.max(0, Math.floor((current.notAfter - now) / 86_400_000));
    const failing =
      state.failures > 0 ? ', and renewing it keeps failing (see the errors above)' : '';
    logger.warn(
      { name, notAfter: new Date(current.notAfter).toISOString(), days },
      `certificate for ${name} expires in ${days} days${failing}`,
    );
  }

  /** Obtains or renews `name` once (concurrent callers share it), then schedules the next run. */
  function run(name: string): Promise<LoadedCertificate | undefined> {
    const state = stateOf(name);
    if (state.inflight !== undefined) return state.inflight;
    const attempt = obtain(name, state)
      .then(
        (loaded) => {
          state.failures = 0;
          if (loaded === undefined) {
            states.delete(name);
            return undefined;
          }
          schedule(name, state, renewalAt(loaded.notBefore, loaded.notAfter, random()));
          warnIfExpiring(name, state);
          return loaded;
        },
        (error: unknown) => {
          state.failures += 1;
          const delay = retryDelay(state.failures, deps.retry.minMs, deps.retry.maxMs, random());
          const kept = book.managed(name) !== undefined;
          logger.error(
            {
              name,
              failures: state.failures,
              retryInSeconds: Math.round(delay / 1000),
              keptPrevious: kept,
            },
            `certificate for ${name} not obtained: ${explainAcmeFailure(error, name, directory())}`,
          );
          schedule(name, state, clock.now() + delay);
          warnIfExpiring(name, state);
          return undefined;
        },
      )
      .finally(() => (state.inflight = undefined));
    state.inflight = attempt;
    return attempt;
  }

  return {
    /** Loads every stored certificate of this directory (a restart reuses them: no new order). */
    async load(): Promise<void> {
      const now = clock.now();
      for (const stored of await store.certificates.list()) {
        if (stored.directoryUrl !== directory() || stored.notAfter <= now) continue;
        try {
          install(stored);
        } catch (error) {
          logger.error(
            {
              name: stored.name,
              err: { message: error instanceof Error ? error.message : String(error) },
            },
            'stored certificate unusable; ordering a new one',
          );
        }
      }
    },
    /** Starts (or, after a reload, updates) the certificates for the configured names. */
    reconcile(renewalGate: OrderGate): void {
      const wanted = new Set(deps.names());
      for (const [name, state] of states) {
        // No longer configured: stop renewing (the stored certificate stays until it expires).
        if (!wanted.has(name) && state.gate === undefined) {
          clearTimeout(state.timer);
          states.delete(name);
        }
      }
      for (const name of wanted) {
        const state = stateOf(name);
        state.gate = undefined;
        if (state.timer === undefined && state.inflight === undefined) void run(name);
      }
      // Certificates from earlier runs (on-demand tunnel hosts): renewed only while still asked for.
      for (const name of book.managedNames()) {
        if (wanted.has(name) || states.has(name)) continue;
        stateOf(name).gate = renewalGate;
        void run(name);
      }
    },
    /** A certificate for a name nothing covers yet, when `gate` allows ordering one. */
    async onDemand(name: string, gate: OrderGate): Promise<SecureContext | undefined> {
      // A configured name has no certificate yet: wait for its order if one runs, never gate it.
      if (deps.names().includes(name)) return (await states.get(name)?.inflight)?.context;
      const state = stateOf(name);
      state.gate ??= gate;
      return (await run(name))?.context;
    },
    /** Seconds until each managed certificate expires, for /metrics. */
    expiries(): Array<{ name: string; seconds: number }> {
      const now = clock.now();
      return book.managedNames().map((name) => ({
        name,
        seconds: Math.floor(((book.managed(name)?.notAfter ?? now) - now) / 1000),
      }));
    },
    close(): void {
      closed = true;
      for (const state of states.values()) clearTimeout(state.timer);
    },
  };
}

export type AcmeManager = ReturnType<typeof createAcmeManager>;
