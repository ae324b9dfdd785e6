import { crypto as acmeCrypto, type Client } from 'acme-client';
import type { ChallengeBoard, ChallengeType } from './challenges.ts';

export interface IssuedPem {
  /** Leaf first, then the chain: a leaf alone fails verification in curl. */
  readonly certPem: string;
  readonly keyPem: string;
}

/**
 * Orders one certificate for `name` (a host, or `*.parent` through DNS-01) with a fresh P-256
 * key, answering the first challenge type of `types` the CA offers (RFC 8555 §7.4).
 */
export async function orderCertificate(
  client: Client,
  name: string,
  email: string,
  types: readonly ChallengeType[],
  board: ChallengeBoard,
): Promise<IssuedPem> {
  const key = await acmeCrypto.createPrivateEcdsaKey('P-256');
  // RFC 5280: a CN is at most 64 characters; the names are in subjectAltName anyway.
  const [, csr] = await acmeCrypto.createCsr(
    name.length <= 64 ? { commonName: name, altNames: [name] } : { altNames: [name] },
    key,
  );
  const certPem = await client.auto({
    csr,
    email,
    termsOfServiceAgreed: true,
    challengePriority: [...types],
    // acme-client's own pre-check resolves the name with this machine's DNS and fetches it on
    // port 80/443; the CA validates anyway, and behind NAT or split DNS the pre-check lies.
    skipChallengeVerification: true,
    challengeCreateFn: (authz, challenge, keyAuthorization) =>
      board.present(authz, challenge, keyAuthorization),
    challengeRemoveFn: (authz, challenge, keyAuthorization) =>
      board.cleanup(authz, challenge, keyAuthorization),
  });
  return { certPem, keyPem: key.toString() };
}
