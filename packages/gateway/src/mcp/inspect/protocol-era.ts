import type { JsonRpcParams } from './message.ts';
import { isPlainObject } from './message.ts';

/** The first revision of the modern era; revisions are ISO dates, so strings order them. */
export const FIRST_MODERN_PROTOCOL_VERSION = '2026-07-28';

/** The `_meta` key of the 2026-07-28 per-request envelope that names the protocol version. */
export const PROTOCOL_VERSION_META_KEY = 'io.modelcontextprotocol/protocolVersion';

/** Same comparison as the SDK's `isModernProtocolVersion`. */
export function isModernProtocolVersion(version: string): boolean {
  return version >= FIRST_MODERN_PROTOCOL_VERSION;
}

/** Whether `params._meta` carries the envelope's protocol-version key (any value). */
export function hasEnvelopeClaim(params: JsonRpcParams | undefined): boolean {
  const meta = params?._meta;
  return isPlainObject(meta) && Object.hasOwn(meta, PROTOCOL_VERSION_META_KEY);
}

/** The version the envelope claims, when it is a string. */
export function envelopeClaimVersion(params: JsonRpcParams | undefined): string | undefined {
  const meta = params?._meta;
  const value = isPlainObject(meta) ? meta[PROTOCOL_VERSION_META_KEY] : undefined;
  return typeof value === 'string' ? value : undefined;
}
