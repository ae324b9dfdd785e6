import { randomBytes } from 'node:crypto';
import { GatehouseError } from '@gatehouse/core';

export const COOKIE_SECRET_BYTES = 32;

/** A new cookie secret file's text: base64 of 32 random bytes. */
export function generateCookieSecretText(): string {
  return `${randomBytes(COOKIE_SECRET_BYTES).toString('base64')}\n`;
}

/** Decodes a cookie secret file (base64 of exactly 32 bytes). Never echoes the content. */
export function parseCookieSecret(content: Buffer, path: string, what = 'cookie secret'): Buffer {
  const text = content.toString('utf8').trim();
  const bytes = Buffer.from(text, 'base64');
  // Buffer.from skips bad characters silently; re-encoding catches that.
  if (bytes.length !== COOKIE_SECRET_BYTES || bytes.toString('base64') !== text) {
    throw new GatehouseError(
      'ERR_SECRET_INVALID',
      `${what} ${path} must be base64 of exactly ${COOKIE_SECRET_BYTES} bytes (e.g. openssl rand -base64 32)`,
    );
  }
  return bytes;
}
