import type { Transform } from 'node:stream';

/** Writes `chunks` into `stream` one by one, ends it, and returns everything it emitted. */
export async function runThrough(
  stream: Transform,
  chunks: readonly (Buffer | string)[],
): Promise<Buffer> {
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await done;
  return Buffer.concat(out);
}

/** Splits `bytes` at the given positions. */
export function splitAt(bytes: Buffer, positions: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (const at of [...positions].sort((a, b) => a - b)) {
    out.push(bytes.subarray(start, at));
    start = at;
  }
  out.push(bytes.subarray(start));
  return out;
}

export function tool(name: string): { name: string; description: string; inputSchema: object } {
  return { name, description: `the ${name} tool`, inputSchema: { type: 'object' } };
}

export function toolsListResponse(
  id: string | number,
  names: readonly string[],
  extra: object = {},
) {
  return { jsonrpc: '2.0', id, result: { tools: names.map(tool), ...extra } };
}
