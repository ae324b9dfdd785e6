import { describe, expect, it } from 'vitest';
import { createToolsListFilter } from '../../src/mcp/inspect/index.ts';
import { runThrough, toolsListResponse } from './support/streams.ts';

const allowEcho = (name: string): boolean => name === 'echo' || name === 'add';

async function filterJson(
  body: string | Buffer,
  options: { id?: string | number; max?: number; type?: string } = {},
) {
  const dropped: string[][] = [];
  const filter = createToolsListFilter({
    id: options.id ?? 1,
    allow: allowEcho,
    onDropped: (names) => dropped.push(names),
    ...(options.max === undefined ? {} : { maxBufferBytes: options.max }),
  });
  const stream = filter.createStream(options.type ?? 'application/json');
  const chunks = typeof body === 'string' ? [body.slice(0, 5), body.slice(5)] : [body];
  const out = await runThrough(stream, chunks);
  return {
    out,
    json: out.length === 0 ? undefined : (JSON.parse(out.toString()) as unknown),
    dropped,
  };
}

const failed = (id: string | number) => ({
  jsonrpc: '2.0',
  id,
  error: { code: -32603, message: 'Internal error: the gateway could not check the tools list' },
});

describe('tools/list filtering of an application/json answer', () => {
  it('keeps only allowed tools, in order, and reports the dropped names', async () => {
    const body = JSON.stringify(
      toolsListResponse(1, ['delete_all', 'echo', 'secret', 'add'], { nextCursor: 'c2' }),
    );
    const { json, dropped } = await filterJson(body);
    expect(json).toEqual(toolsListResponse(1, ['echo', 'add'], { nextCursor: 'c2' }));
    expect(dropped).toEqual([['delete_all', 'secret']]);
  });

  it('passes an answer with nothing to filter byte for byte', async () => {
    const body = ` ${JSON.stringify(toolsListResponse(1, ['echo']))}\n`;
    expect((await filterJson(body)).out.toString()).toBe(body);
    const error = '{"jsonrpc":"2.0","id":1,"error":{"code":-32601,"message":"Method not found"}}';
    expect((await filterJson(error)).out.toString()).toBe(error);
    expect((await filterJson('')).out.length).toBe(0);
  });

  it('H12: downgrades cacheScope "public" to "private" in the result and its _meta', async () => {
    const body = JSON.stringify(
      toolsListResponse(1, ['echo'], {
        ttlMs: 60000,
        cacheScope: 'public',
        _meta: { cacheScope: 'public', x: 1 },
      }),
    );
    const { json } = await filterJson(body);
    expect(json).toEqual(
      toolsListResponse(1, ['echo'], {
        ttlMs: 60000,
        cacheScope: 'private',
        _meta: { cacheScope: 'private', x: 1 },
      }),
    );
  });

  it('H12: forces Cache-Control private, no-store and drops headers bound to the upstream bytes', () => {
    const filter = createToolsListFilter({ id: 1, allow: allowEcho });
    const headers = filter.transformHeaders({
      'content-type': 'application/json',
      'Content-Length': '1234',
      etag: '"abc"',
      'Cache-Control': 'public, max-age=600',
      'x-other': 'kept',
    });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-other': 'kept',
      'cache-control': 'private, no-store',
    });
  });

  it('filters a response whatever the spelling of its id (the SDK client matches Number(id))', async () => {
    const body = JSON.stringify(toolsListResponse('1', ['secret', 'echo']));
    expect((await filterJson(body, { id: 1 })).json).toEqual(toolsListResponse('1', ['echo']));
  });

  it('filters every element of a batch answer', async () => {
    const body = JSON.stringify([
      toolsListResponse(1, ['secret', 'echo']),
      { jsonrpc: '2.0', method: 'notifications/x' },
    ]);
    expect((await filterJson(body)).json).toEqual([
      toolsListResponse(1, ['echo']),
      { jsonrpc: '2.0', method: 'notifications/x' },
    ]);
  });

  it('fails closed: unparseable, oversize or malformed tools become a JSON-RPC error for the id', async () => {
    expect(
      (await filterJson('{"jsonrpc":"2.0","id":1,"result":{"tools":[', { id: 7 })).json,
    ).toEqual(failed(7));
    const big = JSON.stringify(toolsListResponse(1, ['secret', 'echo']));
    expect((await filterJson(big, { id: 'r', max: 20 })).json).toEqual(failed('r'));
    const notList = '{"jsonrpc":"2.0","id":3,"result":{"tools":{"secret":{}}}}';
    expect((await filterJson(notList)).json).toEqual(failed(3));
    const nameless =
      '{"jsonrpc":"2.0","id":3,"result":{"tools":[{"name":"echo"},{"title":"secret"}]}}';
    expect((await filterJson(nameless)).json).toEqual(failed(3));
    expect(
      (await filterJson('{"jsonrpc":"2.0","id":3,"result":{"tools":[{"name":7}]}}')).json,
    ).toEqual(failed(3));
  });

  it('checks any answer a client might read as JSON, and passes other media types through', async () => {
    const body = JSON.stringify(toolsListResponse(1, ['secret', 'echo']));
    const filtered = toolsListResponse(1, ['echo']);
    for (const type of [
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/vnd.api+json',
      'text/plain, application/json',
    ]) {
      expect((await filterJson(body, { type })).json).toEqual(filtered);
    }
    const filter = createToolsListFilter({ id: 1, allow: allowEcho });
    expect((await runThrough(filter.createStream(undefined), [body])).toString()).toBe(
      JSON.stringify(filtered),
    );
    expect((await runThrough(filter.createStream('text/html'), [body])).toString()).toBe(body);
  });

  it('fails closed on a content-coded body it cannot read, and drops the coding it undid', async () => {
    const filter = createToolsListFilter({ id: 5, allow: allowEcho });
    const body = JSON.stringify(toolsListResponse(5, ['secret', 'echo']));
    const json = await runThrough(filter.createStream('application/json', 'gzip'), [body]);
    expect(JSON.parse(json.toString())).toEqual(failed(5));
    const sse = await runThrough(filter.createStream('text/event-stream', 'br'), [
      `data: ${body}\n\n`,
    ]);
    expect(sse.toString()).toBe(`data: ${JSON.stringify(failed(5))}\n\n`);
    const identity = await runThrough(filter.createStream('application/json', 'identity'), [body]);
    expect(JSON.parse(identity.toString())).toEqual(toolsListResponse(5, ['echo']));
    expect(
      filter.transformHeaders({ 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    ).toEqual({
      'content-type': 'application/json',
      'cache-control': 'private, no-store',
    });
    expect(
      filter.transformHeaders({ 'content-type': 'image/png', 'content-encoding': 'gzip' }),
    ).toEqual({
      'content-type': 'image/png',
      'content-encoding': 'gzip',
      'cache-control': 'private, no-store',
    });
  });
});
