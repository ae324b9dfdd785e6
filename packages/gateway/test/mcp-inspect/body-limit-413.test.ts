import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { post, startInspectServer } from './support/inspect-server.ts';

/** Starts a POST, writes `parts` without ending it, and waits for the answer. */
async function answerBeforeBodyEnds(url: string, headers: Record<string, string>, parts: string[]) {
  const req = request(url, { method: 'POST', headers });
  req.on('error', () => {});
  const answered = once(req, 'response') as Promise<[IncomingMessage]>;
  for (const part of parts) req.write(part);
  const [res] = await answered;
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  req.destroy();
  return {
    status: res.statusCode,
    connection: res.headers.connection,
    body: Buffer.concat(chunks).toString(),
  };
}

describe('413 for a body over max_request_bytes, without reading all of it', () => {
  it('answers from the Content-Length alone: 10 MB declared, a few bytes sent', async () => {
    const server = await startInspectServer(1024 * 1024);
    const reply = await answerBeforeBodyEnds(
      server.url,
      { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
      ['{"jsonrpc":"2.0",'],
    );
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600 },
    });
    expect(server.seen[0]?.result).toMatchObject({
      ok: false,
      status: 413,
      reason: 'mcp-body-too-large',
    });
  });

  it('answers as soon as a chunked body crosses the limit, while the client is still sending', async () => {
    const server = await startInspectServer(1000);
    const reply = await answerBeforeBodyEnds(
      server.url,
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      ['{"jsonrpc":"2.0","id":1,"method":"x","params":{"p":"', 'y'.repeat(600), 'y'.repeat(600)],
    );
    expect(reply.status).toBe(413);
  });

  it('accepts a body of exactly the limit, fixed or chunked', async () => {
    const message = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    const server = await startInspectServer(message.length);
    expect((await post(server.url, message)).status).toBe(200);
    expect((await post(server.url, [message.slice(0, 10), message.slice(10)])).status).toBe(200);
    expect((await post(server.url, `${message} `)).status).toBe(413);
  });
});
