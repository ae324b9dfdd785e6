import { createHash, randomInt } from 'node:crypto';

// RFC 8628 §6.1: base-20 consonants, no vowels (no words) and no look-alikes (0/O, 1/I).
const ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const LENGTH = 8;

/** A fresh user code, `ABCD-EFGH` (20^8 ≈ 2.6e10 values; codes live 15 minutes, single use). */
export function newUserCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i += 1) code += ALPHABET[randomInt(ALPHABET.length)] ?? 'B';
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * The canonical form of what a user typed or a link carried: upper case, separators dropped
 * (RFC 8628 §6.1: be lenient about case and punctuation). Undefined when it cannot be a code.
 */
export function normalizeUserCode(input: string): string | undefined {
  const bare = input.toUpperCase().replace(/[\s-]/g, '');
  if (bare.length !== LENGTH || [...bare].some((c) => !ALPHABET.includes(c))) return undefined;
  return `${bare.slice(0, 4)}-${bare.slice(4)}`;
}

/** The store key of a code: codes are secrets until used, so only their hash is kept. */
export function userCodeKey(code: string): string {
  return createHash('sha256').update(`ssh-user-code:${code}`).digest('base64url');
}
