import type { McpInput } from '@gatehouse/policy';
import { INVALID_PARAMS } from './json-rpc-codes.ts';
import type { InspectRefusal } from './json-rpc-error.ts';
import { refuse } from './json-rpc-error.ts';
import type { JsonRpcNotificationMessage, JsonRpcRequestMessage } from './message.ts';
import { isPlainObject } from './message.ts';

export type McpInputResult = { readonly ok: true; readonly input: McpInput } | InspectRefusal;

/**
 * The `mcp` part of the policy input. A `tools/call` whose name or arguments have the wrong
 * shape is refused here (-32602) rather than evaluated: a rule on `arguments.repo` must never
 * see an array where the schema says object (research §5 I7). Notifications named `tools/call`
 * get a `tool_call` too, so the policy sees every call however it is framed.
 */
export function mcpInputOf(
  message: JsonRpcRequestMessage | JsonRpcNotificationMessage,
): McpInputResult {
  const id = message.kind === 'request' ? message.id : null;
  const base =
    message.kind === 'request' ? { method: message.method, id } : { method: message.method };
  if (message.method !== 'tools/call') return { ok: true, input: base };
  const name = message.params?.name;
  const args = message.params?.arguments;
  const malformed = (what: string): InspectRefusal =>
    refuse(400, 'mcp-invalid-params', id, INVALID_PARAMS, `Invalid params: ${what}`);
  if (typeof name !== 'string') return malformed('tools/call needs a string name');
  if (args !== undefined && !isPlainObject(args)) {
    return malformed('tools/call arguments must be an object');
  }
  const tool_call = args === undefined ? { name } : { name, arguments: args };
  return { ok: true, input: { ...base, tool_call } };
}
