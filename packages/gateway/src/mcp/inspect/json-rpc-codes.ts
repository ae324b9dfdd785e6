/**
 * Every JSON-RPC error code the gateway answers with, in one place. The first four are JSON-RPC
 * 2.0 §5.1; -32000 and -32001 are in its implementation-defined server-error range (-32000 to
 * -32099) and are what the MCP SDKs answer for a generic server error and an unknown session;
 * HEADER_MISMATCH is MCP 2026-07-28 (SEP-2243 `HeaderMismatch`), which the spec pairs with 400.
 */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
/** Generic server error: an unreachable upstream, no MCP endpoint at this path. */
export const SERVER_ERROR = -32000;
/** The `Mcp-Session-Id` names no session of this user on this route (MCP SDK convention). */
export const SESSION_NOT_FOUND = -32001;
export const HEADER_MISMATCH = -32020;
/** A call the policy refuses: what Pomerium answers (pomerium.md §2.7). */
export const POLICY_DENIED = INVALID_PARAMS;
