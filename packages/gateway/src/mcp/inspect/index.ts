export { checkMcpHeaders } from './check-headers.ts';
export { checkRequestContentType } from './content-type.ts';
export type { HeaderSource } from './header-value.ts';
export { decodeSentinelValue } from './header-value.ts';
export {
  HEADER_MISMATCH,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  PARSE_ERROR,
  POLICY_DENIED,
  SERVER_ERROR,
  SESSION_NOT_FOUND,
} from './json-rpc-codes.ts';
export type { InspectRefusal, JsonRpcErrorBody, JsonRpcId } from './json-rpc-error.ts';
export { jsonRpcError, jsonRpcErrorBody, refusalBytes } from './json-rpc-error.ts';
export type { McpInputResult } from './mcp-input.ts';
export { mcpInputOf } from './mcp-input.ts';
export type {
  JsonRpcMessage,
  JsonRpcNotificationMessage,
  JsonRpcParams,
  JsonRpcRequestMessage,
  JsonRpcResponseMessage,
} from './message.ts';
export type { JsonRpcBody } from './parse-body.ts';
export { MAX_JSON_DEPTH, parseJsonRpcBody } from './parse-body.ts';
export type { JsonRpcReadResult } from './read-request.ts';
export { readJsonRpcRequest } from './read-request.ts';
export { isValidSessionId } from './session-id.ts';
export type { ToolsListFilter, ToolsListFilterOptions } from './tools-list/create-filter.ts';
export { createToolsListFilter, DEFAULT_MAX_BUFFER_BYTES } from './tools-list/create-filter.ts';
