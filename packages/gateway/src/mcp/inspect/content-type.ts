import { INVALID_REQUEST } from './json-rpc-codes.ts';
import type { InspectRefusal } from './json-rpc-error.ts';
import { refuse } from './json-rpc-error.ts';

function unsupported(message: string): InspectRefusal {
  return refuse(
    415,
    'mcp-content-type',
    null,
    INVALID_REQUEST,
    `Unsupported Media Type: ${message}`,
  );
}

/**
 * MCP Streamable HTTP: a POST body is `application/json` (parameters allowed, as the SDK's
 * `isJsonContentType`). A charset other than UTF-8 (RFC 8259 §8.1) or any content coding would
 * make the bytes we inspect differ from the text the server reads, so both are refused.
 */
export function checkRequestContentType(
  contentType: string | undefined,
  contentEncoding: string | undefined,
): InspectRefusal | undefined {
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') {
    return unsupported('content codings are not accepted');
  }
  if (contentType === undefined || contentType.includes(',')) {
    return unsupported('expected application/json');
  }
  const [essence = '', ...params] = contentType.split(';');
  if (essence.trim().toLowerCase() !== 'application/json') {
    return unsupported('expected application/json');
  }
  for (const param of params) {
    const [name = '', value = ''] = param.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') return unsupported('expected charset=utf-8');
  }
  return undefined;
}
