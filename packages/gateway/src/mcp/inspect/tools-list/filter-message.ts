import { isPlainObject } from '../message.ts';

export interface FilteredMessage {
  /** The message to send on: the input itself when `changed` is false. */
  readonly value: unknown;
  readonly changed: boolean;
  /** Names of the tools taken out, in list order. */
  readonly dropped: readonly string[];
}

/** A result whose `tools` is not a list of named tools: it cannot be filtered, so not sent. */
export const MALFORMED = 'malformed';

/** MCP 2026-07-28 CacheableResult: a per-user list must not be marked shareable (§5 H12). */
function privateScope(result: Record<string, unknown>): Record<string, unknown> | undefined {
  const meta = result._meta;
  const metaPublic = isPlainObject(meta) && meta.cacheScope === 'public';
  if (result.cacheScope !== 'public' && !metaPublic) return undefined;
  const out = { ...result };
  if (out.cacheScope === 'public') out.cacheScope = 'private';
  if (metaPublic) out._meta = { ...meta, cacheScope: 'private' };
  return out;
}

function filterOne(
  message: unknown,
  allow: (toolName: string) => boolean,
): FilteredMessage | typeof MALFORMED {
  const unchanged = { value: message, changed: false, dropped: [] };
  if (!isPlainObject(message) || !isPlainObject(message.result)) return unchanged;
  const scoped = privateScope(message.result);
  const result = scoped ?? message.result;
  if (!Object.hasOwn(result, 'tools')) {
    return scoped ? { value: { ...message, result }, changed: true, dropped: [] } : unchanged;
  }
  const tools = result.tools;
  if (!Array.isArray(tools)) return MALFORMED;
  const kept: unknown[] = [];
  const dropped: string[] = [];
  for (const tool of tools) {
    if (!isPlainObject(tool) || typeof tool.name !== 'string') return MALFORMED;
    if (allow(tool.name)) kept.push(tool);
    else dropped.push(tool.name);
  }
  if (dropped.length === 0 && !scoped) return unchanged;
  return { value: { ...message, result: { ...result, tools: kept } }, changed: true, dropped };
}

/**
 * Keeps only allowed tools in every JSON-RPC result that carries `result.tools`, whatever its
 * id: the SDK client matches responses with `Number(id)`, so "1" and 1 are the same request,
 * and on the stream of one POST every response is an answer to that POST. Batches (2025-03-26)
 * are filtered element by element.
 */
export function filterToolsInMessage(
  message: unknown,
  allow: (toolName: string) => boolean,
): FilteredMessage | typeof MALFORMED {
  if (!Array.isArray(message)) return filterOne(message, allow);
  const values: unknown[] = [];
  const dropped: string[] = [];
  let changed = false;
  for (const element of message) {
    const one = filterOne(element, allow);
    if (one === MALFORMED) return MALFORMED;
    values.push(one.value);
    dropped.push(...one.dropped);
    changed ||= one.changed;
  }
  return changed ? { value: values, changed, dropped } : { value: message, changed, dropped };
}

/** The id to answer a message that could not be filtered: its own when usable, else ours. */
export function answerIdOf(message: unknown, fallback: string | number): string | number {
  const id = isPlainObject(message) ? message.id : undefined;
  return typeof id === 'string' || typeof id === 'number' ? id : fallback;
}
