import type { GatewayReason } from '../../reasons.ts';
import { INVALID_REQUEST, PARSE_ERROR } from './json-rpc-codes.ts';
import type { InspectRefusal } from './json-rpc-error.ts';
import { refuse } from './json-rpc-error.ts';
import type { JsonRpcMessage } from './message.ts';
import { toJsonRpcMessage } from './message.ts';
import { scanStrictJson } from './strict-json.ts';

/** Deeper JSON is refused: no MCP message needs it, and deep values strain later walkers. */
export const MAX_JSON_DEPTH = 128;

export interface JsonRpcBody {
  readonly ok: true;
  /** The exact bytes received: forward these, never a re-serialisation. */
  readonly body: Buffer;
  readonly message: JsonRpcMessage;
}

// ignoreBOM keeps a BOM in the text so that it is refused below rather than silently dropped.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseError(reason: GatewayReason, message: string): InspectRefusal {
  return refuse(400, reason, null, PARSE_ERROR, `Parse error: ${message}`);
}

/**
 * Parses a complete request body as exactly one JSON-RPC message. RFC 8259 §8.1: JSON is UTF-8
 * without a BOM; anything else could be decoded differently by the server behind us.
 */
export function parseJsonRpcBody(body: Buffer): JsonRpcBody | InspectRefusal {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) {
    return parseError('mcp-body-encoding', 'the body starts with a byte order mark');
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return parseError('mcp-body-encoding', 'the body is not valid UTF-8');
  }
  const problem = scanStrictJson(text, MAX_JSON_DEPTH);
  if (problem === 'duplicate-key') {
    return refuse(
      400,
      'mcp-duplicate-key',
      null,
      INVALID_REQUEST,
      'Invalid Request: duplicate object key',
    );
  }
  if (problem === 'too-deep') {
    return refuse(
      400,
      'mcp-too-deep',
      null,
      INVALID_REQUEST,
      'Invalid Request: JSON nested too deeply',
    );
  }
  if (problem === 'syntax') return parseError('mcp-parse-error', 'the body is not JSON');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The scanner is at least as strict as JSON.parse; this is a guard, not a path.
    return parseError('mcp-parse-error', 'the body is not JSON');
  }
  const message = toJsonRpcMessage(value);
  return 'ok' in message ? message : { ok: true, body, message };
}
