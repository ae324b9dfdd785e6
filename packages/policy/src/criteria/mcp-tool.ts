import { compileStringMatcher } from '../matchers/string.ts';
import { result, type Criterion } from './criterion.ts';

const MATCH = result(true, 'mcp-tool-match');
const NO_MATCH = result(false, 'mcp-tool-no-match');
const NOT_A_TOOL_CALL = result(false, 'mcp-not-a-tool-call');

/**
 * String matcher on the tool name of an MCP `tools/call`; false for any other request, so put it
 * in a `deny` rule (identity in `allow`): `deny: { and: [ { mcp_tool: { not_in: [a, b] } } ] }`.
 */
export const mcpTool: Criterion = {
  name: 'mcp_tool',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => {
      const mcp = input.mcp;
      if (mcp === undefined || mcp.method !== 'tools/call') return NOT_A_TOOL_CALL;
      // A tools/call without a tool name is matched as the empty name, so an allowlist
      // (`not_in: [...]`) denies it instead of letting it through (fail closed).
      return match(mcp.tool_call?.name ?? '') ? MATCH : NO_MATCH;
    };
  },
};
