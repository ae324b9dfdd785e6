import { INVALID_REQUEST } from './json-rpc-codes.ts';
import type { InspectRefusal, JsonRpcId } from './json-rpc-error.ts';
import { refuse } from './json-rpc-error.ts';

export type JsonRpcParams = Readonly<Record<string, unknown>>;

export interface JsonRpcRequestMessage {
  readonly kind: 'request';
  readonly id: JsonRpcId;
  readonly method: string;
  readonly params?: JsonRpcParams;
}

export interface JsonRpcNotificationMessage {
  readonly kind: 'notification';
  readonly method: string;
  readonly params?: JsonRpcParams;
}

export interface JsonRpcResponseMessage {
  readonly kind: 'response';
  readonly id: JsonRpcId;
}

/** One JSON-RPC 2.0 message, as the client sent it to an MCP route. */
export type JsonRpcMessage =
  JsonRpcRequestMessage | JsonRpcNotificationMessage | JsonRpcResponseMessage;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** MCP ids are strings or integers (the SDK's RequestIdSchema); null is left for the server. */
function isValidId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || Number.isInteger(value);
}

function invalid(id: JsonRpcId, message: string): InspectRefusal {
  return refuse(400, 'mcp-invalid-request', id, INVALID_REQUEST, `Invalid Request: ${message}`);
}

/**
 * Reads a parsed JSON value as one JSON-RPC 2.0 message (JSON-RPC 2.0 §4–5; MCP basic
 * messages). Batches are refused: MCP removed them in 2025-06-18 and a batch would let one
 * POST carry a call the policy never saw (research §5 H8).
 */
export function toJsonRpcMessage(value: unknown): JsonRpcMessage | InspectRefusal {
  if (Array.isArray(value)) {
    return refuse(
      400,
      'mcp-batch',
      null,
      INVALID_REQUEST,
      'Invalid Request: batches are not accepted',
    );
  }
  if (!isPlainObject(value)) return invalid(null, 'the body must be a JSON-RPC object');
  const hasId = Object.hasOwn(value, 'id');
  const id = hasId && isValidId(value.id) ? value.id : null;
  if (hasId && !isValidId(value.id))
    return invalid(null, 'id must be a string, an integer or null');
  if (value.jsonrpc !== '2.0') return invalid(id, 'jsonrpc must be "2.0"');
  if (!Object.hasOwn(value, 'method')) {
    const hasResult = Object.hasOwn(value, 'result');
    if (!hasId || hasResult === Object.hasOwn(value, 'error')) {
      return invalid(id, 'not a request, notification or response');
    }
    return { kind: 'response', id };
  }
  const method = value.method;
  if (typeof method !== 'string') return invalid(id, 'method must be a string');
  const params = value.params;
  if (params !== undefined && !isPlainObject(params))
    return invalid(id, 'params must be an object');
  const withParams = params === undefined ? {} : { params };
  return hasId
    ? { kind: 'request', id, method, ...withParams }
    : { kind: 'notification', method, ...withParams };
}
