import { TRAFFIC_MASK, type ReplayOptions, type ReplayRefusal } from '@gatehouse/core';
import type { McpInput } from '@gatehouse/policy';
import type { Recorded } from './recorder.ts';

export type ReplayRequest =
  | { readonly ok: true; readonly body: Buffer; readonly mcp: McpInput }
  | { readonly ok: false; readonly reason: ReplayRefusal; readonly message: string };

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The body a replay sends: the recorded (masked) `tools/call`, with `arguments` replaced when
 * given. A masked or truncated capture is refused: sending `[masked]` where a secret was would
 * be a different call, and the secret itself is never kept.
 */
export function replayRequest(original: Recorded, options: ReplayOptions): ReplayRequest {
  const e = original.exchange;
  if (e.method !== 'tools/call' || original.caller === undefined) {
    return {
      ok: false,
      reason: 'not-replayable',
      message: 'only an authenticated tools/call can be replayed',
    };
  }
  if (e.request === undefined || e.request.truncated) {
    return {
      ok: false,
      reason: 'incomplete-capture',
      message: 'the recorded request was cut at inspect.max_body_bytes',
    };
  }
  let message: unknown;
  try {
    message = JSON.parse(e.request.text);
  } catch {
    return { ok: false, reason: 'incomplete-capture', message: 'the recorded body is not JSON' };
  }
  if (!isObject(message) || !isObject(message['params'])) {
    return { ok: false, reason: 'not-replayable', message: 'the recorded body has no params' };
  }
  const params = message['params'];
  const name = params['name'];
  if (typeof name !== 'string') {
    return { ok: false, reason: 'not-replayable', message: 'the recorded call names no tool' };
  }
  const args = options.arguments ?? (isObject(params['arguments']) ? params['arguments'] : {});
  const next = { ...message, params: { ...params, arguments: args } };
  const text = JSON.stringify(next);
  if (text.includes(TRAFFIC_MASK)) {
    return {
      ok: false,
      reason: 'incomplete-capture',
      message: 'the recorded call has masked values: replay it with edited arguments',
    };
  }
  const id = message['id'];
  return {
    ok: true,
    body: Buffer.from(text),
    mcp: {
      method: 'tools/call',
      ...(typeof id === 'string' || typeof id === 'number' ? { id } : {}),
      tool_call: { name, arguments: args },
    },
  };
}
