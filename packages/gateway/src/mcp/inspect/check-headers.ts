import type { HeaderSource } from './header-value.ts';
import { decodeSentinelValue, headerValues, stripOws } from './header-value.ts';
import { HEADER_MISMATCH } from './json-rpc-codes.ts';
import type { InspectRefusal, JsonRpcId } from './json-rpc-error.ts';
import { refuse } from './json-rpc-error.ts';
import type { JsonRpcMessage } from './message.ts';
import { isPlainObject } from './message.ts';
import { envelopeClaimVersion, isModernProtocolVersion } from './protocol-era.ts';

/**
 * The body field `Mcp-Name` mirrors, per method: SEP-2243 (`tools/call`, `prompts/get`,
 * `resources/read`) and SEP-2663 (`tasks/*`). Same table as the SDK's MCP_NAME_HEADER_SOURCE.
 */
const NAME_SOURCE: Readonly<Record<string, string>> = {
  'tools/call': 'name',
  'prompts/get': 'name',
  'resources/read': 'uri',
  'tasks/get': 'taskId',
  'tasks/update': 'taskId',
  'tasks/cancel': 'taskId',
};

function mismatch(id: JsonRpcId, what: string): InspectRefusal {
  const message = `Bad Request: the request headers and body disagree: ${what}`;
  return refuse(400, 'mcp-header-mismatch', id, HEADER_MISMATCH, message);
}

/**
 * MCP 2026-07-28 Streamable HTTP: `Mcp-Method` and `Mcp-Name` must match the body, or the
 * answer is 400 with -32020 (research §5 H6). Follows the SDK's `classifyInboundRequest` and
 * `validateStandardRequestHeaders`, and is stricter in two ways: a present `Mcp-Method` or
 * `Mcp-Name` must match in every era, and a repeated header is refused. Pass
 * `req.headersDistinct` so repeats are seen; `Mcp-Method` is compared as sent (the SDK does
 * not decode it), `Mcp-Name` after base64-sentinel decoding.
 */
export function checkMcpHeaders(
  headers: HeaderSource,
  message: JsonRpcMessage,
): InspectRefusal | undefined {
  const id = message.kind === 'request' ? message.id : null;
  const read: Record<string, string | undefined> = {};
  for (const name of ['mcp-protocol-version', 'mcp-method', 'mcp-name']) {
    const values = headerValues(headers, name);
    if (values.length > 1) return mismatch(id, `repeated ${name} header`);
    read[name] = values[0] === undefined ? undefined : stripOws(values[0]);
  }
  if (message.kind === 'response') return undefined;
  const version = read['mcp-protocol-version'];
  const methodHeader = read['mcp-method'];
  const nameHeader = read['mcp-name'];
  const { method, params } = message;
  const claimed = envelopeClaimVersion(params);
  if (claimed !== undefined && version !== undefined && claimed !== version) {
    return mismatch(id, 'MCP-Protocol-Version differs from the body envelope');
  }
  const modern =
    (version !== undefined && isModernProtocolVersion(version)) ||
    (claimed !== undefined && isModernProtocolVersion(claimed));
  if (method === 'initialize' && version !== undefined && isModernProtocolVersion(version)) {
    if (claimed === undefined) return mismatch(id, 'initialize sent with a modern version');
  }
  if (methodHeader !== undefined && methodHeader !== method) {
    return mismatch(id, 'Mcp-Method differs from the body method');
  }
  if (modern && message.kind === 'request') {
    if (version === undefined) return mismatch(id, 'MCP-Protocol-Version is missing');
    if (methodHeader === undefined) return mismatch(id, 'Mcp-Method is missing');
  }
  const field = Object.hasOwn(NAME_SOURCE, method) ? NAME_SOURCE[method] : undefined;
  if (field === undefined) return undefined;
  const raw = isPlainObject(params) ? params[field] : undefined;
  const bodyValue = typeof raw === 'string' ? raw : undefined;
  if (nameHeader === undefined) {
    const required = modern && message.kind === 'request' && bodyValue !== undefined;
    return required ? mismatch(id, 'Mcp-Name is missing') : undefined;
  }
  const decoded = decodeSentinelValue(nameHeader);
  if (decoded === undefined) return mismatch(id, 'Mcp-Name has an invalid base64 value');
  if (bodyValue !== undefined && decoded !== bodyValue) {
    return mismatch(id, `Mcp-Name differs from params.${field}`);
  }
  return undefined;
}
