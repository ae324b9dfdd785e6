import { describe, expect, it } from 'vitest';
import type { HeaderSource } from '../../src/mcp/inspect/index.ts';
import { checkMcpHeaders, parseJsonRpcBody } from '../../src/mcp/inspect/index.ts';
import { post, startInspectServer } from './support/inspect-server.ts';

const MODERN = '2026-07-28';
const b64 = (text: string): string => `=?base64?${Buffer.from(text, 'utf8').toString('base64')}?=`;

function call(
  name: string,
  method = 'tools/call',
  field = 'name',
  id: number | string = 1,
): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method,
    params: { [field]: name, _meta: { 'io.modelcontextprotocol/protocolVersion': MODERN } },
  });
}

/** The header check on a body and headers, as the edge runs it; undefined = passes. */
function check(body: string, headers: HeaderSource): number | undefined {
  const parsed = parseJsonRpcBody(Buffer.from(body));
  if (!parsed.ok) throw new Error(`body did not parse: ${parsed.jsonRpc.error.message}`);
  return checkMcpHeaders(headers, parsed.message)?.jsonRpc.error.code;
}

const modern = (extra: Record<string, string>) => ({ 'mcp-protocol-version': MODERN, ...extra });

describe('H6: Mcp-Method / Mcp-Name must match the body (400, -32020)', () => {
  it('refuses Mcp-Method: tools/list + Mcp-Name: safe_tool on a tools/call delete_all body', async () => {
    const server = await startInspectServer();
    await post(server.url, call('delete_all'), {
      'content-type': 'application/json',
      'mcp-protocol-version': MODERN,
      'mcp-method': 'tools/list',
      'mcp-name': 'safe_tool',
    });
    expect(server.seen[0]?.headerCheck).toEqual({
      ok: false,
      status: 400,
      reason: 'mcp-header-mismatch',
      jsonRpc: {
        jsonrpc: '2.0',
        id: 1,
        error: { code: -32020, message: expect.stringContaining('Mcp-Method') as unknown },
      },
    });
  });

  it('refuses a matching Mcp-Method with a different Mcp-Name', () => {
    const headers = modern({ 'mcp-method': 'tools/call', 'mcp-name': 'safe_tool' });
    expect(check(call('delete_all'), headers)).toBe(-32020);
    expect(check(call('safe_tool'), headers)).toBeUndefined();
  });

  it('compares Mcp-Name with params.uri for resources/read and params.name for prompts/get', () => {
    const read = call('file:///etc/passwd', 'resources/read', 'uri');
    expect(
      check(read, modern({ 'mcp-method': 'resources/read', 'mcp-name': 'file:///etc/passwd' })),
    ).toBeUndefined();
    expect(
      check(read, modern({ 'mcp-method': 'resources/read', 'mcp-name': 'file:///tmp/x' })),
    ).toBe(-32020);
    const prompt = call('greet', 'prompts/get');
    expect(
      check(prompt, modern({ 'mcp-method': 'prompts/get', 'mcp-name': 'greet' })),
    ).toBeUndefined();
    expect(check(prompt, modern({ 'mcp-method': 'prompts/get', 'mcp-name': 'other' }))).toBe(
      -32020,
    );
  });

  it('decodes =?base64?…?= names, and refuses invalid base64 or invalid UTF-8 in them', () => {
    const name = 'überwachung ☃';
    const headers = (value: string) => modern({ 'mcp-method': 'tools/call', 'mcp-name': value });
    expect(check(call(name), headers(b64(name)))).toBeUndefined();
    expect(check(call('delete_all'), headers(b64('delete_all')))).toBeUndefined();
    expect(check(call('delete_all'), headers(b64('safe_tool')))).toBe(-32020);
    for (const bad of [
      '=?base64?abc?=',
      '=?base64?ZGVs ZXRl?=',
      '=?base64?ZWNobw?=',
      '=?base64?/w==?=',
      '=?base64?@@@@?=',
    ]) {
      expect(check(call('delete_all'), headers(bad))).toBe(-32020);
    }
  });

  it('compares Mcp-Method as sent, like the SDK: an encoded method does not match', () => {
    expect(
      check(call('echo'), modern({ 'mcp-method': b64('tools/call'), 'mcp-name': 'echo' })),
    ).toBe(-32020);
  });

  it('requires MCP-Protocol-Version, Mcp-Method and Mcp-Name on a 2026-07-28 request', () => {
    expect(check(call('echo'), modern({ 'mcp-name': 'echo' }))).toBe(-32020);
    expect(check(call('echo'), modern({ 'mcp-method': 'tools/call' }))).toBe(-32020);
    expect(check(call('echo'), { 'mcp-method': 'tools/call', 'mcp-name': 'echo' })).toBe(-32020);
    const list = '{"jsonrpc":"2.0","id":2,"method":"tools/list"}';
    expect(check(list, { 'mcp-protocol-version': MODERN })).toBe(-32020);
    expect(check(list, { 'mcp-protocol-version': '2027-01-01' })).toBe(-32020);
    expect(
      check(list, { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' }),
    ).toBeUndefined();
  });

  it('does not require the headers on notifications, responses or 2025-era requests', () => {
    const note = '{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}';
    expect(check(note, { 'mcp-protocol-version': MODERN })).toBeUndefined();
    expect(check('{"jsonrpc":"2.0","id":5,"result":{}}', { 'mcp-method': 'x' })).toBeUndefined();
    const legacy = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo"}}';
    expect(check(legacy, { 'mcp-protocol-version': '2025-11-25' })).toBeUndefined();
    expect(check(legacy, {})).toBeUndefined();
  });

  it('refuses a present but different Mcp-Method or Mcp-Name in the 2025 era too', () => {
    const legacy = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"delete_all"}}';
    expect(check(legacy, { 'mcp-method': 'tools/list' })).toBe(-32020);
    expect(check(legacy, { 'mcp-name': 'safe_tool' })).toBe(-32020);
    const note = '{"jsonrpc":"2.0","method":"notifications/initialized"}';
    expect(check(note, { 'mcp-method': 'notifications/cancelled' })).toBe(-32020);
  });

  it('refuses a version header that differs from the body envelope, and a modern initialize', () => {
    expect(
      check(call('echo'), {
        'mcp-protocol-version': '2025-11-25',
        'mcp-method': 'tools/call',
        'mcp-name': 'echo',
      }),
    ).toBe(-32020);
    const init =
      '{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}';
    expect(check(init, { 'mcp-protocol-version': MODERN, 'mcp-method': 'initialize' })).toBe(
      -32020,
    );
  });

  it('refuses repeated Mcp-Method, Mcp-Name and MCP-Protocol-Version headers on a real request', async () => {
    const server = await startInspectServer();
    const repeats: Record<string, string[]>[] = [
      { 'mcp-method': ['tools/call', 'tools/call'] },
      { 'mcp-name': ['echo', 'echo'] },
      { 'mcp-protocol-version': [MODERN, MODERN] },
    ];
    for (const repeat of repeats) {
      const headers = {
        'content-type': 'application/json',
        ...modern({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }),
        ...repeat,
      };
      await post(server.url, call('echo'), headers);
      expect(server.seen.at(-1)?.headerCheck).toMatchObject({
        status: 400,
        jsonRpc: { error: { code: -32020 } },
      });
    }
    await post(server.url, call('echo'), {
      'content-type': 'application/json',
      ...modern({ 'mcp-method': 'tools/call', 'mcp-name': 'echo' }),
    });
    expect(server.seen.at(-1)?.headerCheck).toBeUndefined();
  });
});
