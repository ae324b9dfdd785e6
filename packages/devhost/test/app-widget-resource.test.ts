import { describe, expect, it } from 'vitest';
import type { ReadResourceResult } from '@modelcontextprotocol/client';
import { decodeCspParam, encodeCspParam } from '../src/shared/contract.ts';
import { resolveUiMeta, widgetResourceFrom } from '../src/app/lib/widget-resource.ts';

const uri = 'ui://echo/view.html';
const html = '<!doctype html><html><body>échos</body></html>';

function read(item: Record<string, unknown>): ReadResourceResult {
  return { contents: [{ uri, ...item }] } as ReadResourceResult;
}

describe('resolveUiMeta (CSP and permissions lookup)', () => {
  it('prefers the content item, then the resources/list entry, per key', () => {
    const resolved = resolveUiMeta(
      { ui: { csp: { connectDomains: ['https://api.example.com'] } } },
      {
        ui: {
          csp: { resourceDomains: ['https://cdn.example.com'] },
          permissions: { microphone: {} },
        },
      },
    );
    expect(resolved).toEqual({
      csp: { connectDomains: ['https://api.example.com'] },
      permissions: { microphone: {} },
    });
  });

  it('falls back to an empty CSP, which the sandbox turns into the restrictive default', () => {
    expect(resolveUiMeta(undefined, undefined)).toEqual({ csp: {}, permissions: {} });
  });

  it('keeps only the declared CSP lists and string entries, and known permissions', () => {
    const resolved = resolveUiMeta(
      {
        ui: {
          csp: { connectDomains: ['https://a.example', 42], scriptSrc: ['*'], frameDomains: 'x' },
          permissions: { camera: {}, usb: {}, geolocation: true },
        },
      },
      undefined,
    );
    expect(resolved).toEqual({
      csp: { connectDomains: ['https://a.example'] },
      permissions: { camera: {} },
    });
  });

  it('round-trips through the sandbox URL parameter unchanged', () => {
    const { csp } = resolveUiMeta(
      { ui: { csp: { connectDomains: ['https://api.example.com'], resourceDomains: [] } } },
      undefined,
    );
    expect(decodeCspParam(encodeCspParam(csp))).toEqual(csp);
  });
});

describe('widgetResourceFrom', () => {
  it('accepts an MCP App resource given as text', () => {
    const outcome = widgetResourceFrom(
      uri,
      read({ mimeType: 'text/html;profile=mcp-app', text: html }),
    );
    expect(outcome).toEqual({ ok: true, resource: { uri, html, csp: {}, permissions: {} } });
  });

  it('decodes a base64 blob as UTF-8', () => {
    const blob = Buffer.from(html, 'utf8').toString('base64');
    const outcome = widgetResourceFrom(uri, read({ mimeType: 'text/html;profile=mcp-app', blob }));
    expect(outcome.ok && outcome.resource.html).toBe(html);
  });

  it('uses the resources/list entry CSP when the content item has none', () => {
    const outcome = widgetResourceFrom(
      uri,
      read({ mimeType: 'text/html;profile=mcp-app', text: html }),
      { _meta: { ui: { csp: { connectDomains: ['https://api.example.com'] } } } },
    );
    expect(outcome.ok && outcome.resource.csp).toEqual({
      connectDomains: ['https://api.example.com'],
    });
  });

  it('names a wrong MIME type', () => {
    const outcome = widgetResourceFrom(uri, read({ mimeType: 'text/html', text: html }));
    expect(outcome).toEqual({
      ok: false,
      error:
        'Resource ui://echo/view.html has MIME type "text/html"; an MCP App view must be "text/html;profile=mcp-app". Set mimeType: RESOURCE_MIME_TYPE (from @modelcontextprotocol/ext-apps/server) on the registered resource and on the contents it returns.',
    });
  });

  it('names a missing MIME type', () => {
    const outcome = widgetResourceFrom(uri, read({ text: html }));
    expect(!outcome.ok && outcome.error).toContain('has no MIME type');
  });

  it('reports a resource without HTML', () => {
    const outcome = widgetResourceFrom(
      uri,
      read({ mimeType: 'text/html;profile=mcp-app', text: ' ' }),
    );
    expect(!outcome.ok && outcome.error).toBe(
      'Resource ui://echo/view.html has no HTML (empty text and no blob).',
    );
  });

  it('reports a blob that is not base64 UTF-8', () => {
    const blob = Buffer.from([0xff, 0xfe, 0xfd]).toString('base64');
    const outcome = widgetResourceFrom(uri, read({ mimeType: 'text/html;profile=mcp-app', blob }));
    expect(!outcome.ok && outcome.error).toContain('not base64-encoded UTF-8');
  });

  it('reports an empty contents list', () => {
    expect(widgetResourceFrom(uri, { contents: [] })).toEqual({
      ok: false,
      error: 'Resource ui://echo/view.html returned no contents.',
    });
  });
});
