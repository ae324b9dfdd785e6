import { createSecureContext, type SecureContext } from 'node:tls';
import type { Authorization } from 'acme-client';
import { crypto as acmeCrypto } from 'acme-client';
import type { Clock, RecordRepository } from '@gatehouse/core';
import { runDnsHook } from './dns-hook.ts';

export type ChallengeType = 'http-01' | 'tls-alpn-01' | 'dns-01';

/** What this board reads of an RFC 8555 §8 challenge object. */
export interface ChallengeRef {
  readonly type: string;
  readonly token: string;
}

/** http-01 answers live in the store, so any node behind the load balancer can answer them. */
const HTTP01_KIND = 'acme-http-01';
const ANSWER_TTL_MS = 30 * 60_000;

/**
 * Where challenge answers are published while an order is validated: http-01 key
 * authorizations in the store (RFC 8555 §8.3), tls-alpn-01 certificates in this process (RFC
 * 8737 §3), DNS-01 TXT records through `dns_hook` (RFC 8555 §8.4).
 */
export class ChallengeBoard {
  readonly #alpn = new Map<string, SecureContext>();
  readonly #records: RecordRepository;
  readonly #clock: Clock;
  readonly #dnsHook: () => string | undefined;

  constructor(records: RecordRepository, clock: Clock, dnsHook: () => string | undefined) {
    this.#records = records;
    this.#clock = clock;
    this.#dnsHook = dnsHook;
  }

  /** The key authorization for an http-01 token, for the `http_listen` listener. */
  async http01(token: string): Promise<string | undefined> {
    const value = await this.#records.get(HTTP01_KIND, token, this.#clock.now());
    return typeof value === 'string' ? value : undefined;
  }

  alpn(name: string): SecureContext | undefined {
    return this.#alpn.get(name);
  }

  async present(
    authz: Authorization,
    challenge: ChallengeRef,
    keyAuthorization: string,
  ): Promise<void> {
    const name = authz.identifier.value;
    if (challenge.type === 'http-01') {
      await this.#records.put(
        HTTP01_KIND,
        challenge.token,
        keyAuthorization,
        this.#clock.now() + ANSWER_TTL_MS,
      );
    } else if (challenge.type === 'tls-alpn-01') {
      const [key, cert] = await acmeCrypto.createAlpnCertificate(authz, keyAuthorization);
      this.#alpn.set(name, createSecureContext({ key, cert }));
    } else if (challenge.type === 'dns-01') {
      const hook = this.#dnsHook();
      if (hook === undefined) throw new Error('dns-01 needs tls.acme.dns_hook');
      // For DNS-01, acme-client gives the TXT value: base64url(SHA-256(key authorization)).
      await runDnsHook(hook, 'present', `_acme-challenge.${name}`, keyAuthorization);
    }
  }

  async cleanup(
    authz: Authorization,
    challenge: ChallengeRef,
    keyAuthorization: string,
  ): Promise<void> {
    const name = authz.identifier.value;
    if (challenge.type === 'http-01') await this.#records.delete(HTTP01_KIND, challenge.token);
    else if (challenge.type === 'tls-alpn-01') this.#alpn.delete(name);
    else if (challenge.type === 'dns-01') {
      const hook = this.#dnsHook();
      if (hook !== undefined)
        await runDnsHook(hook, 'cleanup', `_acme-challenge.${name}`, keyAuthorization);
    }
  }
}
