import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { GatehouseError } from '@gatehouse/core';

/**
 * Password hashing with scrypt (RFC 7914). The stored form is self-describing so the cost can be
 * raised later without breaking existing hashes: `scrypt$<log2 N>$<r>$<p>$<salt b64u>$<hash b64u>`.
 */
const COST = { log2N: 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

function derive(
  password: string,
  salt: Buffer,
  log2N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** log2N, r, p, maxmem: 256 * 2 ** log2N * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => {
      if (err === null) resolve(key);
      else
        reject(
          new GatehouseError('ERR_PASSWORD_HASH', 'could not hash the password', { cause: err }),
        );
    });
  });
}

/** Refuses passwords that are too short or absurdly long, with a message a person can act on. */
export function checkPasswordStrength(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  }
  if (password.length > MAX_PASSWORD_LENGTH)
    return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return undefined;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST.log2N, COST.r, COST.p);
  return [
    'scrypt',
    COST.log2N,
    COST.r,
    COST.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

// A fixed hash to verify against when the account does not exist, so that "no such user" and
// "wrong password" take the same time (no account enumeration by timing).
let dummyHash: Promise<string> | undefined;

/** True when `password` matches `stored`. A null/malformed `stored` still costs one scrypt. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$');
  if (parts?.length !== 6 || parts[0] !== 'scrypt') {
    dummyHash ??= hashPassword('gatehouse-dummy-password');
    await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), await dummyHash);
    return false;
  }
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(
    password.slice(0, MAX_PASSWORD_LENGTH),
    Buffer.from(salt, 'base64url'),
    Number(n),
    Number(r),
    Number(p),
  );
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
