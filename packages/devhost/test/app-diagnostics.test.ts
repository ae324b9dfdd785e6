import { describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/client';
import { blankViewAdvice, missingElementIds } from '../src/app/lib/blank-view.ts';
import { connectErrorMessage } from '../src/app/lib/connect-error.ts';
import { serverUrlFromQuery } from '../src/app/lib/server-param.ts';
import { missingWidgetNote, unreadableResourceMessage } from '../src/app/lib/tool-widget.ts';

// Gatehouse issue 8: the dev host's messages for a newcomer's usual mistakes name the fix.

describe('?server= (serverUrlFromQuery)', () => {
  const read = (search: string, pathname = '/') =>
    serverUrlFromQuery(search, pathname, '/oauth/callback');

  it('takes an url-encoded http(s) URL', () => {
    expect(read(`?server=${encodeURIComponent('https://x.example.com/mcp')}`)).toBe(
      'https://x.example.com/mcp',
    );
    expect(read('?server=http%3A%2F%2Flocalhost%3A8080%2Fmcp')).toBe('http://localhost:8080/mcp');
  });

  it('ignores other schemes, non-URLs and an absent parameter', () => {
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'data:,x', 'localhost:8080']) {
      expect(read(`?server=${encodeURIComponent(bad)}`), bad).toBeUndefined();
    }
    expect(read('')).toBeUndefined();
    expect(read('?other=1')).toBeUndefined();
  });

  it('is never read on the OAuth callback page', () => {
    expect(read('?server=https%3A%2F%2Fx.example.com%2Fmcp&code=c', '/oauth/callback')).toBe(
      undefined,
    );
  });
});

describe('connectErrorMessage', () => {
  it('suggests /mcp when the URL has no path', () => {
    for (const href of ['https://app.example.com', 'https://app.example.com/']) {
      const message = connectErrorMessage(new URL(href), 'HTTP 404');
      expect(message).toContain('no MCP server answered there');
      expect(message).toContain('try https://app.example.com/mcp');
      expect(message).toContain('HTTP 404');
    }
  });

  it('keeps the plain message for a URL with a path', () => {
    expect(connectErrorMessage(new URL('http://127.0.0.1:9/mcp'), 'fetch failed')).toBe(
      'Could not connect to http://127.0.0.1:9/mcp: fetch failed',
    );
  });
});

describe('missingWidgetNote (text but no widget)', () => {
  const withData: CallToolResult = { content: [], structuredContent: { a: 1 } };

  it('explains a result with structuredContent from a tool that names no UI resource', () => {
    const note = missingWidgetNote({ name: 'weather' }, false, withData);
    expect(note).toContain('Tool weather returned structuredContent but names no UI resource');
    expect(note).toContain("widget: '<name>'");
    expect(note).toContain('_meta.ui.resourceUri');
  });

  it('says that a resourceUri only in the result is not where hosts look', () => {
    const note = missingWidgetNote({ name: 'weather' }, false, {
      ...withData,
      _meta: { ui: { resourceUri: 'ui://weather' } },
    });
    expect(note).toContain('names ui://weather only in its result');
  });

  it('says nothing when the tool names a resource or there is no structuredContent', () => {
    expect(missingWidgetNote({ name: 'a' }, true, withData)).toBeUndefined();
    expect(missingWidgetNote({ name: 'a' }, false, { content: [] })).toBeUndefined();
  });
});

describe('unreadableResourceMessage', () => {
  it('names the URI and what the server does list when it is not listed', () => {
    const message = unreadableResourceMessage(
      'ghost',
      'ui://nowhere',
      [{ uri: 'ui://echo' }],
      'Resource not found',
    );
    expect(message).toContain('Tool ghost names the UI resource ui://nowhere');
    expect(message).toContain('does not list it (resources/list has ui://echo)');
    expect(message).toContain('Resource not found');
  });

  it('keeps the read error when the resource is listed', () => {
    expect(unreadableResourceMessage('t', 'ui://echo', [{ uri: 'ui://echo' }], 'boom')).toBe(
      'Could not read the UI resource ui://echo: boom',
    );
  });
});

describe('blankViewAdvice (the widget did not start)', () => {
  it('finds an id the script looks up that the HTML does not have', () => {
    const html = `<div id="my-widget-root"></div><script>document.getElementById("mywidget-root")</script>`;
    expect(missingElementIds(html)).toEqual({
      missing: ['mywidget-root'],
      present: ['my-widget-root'],
    });
    const advice = blankViewAdvice(html, 3000);
    expect(advice).toContain('did not start');
    expect(advice).toContain('within 3 s');
    expect(advice).toContain('looks up #mywidget-root, but its HTML has #my-widget-root');
  });

  it('lists the general causes when nothing specific is seen', () => {
    const advice = blankViewAdvice(
      `<div id='app-root'></div><script src="https://cdn.example.com/app.js"></script><script>document.querySelector('#app-root')</script>`,
      5000,
    );
    expect(advice).toContain('the id in document.getElementById() must be the id');
    expect(advice).toContain('blocked by the CSP');
    expect(advice).toContain('devtools console');
    expect(advice).toContain('app.connect()');
  });
});
