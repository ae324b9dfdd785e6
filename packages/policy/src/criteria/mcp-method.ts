import { compileStringMatcher } from '../matchers/string.ts';
import { result, type Criterion } from './criterion.ts';

const MATCH = result(true, 'mcp-method-match');
const NO_MATCH = result(false, 'mcp-method-no-match');
const NOT_MCP = result(false, 'mcp-not-a-request');

/**
 * Beyond Pomerium: string matcher on any JSON-RPC method of an MCP request, so `resources/read`,
 * `prompts/get` and others can be governed like tools (`deny: { and: [ { mcp_method: prompts/get } ] }`).
 */
export const mcpMethod: Criterion = {
  name: 'mcp_method',
  compile(data) {
    const match = compileStringMatcher(data);
    return (input) => {
      if (input.mcp === undefined) return NOT_MCP;
      return match(input.mcp.method) ? MATCH : NO_MATCH;
    };
  },
};
