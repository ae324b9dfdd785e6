import { describe, expect, it } from 'vitest';
import { renderWidgetHtml } from '../src/index.ts';

describe('renderWidgetHtml', () => {
  it('renders one HTML5 document with the widget root `<id>-root`', () => {
    const html = renderWidgetHtml({ id: 'my-widget' });
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>my-widget</title>');
    expect(html.match(/<div id="my-widget-root"><\/div>/g)).toHaveLength(1);
    expect(html).not.toContain('<script');
  });

  it('links scripts and styles by URL, escaping attribute values', () => {
    const html = renderWidgetHtml({
      id: 'echo',
      title: 'Echo <b>& co</b>',
      scripts: ['https://cdn.example.com/echo.js?a=1&b="2"'],
      styles: ['https://cdn.example.com/echo.css'],
    });
    expect(html).toContain('<title>Echo &lt;b&gt;&amp; co&lt;/b&gt;</title>');
    expect(html).toContain(
      '<script type="module" src="https://cdn.example.com/echo.js?a=1&amp;b=&quot;2&quot;"></script>',
    );
    expect(html).toContain('<link rel="stylesheet" href="https://cdn.example.com/echo.css">');
    // Styles come before scripts so the first paint is styled.
    expect(html.indexOf('<link')).toBeLessThan(html.indexOf('<script'));
  });

  it('escapes inline code that would close its element or open an HTML comment', () => {
    const html = renderWidgetHtml({
      id: 'echo',
      inlineScripts: ['let a = "</SCRIPT>"; let b = "<!--";'],
      inlineStyles: ['a::after { content: "</Style>" }'],
    });
    expect(html).toContain(
      '<script type="module">let a = "\\x3C/SCRIPT>"; let b = "\\x3C!--";</script>',
    );
    expect(html).toContain('<style>a::after { content: "\\3C /Style>" }</style>');
    expect(html.match(/<\/script/gi)).toHaveLength(1);
  });
});
