import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createToolsListFilter } from '../../src/mcp/inspect/index.ts';
import { runThrough, splitAt } from './support/streams.ts';

const allow = (name: string): boolean => name === 'echo';

const PRIMING = 'id: p0\ndata:\n\n';
const KEEPALIVE = ': keep-alive\n\n';
const PROGRESS =
  'event: message\r\ndata: {"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":1,"progress":0.5}}\r\n\r\n';
// Our response, its JSON split over two data lines.
const OURS =
  'id: e1\nevent: message\ndata: {"jsonrpc":"2.0","id":1,\ndata: "result":{"tools":[{"name":"secret"},{"name":"echo"}]}}\n\n';
const OURS_FILTERED =
  'id: e1\nevent: message\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo"}]}}\n\n';
const LOG =
  'data: {"jsonrpc":"2.0","method":"notifications/message","params":{"data":"h\u00e9llo \u2603"}}\r\r';
const RETRY = 'retry: 1000\n\n';

const SAMPLE = Buffer.from([PRIMING, KEEPALIVE, PROGRESS, OURS, LOG, RETRY].join(''));
const EXPECTED = [PRIMING, KEEPALIVE, PROGRESS, OURS_FILTERED, LOG, RETRY].join('');

function sseStream(id: string | number = 1, maxBufferBytes?: number) {
  const filter = createToolsListFilter({
    id,
    allow,
    ...(maxBufferBytes === undefined ? {} : { maxBufferBytes }),
  });
  return filter.createStream('text/event-stream; charset=utf-8');
}

/** The data of each event a client would dispatch (HTML §9.2.6), parsed as JSON. */
function dispatched(text: string): unknown[] {
  return text
    .split(/\r\n\r\n|\n\n|\r\r/)
    .map((event) =>
      event
        .split(/\r\n|\r|\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n'),
    )
    .filter((data) => data !== '')
    .map((data) => JSON.parse(data) as unknown);
}

describe('tools/list filtering of a text/event-stream answer', () => {
  it('rewrites only our response and keeps every other event byte for byte', async () => {
    expect((await runThrough(sseStream(), [SAMPLE])).toString()).toBe(EXPECTED);
  });

  it('gives the same bytes for a chunk boundary at every byte position', async () => {
    for (let at = 0; at <= SAMPLE.length; at += 1) {
      const out = await runThrough(sseStream(), splitAt(SAMPLE, [at]));
      if (out.toString() !== EXPECTED)
        expect({ at, out: out.toString() }).toEqual({ at, out: EXPECTED });
    }
  });

  it('gives the same bytes when the stream arrives one byte at a time', async () => {
    const bytes = Array.from({ length: SAMPLE.length }, (_, i) => SAMPLE.subarray(i, i + 1));
    expect((await runThrough(sseStream(), bytes)).toString()).toBe(EXPECTED);
  });

  it('emits an event as soon as it is complete, before the stream ends', async () => {
    const stream = sseStream();
    const first = once(stream, 'data') as Promise<[Buffer]>;
    stream.write(PRIMING + KEEPALIVE.slice(0, 4));
    const [chunk] = await first;
    expect(chunk.toString()).toBe(PRIMING);
    expect(stream.writableEnded).toBe(false);
    const next = once(stream, 'data') as Promise<[Buffer]>;
    stream.write(KEEPALIVE.slice(4) + OURS);
    const [second] = await next;
    expect(second.toString()).toBe(KEEPALIVE);
    stream.destroy();
  });

  it('passes notifications and server requests untouched, even with the same id', async () => {
    const request =
      'data: {"jsonrpc":"2.0","id":1,"method":"sampling/createMessage","params":{}}\n\n';
    const input = PROGRESS + request + LOG;
    expect((await runThrough(sseStream(), [input])).toString()).toBe(input);
  });

  it('fails closed: data that is not JSON becomes a JSON-RPC error for our id', async () => {
    const broken = 'id: e1\ndata: {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"secret"}\n\n';
    const out = (await runThrough(sseStream(9), [PRIMING, broken])).toString();
    expect(out.startsWith(PRIMING)).toBe(true);
    expect(out).not.toContain('secret');
    expect(dispatched(out)).toEqual([
      {
        jsonrpc: '2.0',
        id: 9,
        error: {
          code: -32603,
          message: 'Internal error: the gateway could not check the tools list',
        },
      },
    ]);
    expect(out).toContain('id: e1\n');
  });

  it('fails closed: an event larger than the buffer limit is replaced by an error', async () => {
    const big = `data: ${JSON.stringify({ jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'secret', description: 'x'.repeat(500) }] } })}\n\n`;
    const out = (
      await runThrough(
        sseStream(1, 200),
        splitAt(Buffer.from(PRIMING + big + RETRY), [20, 120, 300]),
      )
    ).toString();
    expect(out).not.toContain('secret');
    expect(out.startsWith(PRIMING)).toBe(true);
    expect(out.endsWith(RETRY)).toBe(true);
    expect(dispatched(out)).toEqual([
      expect.objectContaining({
        id: 1,
        error: expect.objectContaining({ code: -32603 }) as unknown,
      }),
    ]);
  });

  it('filters an event the stream ends inside, rather than passing it whole', async () => {
    const unterminated =
      'data: {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"secret"},{"name":"echo"}]}}';
    const out = (await runThrough(sseStream(), [PRIMING, unterminated])).toString();
    expect(out).toBe(
      `${PRIMING}data: {"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo"}]}}\n\n`,
    );
  });

  it('H12: downgrades cacheScope "public" in an SSE result', async () => {
    const event =
      'data: {"jsonrpc":"2.0","id":1,"result":{"tools":[],"ttlMs":5,"cacheScope":"public"}}\n\n';
    const out = (await runThrough(sseStream(), [event])).toString();
    expect(dispatched(out)).toEqual([
      { jsonrpc: '2.0', id: 1, result: { tools: [], ttlMs: 5, cacheScope: 'private' } },
    ]);
  });
});
