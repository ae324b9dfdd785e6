import { describe, expect, it } from 'vitest';
import { post, startInspectServer } from './support/inspect-server.ts';

describe('H8: a JSON-RPC batch is refused, never passed through', () => {
  it('answers 400 -32600 "batches are not accepted" for a batch hiding a tools/call', async () => {
    const server = await startInspectServer();
    const batch = JSON.stringify([
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'delete_all' } },
    ]);
    const reply = await post(server.url, batch);
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body.toString())).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32600, message: 'Invalid Request: batches are not accepted' },
    });
  });

  it('refuses an empty batch and a batch of one the same way', async () => {
    const server = await startInspectServer();
    for (const body of ['[]', '[{"jsonrpc":"2.0","id":1,"method":"ping"}]', ' \n[ ]']) {
      const reply = await post(server.url, body);
      expect(reply.status).toBe(400);
      expect(server.seen.at(-1)?.result).toMatchObject({ ok: false, reason: 'mcp-batch' });
    }
  });
});
