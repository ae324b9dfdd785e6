import type { OutgoingHttpHeaders } from 'node:http';
import type { Transform } from 'node:stream';
import { PassThrough } from 'node:stream';
import { INTERNAL_ERROR } from '../json-rpc-codes.ts';
import { jsonRpcError } from '../json-rpc-error.ts';
import { createFailureStream } from './failure-stream.ts';
import { createJsonFilterStream } from './json-transform.ts';
import type { FilterSettings } from './settings.ts';
import { createSseFilterStream } from './sse-transform.ts';

export interface ToolsListFilterOptions {
  /** The id of the client's `tools/list` request: the id of a fail-closed error. */
  readonly id: string | number;
  readonly allow: (toolName: string) => boolean;
  readonly onDropped?: (names: string[]) => void;
  /** Most bytes buffered for one JSON body or one SSE event; default 8 MiB. */
  readonly maxBufferBytes?: number;
}

export interface ToolsListFilter {
  transformHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders;
  /**
   * The rewriter for the upstream's body. Pass the upstream's Content-Encoding: a coded body
   * the filter would have to read is refused (better: ask the upstream for `identity`).
   */
  createStream(contentType: string | undefined, contentEncoding?: string): Transform;
}

export const DEFAULT_MAX_BUFFER_BYTES = 8 * 1024 * 1024;

/** Headers that describe the upstream's exact bytes, which the filter may change. */
const BODY_BOUND = new Set([
  'content-length',
  'etag',
  'content-md5',
  'digest',
  'content-digest',
  'repr-digest',
]);

const FAILURE = 'Internal error: the gateway could not check the tools list';

function isCoded(contentEncoding: string | undefined): boolean {
  const coding = contentEncoding?.trim().toLowerCase();
  return coding !== undefined && coding !== '' && coding !== 'identity';
}

function headerText(headers: OutgoingHttpHeaders, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return value === undefined ? undefined : String(value);
}

/**
 * Which rewriter a response gets. SSE only when the media type is exactly text/event-stream (as
 * the SDK client decides); JSON for application/json and for anything a lax client might still
 * read as JSON or SSE, including no Content-Type, so the answer is checked or refused.
 */
function modeOf(contentType: string | undefined): 'sse' | 'json' | 'pass' {
  if (contentType === undefined) return 'json';
  const lower = contentType.toLowerCase();
  const essence = (lower.split(';')[0] ?? '').trim();
  if (essence === 'text/event-stream' && !lower.includes(',')) return 'sse';
  return lower.includes('json') || lower.includes('event-stream') ? 'json' : 'pass';
}

/**
 * Filters the upstream's answer to one `tools/list` so that listed == callable (issue 6,
 * research §5 I4), and marks it private to the user (§5 H12).
 */
export function createToolsListFilter(options: ToolsListFilterOptions): ToolsListFilter {
  const settings: FilterSettings = {
    id: options.id,
    allow: options.allow,
    onDropped: options.onDropped,
    maxBufferBytes: options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES,
    failure: (id) => jsonRpcError(id, INTERNAL_ERROR, FAILURE).toString('utf8'),
  };
  return {
    transformHeaders(headers) {
      const type = headerText(headers, 'content-type');
      const decoded = modeOf(type) !== 'pass' && isCoded(headerText(headers, 'content-encoding'));
      const out: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase();
        if (BODY_BOUND.has(lower) || lower === 'cache-control') continue;
        if (decoded && lower === 'content-encoding') continue;
        out[name] = value;
      }
      out['cache-control'] = 'private, no-store';
      return out;
    },
    createStream(contentType, contentEncoding) {
      const mode = modeOf(contentType);
      if (mode === 'pass') return new PassThrough();
      if (isCoded(contentEncoding)) {
        return createFailureStream(settings.failure(settings.id), mode === 'sse');
      }
      return mode === 'sse' ? createSseFilterStream(settings) : createJsonFilterStream(settings);
    },
  };
}
