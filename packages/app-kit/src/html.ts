import { widgetRootId } from './widget-id.ts';

export interface WidgetHtmlParts {
  readonly id: string;
  readonly title?: string;
  /** Module scripts by URL. */
  readonly scripts?: readonly string[];
  /** Stylesheets by URL. */
  readonly styles?: readonly string[];
  /** Module script bodies to inline. */
  readonly inlineScripts?: readonly string[];
  /** Stylesheet bodies to inline. */
  readonly inlineStyles?: readonly string[];
}

/**
 * The one HTML document shape every widget is served in (build output, dev server, registry).
 * The root element id is always `<id>-root`, so a widget can never mount into the wrong element.
 */
export function renderWidgetHtml(parts: WidgetHtmlParts): string {
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeText(parts.title ?? parts.id)}</title>`,
    ...(parts.styles ?? []).map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`),
    ...(parts.inlineStyles ?? []).map((css) => `<style>${escapeInline(css, 'style')}</style>`),
    ...(parts.scripts ?? []).map(
      (src) => `<script type="module" src="${escapeAttr(src)}"></script>`,
    ),
    ...(parts.inlineScripts ?? []).map(
      (js) => `<script type="module">${escapeInline(js, 'script')}</script>`,
    ),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    ...head.map((line) => `  ${line}`),
    '</head>',
    '<body>',
    `  <div id="${escapeAttr(widgetRootId(parts.id))}"></div>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;');
}

/**
 * Inlined code must not end its element early: `</script` or `</style` inside a bundle (string
 * literals, regexes, comments) would close the element, and `<!--` inside a script changes how
 * the HTML parser finds its end (HTML "script data escaped state"). `\x3C` is `<` in JS strings,
 * templates and regexes; `\3C ` is `<` in CSS.
 */
function escapeInline(code: string, tag: 'script' | 'style'): string {
  if (tag === 'style') return code.replace(/<\/(style)/gi, '\\3C /$1');
  return code.replace(/<(\/script|!--)/gi, '\\x3C$1');
}
