import type { IncomingMessage } from 'node:http';
import { checkRequestContentType } from './content-type.ts';
import type { InspectRefusal } from './json-rpc-error.ts';
import type { JsonRpcBody } from './parse-body.ts';
import { parseJsonRpcBody } from './parse-body.ts';
import { readLimitedBody } from './read-body.ts';

export type JsonRpcReadResult = JsonRpcBody | InspectRefusal;

/**
 * The body of a POST to an MCP route as exactly one JSON-RPC message, or the refusal to answer
 * with (415, 413, 400). Nothing here is ever passed through unparsed (issue 6).
 */
export async function readJsonRpcRequest(
  req: IncomingMessage,
  maxBytes: number,
): Promise<JsonRpcReadResult> {
  const typeProblem = checkRequestContentType(
    req.headers['content-type'],
    req.headers['content-encoding'],
  );
  if (typeProblem) return typeProblem;
  const read = await readLimitedBody(req, maxBytes);
  return read.ok ? parseJsonRpcBody(read.body) : read;
}
