import type { SecureContext } from 'node:tls';
import type { Logger } from '@gatehouse/core';
import type { LoadedCertificate } from '../certificate.ts';
import { explainAcmeFailure } from './explain.ts';
import { Issuer, type IssuerDeps } from './issuer.ts';
import { EXPIRY_WARNING_MS, MAX_TIMER_MS, renewalAt, retryDelay } from './schedule.ts';

export interface AcmeManagerDeps extends IssuerDeps {
  /** Names to hold a certificate for: the authenticate host, route hosts, the tunnel wildcard. */
  readonly names: () => readonly string[];
  /** Retry backoff after a failed order. */
  readonly retry: { readonly minMs: number; readonly maxMs: number };
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

const DAY_MS = 86_400_000;

/**
 * Obtains, renews and hot-swaps ACME certificates (RFC 8555), one schedule per name: renewal at
 * two thirds of the lifetime, retries with backoff and jitter, the previous certificate kept.
 */
export class AcmeManager {
  readonly #deps: AcmeManagerDeps;
  readonly #issuer: Issuer;
  readonly #states = new Map<string, NameState>();
  readonly #random: () => number;
  readonly #logger: Logger;
  #closed = false;

  constructor(deps: AcmeManagerDeps) {
    this.#deps = deps;
    this.#issuer = new Issuer(deps);
    this.#random = deps.random ?? Math.random;
    this.#logger = deps.logger;
  }

  /** Loads every stored certificate of this directory (a restart reuses them: no new order). */
  async load(): Promise<void> {
    const now = this.#deps.clock.now();
    const directory = this.#deps.settings().directoryUrl;
    for (const stored of await this.#deps.store.certificates.list()) {
      if (stored.directoryUrl !== directory || stored.notAfter <= now) continue;
      try {
        this.#issuer.install(stored);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.#logger.error(
          { name: stored.name, err: { message } },
          'stored certificate unusable; ordering a new one',
        );
      }
    }
  }

  /** Starts (or, after a reload, updates) the certificates for the configured names. */
  reconcile(renewalGate: OrderGate): void {
    const wanted = new Set(this.#deps.names());
    for (const [name, state] of this.#states) {
      // No longer configured: stop renewing (the stored certificate stays until it expires).
      if (!wanted.has(name) && state.gate === undefined) {
        clearTimeout(state.timer);
        this.#states.delete(name);
      }
    }
    for (const name of wanted) {
      const state = this.#stateOf(name);
      state.gate = undefined;
      if (state.timer === undefined && state.inflight === undefined) void this.#run(name);
    }
    // Certificates from earlier runs (on-demand tunnel hosts): renewed only while still asked for.
    for (const name of this.#deps.book.managedNames()) {
      if (wanted.has(name) || this.#states.has(name)) continue;
      this.#stateOf(name).gate = renewalGate;
      void this.#run(name);
    }
  }

  /** A certificate for a name nothing covers yet, when `gate` allows ordering one. */
  async onDemand(name: string, gate: OrderGate): Promise<SecureContext | undefined> {
    // A configured name has no certificate yet: wait for its order if one runs, never gate it.
    if (this.#deps.names().includes(name)) return (await this.#states.get(name)?.inflight)?.context;
    const state = this.#stateOf(name);
    state.gate ??= gate;
    return (await this.#run(name))?.context;
  }

  /** Seconds until each managed certificate expires, for /metrics. */
  expiries(): Array<{ name: string; seconds: number }> {
    const now = this.#deps.clock.now();
    const book = this.#deps.book;
    return book.managedNames().map((name) => ({
      name,
      seconds: Math.floor(((book.managed(name)?.notAfter ?? now) - now) / 1000),
    }));
  }

  close(): void {
    this.#closed = true;
    this.#issuer.close();
    for (const state of this.#states.values()) clearTimeout(state.timer);
  }

  /** The current certificate for `name`, ordering one when none is stored or it is due. */
  async #obtain(name: string, state: NameState): Promise<LoadedCertificate | undefined> {
    const stored = await this.#issuer.current(name);
    if (stored !== undefined) return this.#issuer.install(stored);
    if (state.gate !== undefined && !(await state.gate(name))) return undefined;
    return this.#issuer.issue(name);
  }

  /** Obtains or renews `name` once (concurrent callers share it), then schedules the next run. */
  #run(name: string): Promise<LoadedCertificate | undefined> {
    const state = this.#stateOf(name);
    if (state.inflight !== undefined) return state.inflight;
    const attempt = this.#obtain(name, state)
      .then(
        (loaded) => this.#succeeded(name, state, loaded),
        (error: unknown) => this.#failed(name, state, error),
      )
      .finally(() => (state.inflight = undefined));
    state.inflight = attempt;
    return attempt;
  }

  #succeeded(name: string, state: NameState, loaded: LoadedCertificate | undefined) {
    state.failures = 0;
    if (loaded === undefined) {
      this.#states.delete(name);
      return undefined;
    }
    this.#schedule(name, state, renewalAt(loaded.notBefore, loaded.notAfter, this.#random()));
    this.#warnIfExpiring(name, state);
    return loaded;
  }

  #failed(name: string, state: NameState, error: unknown): undefined {
    state.failures += 1;
    const { minMs, maxMs } = this.#deps.retry;
    const delay = retryDelay(state.failures, minMs, maxMs, this.#random());
    const reason = explainAcmeFailure(error, name, this.#deps.settings().directoryUrl);
    this.#logger.error(
      {
        name,
        failures: state.failures,
        retryInSeconds: Math.round(delay / 1000),
        keptPrevious: this.#deps.book.managed(name) !== undefined,
      },
      `certificate for ${name} not obtained: ${reason}`,
    );
    this.#schedule(name, state, this.#deps.clock.now() + delay);
    this.#warnIfExpiring(name, state);
    return undefined;
  }

  #stateOf(name: string): NameState {
    let state = this.#states.get(name);
    if (state === undefined) {
      state = { timer: undefined, failures: 0, inflight: undefined, gate: undefined, warnedAt: 0 };
      this.#states.set(name, state);
    }
    return state;
  }

  #schedule(name: string, state: NameState, at: number): void {
    if (this.#closed) return;
    clearTimeout(state.timer);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, at - this.#deps.clock.now()));
    state.timer = setTimeout(() => void this.#run(name), delay);
    state.timer.unref();
  }

  #warnIfExpiring(name: string, state: NameState): void {
    const current = this.#deps.book.managed(name);
    const now = this.#deps.clock.now();
    if (current === undefined || current.notAfter - now > EXPIRY_WARNING_MS) return;
    if (now - state.warnedAt < DAY_MS) return;
    state.warnedAt = now;
    const days = Math.max(0, Math.floor((current.notAfter - now) / DAY_MS));
    const failing =
      state.failures > 0 ? ', and renewing it keeps failing (see the errors above)' : '';
    this.#logger.warn(
      { name, notAfter: new Date(current.notAfter).toISOString(), days },
      `certificate for ${name} expires in ${days} days${failing}`,
    );
  }
}
