import { describe, expect, it } from 'vitest';
import { clientCapabilitiesOf, clientSupportsUi } from '../src/index.ts';

const UI = {
  extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } },
};

describe('clientSupportsUi', () => {
  it('is true only when the UI extension lists our MIME type', () => {
    expect(clientSupportsUi(UI)).toBe(true);
    expect(clientSupportsUi({})).toBe(false);
    expect(clientSupportsUi(undefined)).toBe(false);
    expect(clientSupportsUi({ extensions: { 'io.modelcontextprotocol/ui': {} } })).toBe(false);
    expect(
      clientSupportsUi({
        extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html'] } },
      }),
    ).toBe(false);
    expect(
      clientSupportsUi({
        extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: 'text/html;profile=mcp-app' } },
      }),
    ).toBe(false);
    expect(clientSupportsUi([UI])).toBe(false);
  });
});

describe('clientCapabilitiesOf', () => {
  it('reads initialize params in the 2025 era', () => {
    const message = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: UI } };
    expect(clientCapabilitiesOf(message)).toBe(UI);
  });

  it('reads the per-request envelope in the 2026-07-28 era', () => {
    const message = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { _meta: { 'io.modelcontextprotocol/clientCapabilities': UI } },
    };
    expect(clientCapabilitiesOf(message)).toBe(UI);
  });

  it('returns undefined for messages without capabilities or malformed ones', () => {
    expect(clientCapabilitiesOf({ jsonrpc: '2.0', id: 1, method: 'tools/list' })).toBeUndefined();
    expect(clientCapabilitiesOf(null)).toBeUndefined();
    expect(clientCapabilitiesOf('initialize')).toBeUndefined();
    expect(
      clientCapabilitiesOf([{ method: 'initialize', params: { capabilities: UI } }]),
    ).toBeUndefined();
  });
});
