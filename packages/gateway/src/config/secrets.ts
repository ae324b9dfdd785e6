import { join } from 'node:path';
import { GatehouseError, type Logger } from '@gatehouse/core';
import { generateCookieSecretText, parseCookieSecret } from './cookie-secret.ts';
import { createSecretFile, ensurePrivateDir, readSecretFile } from './secret-file.ts';
import { generateSigningKeyPem, parseSigningKey, type SigningKey } from './signing-key.ts';

export type { SigningKey } from './signing-key.ts';

export interface GatewaySecrets {
  readonly signingKey: SigningKey;
  /** 32 bytes. */
  readonly cookieSecret: Buffer;
}

export interface SecretsOptions {
  /** Absolute; default files live here. */
  readonly dataDir: string;
  /** When given, the file must exist and be valid; nothing is generated. */
  readonly signingKeyFile?: string | undefined;
  readonly cookieSecretFile?: string | undefined;
  readonly logger: Logger;
}

/**
 * The gateway's signing key and cookie secret. Files named in config must exist; otherwise
 * `<dataDir>/signing-key.pem` and `<dataDir>/cookie-secret` are used, generated on first start.
 * Errors (ERR_SECRET_READ, ERR_SECRET_INVALID, ERR_SECRET_WRITE) name the path, never the content.
 */
export async function loadOrCreateSecrets(options: SecretsOptions): Promise<GatewaySecrets> {
  const { dataDir, logger } = options;
  const signingKey = await loadOrCreate({
    what: 'signing key',
    given: options.signingKeyFile,
    fallback: join(dataDir, 'signing-key.pem'),
    dataDir,
    logger,
    generate: generateSigningKeyPem,
    parse: parseSigningKey,
  });
  const cookieSecret = await loadOrCreate({
    what: 'cookie secret',
    given: options.cookieSecretFile,
    fallback: join(dataDir, 'cookie-secret'),
    dataDir,
    logger,
    generate: generateCookieSecretText,
    parse: parseCookieSecret,
  });
  return Object.freeze({ signingKey, cookieSecret });
}

/**
 * The secret every node of a cluster signs internal hops with (same format as the cookie
 * secret): `cluster.secret_file` when set (must exist), else `<dataDir>/cluster-secret`, which
 * nodes on one machine sharing a data_dir (and `--workers`) share by themselves.
 */
export function loadOrCreateClusterSecret(options: {
  readonly dataDir: string;
  readonly secretFile: string | undefined;
  readonly logger: Logger;
}): Promise<Buffer> {
  return loadOrCreate({
    what: 'cluster secret',
    given: options.secretFile,
    fallback: join(options.dataDir, 'cluster-secret'),
    dataDir: options.dataDir,
    logger: options.logger,
    generate: generateCookieSecretText,
    parse: (content, path) => parseCookieSecret(content, path, 'cluster secret'),
  });
}

interface SecretSpec<T> {
  readonly what: string;
  readonly given: string | undefined;
  readonly fallback: string;
  readonly dataDir: string;
  readonly logger: Logger;
  generate(): string;
  parse(content: Buffer, path: string): T | Promise<T>;
}

async function loadOrCreate<T>(spec: SecretSpec<T>): Promise<T> {
  const { what, logger } = spec;
  if (spec.given !== undefined) {
    const content = await readSecretFile(spec.given, what, logger);
    if (content === undefined) {
      throw new GatehouseError(
        'ERR_SECRET_READ',
        `cannot read ${what} ${spec.given}: no such file`,
      );
    }
    return spec.parse(content, spec.given);
  }
  const path = spec.fallback;
  const existing = await readSecretFile(path, what, logger);
  if (existing !== undefined) return spec.parse(existing, path);
  await ensurePrivateDir(spec.dataDir);
  const text = spec.generate();
  if (await createSecretFile(path, text, what)) {
    logger.info({ path }, `generated a new ${what}`);
    return spec.parse(Buffer.from(text), path);
  }
  // Another process created it between our read and our write: use theirs.
  const theirs = await readSecretFile(path, what, logger);
  if (theirs === undefined) {
    throw new GatehouseError('ERR_SECRET_READ', `cannot read ${what} ${path}: no such file`);
  }
  return spec.parse(theirs, path);
}
