import type { ToolResult } from '../mcp/types.ts';

/** The echo tool's `structuredContent` (see template/server: the echo tool's output schema). */
export interface EchoResult {
  readonly echoedMessage: string;
  /** ISO 8601. */
  readonly timestamp: string;
}

export type EchoView =
  | { readonly kind: 'ok'; readonly result: EchoResult }
  | { readonly kind: 'error'; readonly message: string };

/** Reads a tool result from the host; anything unexpected becomes an error view, never a throw. */
export function readEchoResult(result: ToolResult): EchoView {
  if (result.isError === true) {
    return { kind: 'error', message: firstText(result) ?? 'The echo tool reported an error.' };
  }
  const data: unknown = result.structuredContent;
  const echoedMessage = isRecord(data) ? data['echoedMessage'] : undefined;
  const timestamp = isRecord(data) ? data['timestamp'] : undefined;
  if (typeof echoedMessage === 'string' && typeof timestamp === 'string') {
    return { kind: 'ok', result: { echoedMessage, timestamp } };
  }
  return { kind: 'error', message: 'The echo tool returned data this widget does not understand.' };
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstText(result: ToolResult): string | undefined {
  for (const block of result.content) {
    if (block.type === 'text' && block.text.trim() !== '') return block.text;
  }
  return undefined;
}

/** `timestamp` in the host's locale and time zone when it gave them; the raw text if unparsable. */
export function formatTimestamp(iso: string, locale?: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'medium' };
  try {
    return new Intl.DateTimeFormat(
      locale,
      timeZone === undefined ? options : { ...options, timeZone },
    ).format(date);
  } catch {
    // An invalid locale or time zone from the host throws a RangeError; fall back to defaults.
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

/** The message to show as a preview while the tool is still running. */
export function messageFromInput(
  input: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const message = input?.['message'];
  return typeof message === 'string' ? message : undefined;
}
