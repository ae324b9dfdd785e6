import { request as httpRequest } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { Client, axios as acmeHttp, crypto as acmeCrypto } from 'acme-client';
import { GatehouseError, type Clock, type Store } from '@gatehouse/core';
import type { AcmeSettings } from '../../config/index.ts';

const extraCas = new Set<string>();
let agent: Agent | undefined;

/**
 * acme-client talks through one shared HTTP instance, so a private CA is trusted process-wide,
 * on top of the public roots. Its own retries are kept short: the manager retries with backoff.
 */
function trust(caPem: string | undefined): void {
  // acme-client's own field on its axios instance (src/axios.js), not in axios' types.
  const defaults = acmeHttp.defaults as { acmeSettings?: Record<string, number> };
  if (defaults.acmeSettings !== undefined) {
    defaults.acmeSettings['retryMaxAttempts'] = 2;
    defaults.acmeSettings['retryDefaultDelay'] = 2;
  }
  if (caPem === undefined || extraCas.has(caPem)) return;
  extraCas.add(caPem);
  agent = new Agent({ ca: [...rootCertificates, ...extraCas] });
  acmeHttp.defaults.httpsAgent = agent;
}

/**
 * The ACME client for `settings.directoryUrl` with the account key kept in the store (one
 * account per directory, shared by every node: the first writer's key wins).
 */
export async function createAcmeClient(
  settings: AcmeSettings,
  store: Store,
  clock: Clock,
): Promise<Client> {
  const ca =
    settings.trustedCaFile === undefined
      ? undefined
      : await readConfigFile(settings.trustedCaFile, 'tls.acme.trusted_ca_file');
  trust(ca);
  let account = await store.certificates.getAccount(settings.directoryUrl);
  if (account === undefined) {
    const key = await acmeCrypto.createPrivateEcdsaKey('P-256');
    account = await store.certificates.putAccountIfAbsent({
      directoryUrl: settings.directoryUrl,
      keyPem: key.toString(),
      accountUrl: null,
      createdAt: clock.now(),
    });
  }
  const eab = settings.externalAccountBinding;
  return new Client({
    directoryUrl: settings.directoryUrl,
    accountKey: account.keyPem,
    ...(account.accountUrl === null ? {} : { accountUrl: account.accountUrl }),
    ...(eab === undefined
      ? {}
      : {
          externalAccountBinding: {
            kid: eab.kid,
            hmacKey: (
              await readConfigFile(
                eab.hmacKeyFile,
                'tls.acme.external_account_binding.hmac_key_file',
              )
            ).trim(),
          },
        }),
  });
}

async function readConfigFile(path: string, key: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new GatehouseError(
      'ERR_CONFIG_FILE',
      `${key}: cannot read ${path} (${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
}

/**
 * GETs the directory (RFC 8555 §7.1.1) before an order. acme-client loses a network error's
 * code after its retries (it reads `.config` of a missing response), so the reason
 * (ECONNREFUSED, a certificate error) is taken from this request instead.
 */
export function probeDirectory(directoryUrl: string): Promise<void> {
  const url = new URL(directoryUrl);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'GET',
        timeout: 30_000,
        ...(url.protocol === 'https:' && agent !== undefined ? { agent } : {}),
      },
      (res) => {
        res.resume();
        if ((res.statusCode ?? 0) >= 500) {
          reject(
            Object.assign(new Error(`the directory answered ${String(res.statusCode)}`), {
              code: `HTTP_${String(res.statusCode)}`,
            }),
          );
        } else resolve();
      },
    );
    req.once('timeout', () =>
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
    );
    req.once('error', reject);
    req.end();
  });
}
