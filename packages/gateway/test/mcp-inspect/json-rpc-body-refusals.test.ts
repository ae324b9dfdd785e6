import type { OutgoingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { post, startInspectServer } from './support/inspect-server.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

async function refusal(body: string | Buffer, headers: OutgoingHttpHeaders = JSON_TYPE) {
  const server = await startInspectServer();
  const reply = await post(server.url, body, headers);
  return { status: reply.status, json: JSON.parse(reply.body.toString('utf8')) as unknown };
}

function error(id: string | number | null, code: number) {
  return { jsonrpc: '2.0', id, error: expect.objectContaining({ code }) as unknown };
}

describe('readJsonRpcRequest refuses what it cannot read as one JSON-RPC message', () => {
  it('answers 400 -32700 for a body that is not JSON', async () => {
    for (const body of ['{"jsonrpc":"2.0",', 'hello', '', '{"a":1} {"b":2}', "{'a':1}", '[1,]']) {
      expect(await refusal(body)).toEqual({ status: 400, json: error(null, -32700) });
    }
  });

  it('answers 400 -32700 for a body with a byte order mark', async () => {
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"jsonrpc":"2.0","id":1,"method":"ping"}'),
    ]);
    expect(await refusal(body)).toEqual({ status: 400, json: error(null, -32700) });
  });

  it('answers 400 -32700 for a body that is not valid UTF-8', async () => {
    const prefix = Buffer.from('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"');
    const suffix = Buffer.from('"}}');
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf]]) {
      const body = Buffer.concat([prefix, Buffer.from(bad), suffix]);
      expect(await refusal(body)).toEqual({ status: 400, json: error(null, -32700) });
    }
  });

  it('answers 400 -32600 for a duplicate key at any depth, spelled any way', async () => {
    const bodies = [
      '{"jsonrpc":"2.0","id":1,"method":"tools/list","method":"tools/call"}',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"safe","name":"delete_all"}}',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"safe","n\\u0061me":"delete_all"}}',
      '{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[{"b":{"c":1,"c":2}}]}}',
    ];
    for (const body of bodies) {
      const answer = await refusal(body);
      expect(answer).toEqual({ status: 400, json: error(null, -32600) });
    }
  });

  it('answers 415 unless the content type is application/json (parameters allowed)', async () => {
    const body = '{"jsonrpc":"2.0","id":1,"method":"ping"}';
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const answer = await refusal(body, { 'content-type': type });
      expect(answer).toEqual({ status: 415, json: error(null, -32600) });
    }
    const utf16 = await refusal(body, { 'content-type': 'application/json; charset=utf-16' });
    expect(utf16.status).toBe(415);
    const gzip = await refusal(body, { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(415);
    const server = await startInspectServer();
    for (const type of [
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/json;charset="UTF-8"',
    ]) {
      expect((await post(server.url, body, { 'content-type': type })).status).toBe(200);
    }
    expect((await post(server.url, body, {})).status).toBe(415);
  });

  it('answers 400 -32600 for a missing or wrong jsonrpc member, echoing a valid id', async () => {
    expect(await refusal('{"id":7,"method":"ping"}')).toEqual({
      status: 400,
      json: error(7, -32600),
    });
    expect(await refusal('{"jsonrpc":"1.0","id":"a","method":"ping"}')).toEqual({
      status: 400,
      json: error('a', -32600),
    });
    expect(await refusal('{"jsonrpc":2.0,"id":1,"method":"ping"}')).toEqual({
      status: 400,
      json: error(1, -32600),
    });
  });

  it('answers 400 -32600 for a method that is not a string', async () => {
    for (const method of ['1', 'null', '["tools/call"]', '{"x":1}']) {
      const answer = await refusal(`{"jsonrpc":"2.0","id":3,"method":${method}}`);
      expect(answer).toEqual({ status: 400, json: error(3, -32600) });
    }
  });

  it('answers 400 -32600 for an id that is not a string, an integer or null', async () => {
    for (const id of ['true', '{}', '[1]', '1.5', '1e400']) {
      const answer = await refusal(`{"jsonrpc":"2.0","id":${id},"method":"ping"}`);
      expect(answer).toEqual({ status: 400, json: error(null, -32600) });
    }
  });

  it('answers 400 -32600 for params that are not an object, and for shapeless messages', async () => {
    const bodies = [
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":["echo"]}',
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":null}',
      '{"jsonrpc":"2.0","id":1}',
      '{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}',
      '{"jsonrpc":"2.0","result":{}}',
      '"just a string"',
      'null',
    ];
    for (const body of bodies) expect((await refusal(body)).status).toBe(400);
    for (const body of bodies)
      expect(((await refusal(body)).json as { error: { code: number } }).error.code).toBe(-32600);
  });

  it('answers 400 -32600 for JSON nested deeper than the limit', async () => {
    const deep = `{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":${'['.repeat(200)}${']'.repeat(200)}}}`;
    expect(await refusal(deep)).toEqual({ status: 400, json: error(null, -32600) });
  });
});
