// The MCP requests the benchmarks send. Kept in one place so every benchmark and the one-off
// response check use byte-identical requests.

export const ECHO_MESSAGE = 'today is a great day';
/** What a correct echo answer contains, whatever its framing (JSON or SSE). */
export const ECHO_EXPECTED = `Echo: ${ECHO_MESSAGE}`;

export const MODERN_VERSION = '2026-07-28';
export const LEGACY_VERSION = '2025-11-25';

export interface PreparedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const UI_CAPABILITIES = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};

const BASE_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
};

/** 2026-07-28 era: one stateless POST, no session, no initialize; the envelope rides in `_meta`. */
export function modernEchoCall(): PreparedRequest {
  return {
    headers: {
      ...BASE_HEADERS,
      'mcp-protocol-version': MODERN_VERSION,
      'mcp-method': 'tools/call',
      'mcp-name': 'echo',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: {
        name: 'echo',
        arguments: { message: ECHO_MESSAGE },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
          'io.modelcontextprotocol/clientInfo': { name: 'bench', version: '1' },
          'io.modelcontextprotocol/clientCapabilities': UI_CAPABILITIES,
        },
      },
    }),
  };
}

/** 2025-11-25 era: initialize opens a session (answered with `mcp-session-id`). */
export function legacyInitialize(): PreparedRequest {
  return {
    headers: BASE_HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: LEGACY_VERSION,
        capabilities: UI_CAPABILITIES,
        clientInfo: { name: 'bench', version: '1' },
      },
    }),
  };
}

function sessionHeaders(sessionId: string): Record<string, string> {
  return { ...BASE_HEADERS, 'mcp-protocol-version': LEGACY_VERSION, 'mcp-session-id': sessionId };
}

export function legacyInitialized(sessionId: string): PreparedRequest {
  return {
    headers: sessionHeaders(sessionId),
    body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
  };
}

export function legacyEchoCall(sessionId: string): PreparedRequest {
  return {
    headers: sessionHeaders(sessionId),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'echo', arguments: { message: ECHO_MESSAGE } },
    }),
  };
}
