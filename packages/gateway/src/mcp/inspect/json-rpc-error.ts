import type { GatewayReason } from '../../reasons.ts';
/** A JSON-RPC id as the wire allows it (JSON-RPC 2.0 §4): a string, a number or null. */
export type JsonRpcId = string | number | null;

export interface JsonRpcErrorBody {
  readonly jsonrpc: '2.0';
  readonly id: JsonRpcId;
  readonly error: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/**
 * Why the gateway refused an MCP message before any policy ran. `reason` is a stable code for
 * the audit log (`mcp-batch`, `mcp-header-mismatch`, …); `status` and `jsonRpc` are the answer.
 */
export interface InspectRefusal {
  readonly ok: false;
  readonly status: number;
  readonly reason: GatewayReason;
  readonly jsonRpc: JsonRpcErrorBody;
}

/** The error object of a JSON-RPC error response (`data` only when given). */
export function jsonRpcErrorBody(
  id: JsonRpcId,
  code: number,
  message: string,
  data?: unknown,
): JsonRpcErrorBody {
  const error = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
}

/** The exact bytes of a JSON-RPC error response, ready to send as `application/json`. */
export function jsonRpcError(id: JsonRpcId, code: number, message: string, data?: unknown): Buffer {
  return Buffer.from(JSON.stringify(jsonRpcErrorBody(id, code, message, data)), 'utf8');
}

/** The bytes of a refusal's JSON-RPC body. */
export function refusalBytes(refusal: InspectRefusal): Buffer {
  return Buffer.from(JSON.stringify(refusal.jsonRpc), 'utf8');
}

export function refuse(
  status: number,
  reason: GatewayReason,
  id: JsonRpcId,
  code: number,
  message: string,
): InspectRefusal {
  return { ok: false, status, reason, jsonRpc: jsonRpcErrorBody(id, code, message) };
}
