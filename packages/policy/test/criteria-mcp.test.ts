import { describe, expect, it } from 'vitest';
import type { McpInput, PolicyInput } from '../src/index.ts';
import { anonymous, judge } from './support/ppl.ts';

const call = (name: string): McpInput => ({
  method: 'tools/call',
  id: 7,
  tool_call: { name, arguments: { sql: 'select 1' } },
});
const rpc = (method: string): McpInput => ({ method, id: 1 });
const with_ = (mcp?: McpInput): PolicyInput => anonymous(mcp === undefined ? {} : { mcp });

const MATCH = ['mcp-tool-match'];
const NO_MATCH = ['mcp-tool-no-match'];
const NOT_A_CALL = ['mcp-not-a-tool-call'];

// pomerium.md §2.7: mcp_tool is false, with mcp-not-a-tool-call, for anything but tools/call.
describe('mcp_tool', () => {
  it.each<[string, unknown, McpInput | undefined, boolean, string[]]>([
    ['is: same tool', { is: 'query' }, call('query'), true, MATCH],
    ['bare: same tool', 'query', call('query'), true, MATCH],
    ['is: other tool', { is: 'query' }, call('drop_table'), false, NO_MATCH],
    ['not: other tool', { not: 'echo' }, call('query'), true, MATCH],
    ['not: that tool', { not: 'echo' }, call('echo'), false, NO_MATCH],
    ['in: listed', { in: ['query', 'list_tables'] }, call('list_tables'), true, MATCH],
    ['in: not listed', { in: ['query', 'list_tables'] }, call('drop_table'), false, NO_MATCH],
    ['not_in: not listed', { not_in: ['query', 'list_tables'] }, call('drop_table'), true, MATCH],
    ['not_in: listed', { not_in: ['query', 'list_tables'] }, call('query'), false, NO_MATCH],
    ['starts_with', { starts_with: 'admin_' }, call('admin_reset'), true, MATCH],
    ['ends_with', { ends_with: '_delete' }, call('user_delete'), true, MATCH],
    ['contains', { contains: 'drop' }, call('maybe_drop_it'), true, MATCH],
    // Fail closed: a tools/call without a name is matched as the empty name, so an allowlist
    // (not / not_in) denies it rather than letting it through.
    ['tools/call without tool_call', { not: 'echo' }, { method: 'tools/call' }, true, MATCH],
    [
      'tools/call without tool_call vs an allowlist',
      { not_in: ['echo'] },
      { method: 'tools/call' },
      true,
      MATCH,
    ],
    ['tools/call without tool_call vs is', 'echo', { method: 'tools/call' }, false, NO_MATCH],
    ['tools/list', { not_in: ['query'] }, rpc('tools/list'), false, NOT_A_CALL],
    ['initialize', { not_in: ['query'] }, rpc('initialize'), false, NOT_A_CALL],
    ['resources/read', 'query', rpc('resources/read'), false, NOT_A_CALL],
    [
      'method in another case',
      'query',
      { method: 'Tools/Call', tool_call: { name: 'query' } },
      false,
      NOT_A_CALL,
    ],
    [
      'a tool_call on another method is ignored',
      'query',
      { method: 'tools/list', tool_call: { name: 'query' } },
      false,
      NOT_A_CALL,
    ],
    ['no MCP request at all', { not_in: ['query'] }, undefined, false, NOT_A_CALL],
  ])('%s', (_case, data, mcp, value, reasons) => {
    expect(judge('mcp_tool', data, with_(mcp))).toEqual({ value, reasons });
  });
});

describe('mcp_method', () => {
  it.each<[string, unknown, McpInput | undefined, boolean, string[]]>([
    [
      'is: resources/read',
      { is: 'resources/read' },
      rpc('resources/read'),
      true,
      ['mcp-method-match'],
    ],
    ['bare: prompts/get', 'prompts/get', rpc('prompts/get'), true, ['mcp-method-match']],
    ['other method', 'prompts/get', rpc('prompts/list'), false, ['mcp-method-no-match']],
    [
      'starts_with: resources/',
      { starts_with: 'resources/' },
      rpc('resources/subscribe'),
      true,
      ['mcp-method-match'],
    ],
    ['in', { in: ['initialize', 'ping'] }, rpc('ping'), true, ['mcp-method-match']],
    ['not_in', { not_in: ['initialize', 'ping'] }, rpc('ping'), false, ['mcp-method-no-match']],
    ['tools/call is a method too', 'tools/call', call('query'), true, ['mcp-method-match']],
    ['not on a tools/call', { not: 'tools/call' }, call('query'), false, ['mcp-method-no-match']],
    ['no MCP request at all', { not: 'tools/call' }, undefined, false, ['mcp-not-a-request']],
  ])('%s', (_case, data, mcp, value, reasons) => {
    expect(judge('mcp_method', data, with_(mcp))).toEqual({ value, reasons });
  });
});
