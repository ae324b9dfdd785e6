/**
 * JSON-RPC error codes this module answers with. The first four are JSON-RPC 2.0 §5.1;
 * HEADER_MISMATCH is MCP 2026-07-28 (SEP-2243 `HeaderMismatch`), which the spec pairs with 400.
 */
export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;
export const INTERNAL_ERROR = -32603;
export const HEADER_MISMATCH = -32020;
