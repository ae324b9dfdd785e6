import { describe, expect, it } from 'vitest';
import { mcpInputOf, parseJsonRpcBody } from '../../src/mcp/inspect/index.ts';

function inputOf(body: string) {
  const parsed = parseJsonRpcBody(Buffer.from(body));
  if (!parsed.ok || parsed.message.kind === 'response') throw new Error('expected a request');
  return mcpInputOf(parsed.message);
}

describe('mcpInputOf: the policy sees a tools/call only in its schema shape (research §5 I7)', () => {
  it('gives method, id and tool_call {name, arguments} for tools/call', () => {
    const body =
      '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"echo","arguments":{"repo":"org/x"}}}';
    expect(inputOf(body)).toEqual({
      ok: true,
      input: {
        method: 'tools/call',
        id: 4,
        tool_call: { name: 'echo', arguments: { repo: 'org/x' } },
      },
    });
  });

  it('leaves arguments out when absent, and tool_call out for other methods', () => {
    expect(
      inputOf('{"jsonrpc":"2.0","id":"a","method":"tools/call","params":{"name":"echo"}}'),
    ).toEqual({
      ok: true,
      input: { method: 'tools/call', id: 'a', tool_call: { name: 'echo' } },
    });
    expect(inputOf('{"jsonrpc":"2.0","id":1,"method":"tools/list"}')).toEqual({
      ok: true,
      input: { method: 'tools/list', id: 1 },
    });
  });

  it('gives a tools/call notification a tool_call too, so no framing escapes the policy', () => {
    expect(
      inputOf('{"jsonrpc":"2.0","method":"tools/call","params":{"name":"delete_all"}}'),
    ).toEqual({
      ok: true,
      input: { method: 'tools/call', tool_call: { name: 'delete_all' } },
    });
  });

  it('refuses with 400 -32602 a name that is not a string or arguments that are not an object', () => {
    const bad = [
      '{"name":["echo"]}',
      '{"name":null}',
      '{}',
      '{"name":"echo","arguments":["org/x"]}',
      '{"name":"echo","arguments":"org/x"}',
      '{"name":"echo","arguments":null}',
    ];
    for (const params of bad) {
      const result = inputOf(`{"jsonrpc":"2.0","id":8,"method":"tools/call","params":${params}}`);
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        jsonRpc: { id: 8, error: { code: -32602 } },
      });
    }
    expect(inputOf('{"jsonrpc":"2.0","id":8,"method":"tools/call"}')).toMatchObject({
      status: 400,
    });
  });
});
