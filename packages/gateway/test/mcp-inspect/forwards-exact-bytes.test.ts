import { describe, expect, it } from 'vitest';
import { post, startInspectServer } from './support/inspect-server.ts';

describe('readJsonRpcRequest passes one message with the exact bytes to forward', () => {
  it('keeps whitespace, escapes and number spelling as sent', async () => {
    const server = await startInspectServer();
    const body = Buffer.from(
      '  {"jsonrpc" : "2.0",\n "id":1.0e0, "method":"tools/call",' +
        '"params":{"name":"\\u0065cho","arguments":{"text":"h\u00e9llo \ud83d\ude00","n":1E2}}}\r\n',
    );
    const reply = await post(server.url, [body.subarray(0, 7), body.subarray(7)]);
    expect(reply.status).toBe(200);
    expect(reply.body.equals(body)).toBe(true);
    expect(server.seen[0]?.result).toEqual({
      ok: true,
      body,
      message: {
        kind: 'request',
        id: 1,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'h\u00e9llo \ud83d\ude00', n: 100 } },
      },
    });
  });

  it('reads notifications and responses as such', async () => {
    const server = await startInspectServer();
    await post(server.url, '{"jsonrpc":"2.0","method":"notifications/initialized"}');
    await post(server.url, '{"jsonrpc":"2.0","id":"s-1","result":{"action":"accept"}}');
    await post(server.url, '{"jsonrpc":"2.0","id":null,"method":"ping"}');
    expect(server.seen.map((s) => (s.result.ok ? s.result.message : s.result))).toEqual([
      { kind: 'notification', method: 'notifications/initialized' },
      { kind: 'response', id: 's-1' },
      { kind: 'request', id: null, method: 'ping' },
    ]);
  });

  it('keeps a __proto__ member as data, not as a prototype', async () => {
    const server = await startInspectServer();
    const body =
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{"__proto__":{"admin":true}}}}';
    await post(server.url, body);
    const result = server.seen[0]?.result;
    if (!result?.ok || result.message.kind !== 'request') throw new Error('expected a request');
    const args = result.message.params?.arguments as Record<string, unknown>;
    expect(Object.hasOwn(args, '__proto__')).toBe(true);
    expect((args as { admin?: unknown }).admin).toBeUndefined();
  });
});
