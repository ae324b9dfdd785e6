import type { McpProtocolEra } from '@gatehouse/core';
import {
  FIRST_MODERN_PROTOCOL_VERSION,
  PROTOCOL_VERSION_META_KEY,
} from '../mcp/inspect/protocol-era.ts';

/** What a JSON-RPC request says about itself, for the inspector's list columns. */
export interface RequestFacts {
  readonly method?: string;
  readonly rpcId?: string | number | null;
  /** Tool name (tools/call), resource URI (resources/read, …/subscribe) or prompt name. */
  readonly target?: string;
  readonly clientName?: string;
  readonly clientVersion?: string;
  readonly protocolVersion?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Legacy era: initialize's `clientInfo`; 2026-07-28: a `_meta` key ending in `clientInfo`. */
function clientOf(params: Record<string, unknown>): Record<string, unknown> | undefined {
  if (isObject(params['clientInfo'])) return params['clientInfo'];
  const meta = params['_meta'];
  if (!isObject(meta)) return undefined;
  for (const [key, value] of Object.entries(meta)) {
    if (key.endsWith('clientInfo') && isObject(value)) return value;
  }
  return undefined;
}

function targetOf(method: string | undefined, params: Record<string, unknown>): string | undefined {
  if (method === 'tools/call' || method === 'prompts/get') return str(params['name']);
  if (method?.startsWith('resources/') === true) return str(params['uri']);
  return undefined;
}

/** Facts of one request body (a batch or non-JSON body yields none). */
export function describeRequest(body: Buffer | undefined, headerVersion?: string): RequestFacts {
  if (body === undefined || body.length === 0)
    return headerVersion === undefined ? {} : { protocolVersion: headerVersion };
  let message: unknown;
  try {
    message = JSON.parse(body.toString('utf8'));
  } catch {
    return {};
  }
  if (!isObject(message)) return {};
  const method = str(message['method']);
  const params = isObject(message['params']) ? message['params'] : {};
  const meta = isObject(params['_meta']) ? params['_meta'] : {};
  const client = clientOf(params);
  const id = message['id'];
  const target = targetOf(method, params);
  const clientName = str(client?.['name']);
  const clientVersion = str(client?.['version']);
  const protocolVersion =
    str(meta[PROTOCOL_VERSION_META_KEY]) ??
    (method === 'initialize' ? str(params['protocolVersion']) : undefined) ??
    headerVersion;
  return {
    ...(method === undefined ? {} : { method }),
    ...(typeof id === 'string' || typeof id === 'number' ? { rpcId: id } : {}),
    ...(target === undefined ? {} : { target }),
    ...(clientName === undefined ? {} : { clientName }),
    ...(clientVersion === undefined ? {} : { clientVersion }),
    ...(protocolVersion === undefined ? {} : { protocolVersion }),
  };
}

export function eraOf(version: string | undefined): McpProtocolEra {
  if (version === undefined) return 'unknown';
  return version >= FIRST_MODERN_PROTOCOL_VERSION ? 'modern' : 'legacy';
}
