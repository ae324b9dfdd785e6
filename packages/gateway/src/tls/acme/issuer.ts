import type { Client } from 'acme-client';
import type { Clock, Logger, Store, StoredCertificate } from '@gatehouse/core';
import type { AcmeSettings } from '../../config/index.ts';
import { loadCertificate, type LoadedCertificate } from '../certificate.ts';
import type { CertificateBook } from '../certificate-book.ts';
import type { ChallengeBoard, ChallengeType } from './challenges.ts';
import { createAcmeClient, probeDirectory } from './client.ts';
import { orderCertificate } from './order.ts';
import { isDue } from './schedule.ts';

export interface IssuerDeps {
  readonly settings: () => AcmeSettings;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly book: CertificateBook;
  readonly board: ChallengeBoard;
  readonly challengeTypes: (name: string) => readonly ChallengeType[];
  /** This process's id for the issuance lease. */
  readonly nodeId: string;
}

const LEASE_MS = 10 * 60_000;
const LEASE_POLL_MS = 1_000;

/**
 * Orders one name under a lease in the store, so of several nodes sharing it only one orders
 * (the others take the result from the store), and installs the result in the book.
 */
export class Issuer {
  readonly #deps: IssuerDeps;
  #client: { directory: string; client: Promise<Client> } | undefined;
  #closed = false;

  constructor(deps: IssuerDeps) {
    this.#deps = deps;
  }

  /** A stored certificate of the configured directory, not yet due for renewal. */
  async current(name: string): Promise<StoredCertificate | undefined> {
    const stored = await this.#deps.store.certificates.get(name);
    const fresh =
      stored !== undefined &&
      stored.directoryUrl === this.#deps.settings().directoryUrl &&
      !isDue(stored.notBefore, stored.notAfter, this.#deps.clock.now());
    return fresh ? stored : undefined;
  }

  install(stored: StoredCertificate): LoadedCertificate {
    const book = this.#deps.book;
    const loaded = book.managed(stored.name);
    if (loaded?.notAfter === stored.notAfter) return loaded;
    const fresh = loadCertificate(stored.certPem, stored.keyPem, `certificate for ${stored.name}`);
    book.setManaged(stored.name, fresh);
    return fresh;
  }

  async issue(name: string): Promise<LoadedCertificate> {
    const { store, clock, nodeId } = this.#deps;
    const lease = `acme:${name}`;
    if (
      !(await store.certificates.acquireLease(lease, nodeId, clock.now(), clock.now() + LEASE_MS))
    )
      return this.#waitForOtherNode(name);
    try {
      return await this.#order(name);
    } finally {
      await store.certificates.releaseLease(lease, nodeId);
    }
  }

  close(): void {
    this.#closed = true;
  }

  async #order(name: string): Promise<LoadedCertificate> {
    const { store, clock, logger, book } = this.#deps;
    const settings = this.#deps.settings();
    const client = await this.#acme(settings);
    await probeDirectory(settings.directoryUrl);
    logger.info({ name, directory: settings.directoryUrl }, 'ordering a certificate');
    const types = this.#deps.challengeTypes(name);
    const pem = await orderCertificate(client, name, settings.email, types, this.#deps.board);
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
      await store.certificates.setAccountUrl(settings.directoryUrl, client.getAccountUrl());
    book.setManaged(name, loaded);
    logger.info({ name, notAfter: new Date(loaded.notAfter).toISOString() }, 'certificate issued');
    return loaded;
  }

  #acme(settings: AcmeSettings): Promise<Client> {
    if (this.#client?.directory === settings.directoryUrl) return this.#client.client;
    const created = createAcmeClient(settings, this.#deps.store, this.#deps.clock);
    this.#client = { directory: settings.directoryUrl, client: created };
    created.catch(() => (this.#client = undefined));
    return created;
  }

  /** Another node holds the lease: take its certificate from the store once it lands. */
  async #waitForOtherNode(name: string): Promise<LoadedCertificate> {
    const until = this.#deps.clock.now() + LEASE_MS;
    while (!this.#closed && this.#deps.clock.now() < until) {
      await new Promise((r) => setTimeout(r, LEASE_POLL_MS).unref());
      const stored = await this.current(name);
      if (stored !== undefined) return this.install(stored);
    }
    throw new Error(`another node has been ordering ${name} for too long`);
  }
}
