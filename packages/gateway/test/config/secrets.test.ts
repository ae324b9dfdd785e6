import { createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@gatehouse/core';
import { calculateJwkThumbprint } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSecrets } from '../../src/config/index.ts';

interface Line {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

/** A real Logger that records every call, so a test can read what would be logged. */
function captureLogger(lines: Line[] = []): Logger & { lines: Line[] } {
  const at =
    (level: string) =>
    (objOrMsg: Record<string, unknown> | string, msg?: string): void => {
      if (typeof objOrMsg === 'string') lines.push({ level, obj: {}, msg: objOrMsg });
      else lines.push({ level, obj: objOrMsg, msg });
    };
  const logger = {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

let root: string;
let dataDir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gh-secrets-'));
  dataDir = join(root, 'data');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('first start', () => {
  it('generates both secrets in a 0700 data dir, files 0600, logging each path once', async () => {
    const logger = captureLogger();
    const secrets = await loadOrCreateSecrets({ dataDir, logger });

    expect(secrets.cookieSecret).toHaveLength(32);
    expect(secrets.signingKey.privateKey.asymmetricKeyType).toBe('ec');
    expect(secrets.signingKey.privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    for (const name of ['signing-key.pem', 'cookie-secret']) {
      expect((await stat(join(dataDir, name))).mode & 0o777).toBe(0o600);
    }
    expect((await readdir(dataDir)).sort()).toEqual(['cookie-secret', 'signing-key.pem']);
    expect(await readFile(join(dataDir, 'signing-key.pem'), 'utf8')).toMatch(
      /^-----BEGIN PRIVATE KEY-----\n/,
    );

    expect(logger.lines).toEqual([
      {
        level: 'info',
        obj: { path: join(dataDir, 'signing-key.pem') },
        msg: 'generated a new signing key',
      },
      {
        level: 'info',
        obj: { path: join(dataDir, 'cookie-secret') },
        msg: 'generated a new cookie secret',
      },
    ]);
  });

  it('the kid is the RFC 7638 thumbprint and the JWK verifies the private key’s signatures', async () => {
    const { signingKey } = await loadOrCreateSecrets({ dataDir, logger: captureLogger() });
    const { kty, crv, x, y } = signingKey.publicJwk;
    expect(signingKey.kid).toBe(
      await calculateJwkThumbprint({ kty, crv, x, y } as never, 'sha256'),
    );
    expect(signingKey.publicJwk).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      kid: signingKey.kid,
      alg: 'ES256',
      use: 'sig',
    });
    expect(signingKey.publicJwk).not.toHaveProperty('d');
    const data = Buffer.from('hello');
    const signature = sign('sha256', data, signingKey.privateKey);
    const publicKey = createPublicKey({ key: signingKey.publicJwk, format: 'jwk' });
    expect(verify('sha256', data, publicKey, signature)).toBe(true);
  });
});

describe('second start', () => {
  it('reuses the files and logs nothing', async () => {
    const first = await loadOrCreateSecrets({ dataDir, logger: captureLogger() });
    const logger = captureLogger();
    const second = await loadOrCreateSecrets({ dataDir, logger });
    expect(second.cookieSecret.equals(first.cookieSecret)).toBe(true);
    expect(second.signingKey.kid).toBe(first.signingKey.kid);
    expect(logger.lines).toEqual([]);
  });

  it('two processes starting at once end up with the same secrets', async () => {
    const [a, b] = await Promise.all([
      loadOrCreateSecrets({ dataDir, logger: captureLogger() }),
      loadOrCreateSecrets({ dataDir, logger: captureLogger() }),
    ]);
    expect(a.signingKey.kid).toBe(b.signingKey.kid);
    expect(a.cookieSecret.equals(b.cookieSecret)).toBe(true);
  });

  it('warns, without the content, when a secret file is world-readable', async () => {
    await loadOrCreateSecrets({ dataDir, logger: captureLogger() });
    const path = join(dataDir, 'cookie-secret');
    await chmod(path, 0o644);
    const logger = captureLogger();
    const secrets = await loadOrCreateSecrets({ dataDir, logger });
    expect(logger.lines).toEqual([
      {
        level: 'warn',
        obj: { path, mode: '644' },
        msg: 'cookie secret file is readable by every user on this machine; run chmod 600 on it',
      },
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain(secrets.cookieSecret.toString('base64'));
  });
});

describe('files named in config', () => {
  it('are used as given', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyFile = join(root, 'key.pem');
    const cookieFile = join(root, 'cookie');
    await writeFile(keyFile, privateKey.export({ type: 'sec1', format: 'pem' }), { mode: 0o600 });
    const secret = Buffer.alloc(32, 7);
    await writeFile(cookieFile, `${secret.toString('base64')}\n`, { mode: 0o600 });
    const logger = captureLogger();
    const secrets = await loadOrCreateSecrets({
      dataDir,
      signingKeyFile: keyFile,
      cookieSecretFile: cookieFile,
      logger,
    });
    expect(secrets.cookieSecret.equals(secret)).toBe(true);
    expect(secrets.signingKey.publicJwk.x).toBe(privateKey.export({ format: 'jwk' }).x);
    expect(logger.lines).toEqual([]);
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('must exist: ERR_SECRET_READ naming the path', async () => {
    const keyFile = join(root, 'missing.pem');
    await expect(
      loadOrCreateSecrets({ dataDir, signingKeyFile: keyFile, logger: captureLogger() }),
    ).rejects.toMatchObject({
      code: 'ERR_SECRET_READ',
      message: `cannot read signing key ${keyFile}: no such file`,
    });
  });

  it('an RSA key is ERR_SECRET_INVALID', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const keyFile = join(root, 'rsa.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(
      loadOrCreateSecrets({ dataDir, signingKeyFile: keyFile, logger: captureLogger() }),
    ).rejects.toMatchObject({
      code: 'ERR_SECRET_INVALID',
      message: `signing key ${keyFile} must be an EC P-256 key (ES256), got rsa`,
    });
  });

  it('a P-384 key is ERR_SECRET_INVALID', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const keyFile = join(root, 'p384.pem');
    await writeFile(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(
      loadOrCreateSecrets({ dataDir, signingKeyFile: keyFile, logger: captureLogger() }),
    ).rejects.toMatchObject({
      code: 'ERR_SECRET_INVALID',
      message: `signing key ${keyFile} must be an EC P-256 key (ES256), got ec secp384r1`,
    });
  });

  it('garbage in a key file is ERR_SECRET_INVALID without the content', async () => {
    const keyFile = join(root, 'garbage.pem');
    await writeFile(keyFile, 'not-a-key-SENSITIVE-123');
    const error: unknown = await loadOrCreateSecrets({
      dataDir,
      signingKeyFile: keyFile,
      logger: captureLogger(),
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_SECRET_INVALID',
      message: `signing key ${keyFile} is not an unencrypted PEM private key`,
    });
    expect(String((error as Error).message)).not.toContain('SENSITIVE');
  });

  it.each([
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['too long', Buffer.alloc(48, 1).toString('base64')],
    ['not base64', 'SENSITIVE!!not*base64*at*all*SENSITIVE!!SENSITIVE'],
  ])(
    'a cookie secret that is %s is ERR_SECRET_INVALID without the content',
    async (_name, content) => {
      const cookieFile = join(root, 'cookie');
      await writeFile(cookieFile, content);
      const error: unknown = await loadOrCreateSecrets({
        dataDir,
        cookieSecretFile: cookieFile,
        logger: captureLogger(),
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ERR_SECRET_INVALID' });
      expect((error as Error).message).toContain(cookieFile);
      expect((error as Error).message).not.toContain(content);
    },
  );

  it('a corrupt generated file is an error, not silently replaced', async () => {
    await loadOrCreateSecrets({ dataDir, logger: captureLogger() });
    await writeFile(join(dataDir, 'cookie-secret'), 'short');
    await expect(loadOrCreateSecrets({ dataDir, logger: captureLogger() })).rejects.toMatchObject({
      code: 'ERR_SECRET_INVALID',
    });
    expect(await readFile(join(dataDir, 'cookie-secret'), 'utf8')).toBe('short');
  });
});
