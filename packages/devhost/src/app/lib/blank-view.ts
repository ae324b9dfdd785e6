/**
 * "The widget did not start": a view whose page loaded but sent no `ui/initialize` shows a blank
 * frame in every host, with no error. Say so, with the usual causes and their fixes, and name a
 * root element id mismatch when the widget's HTML shows one.
 */

/** How long after the view's `load` event the host waits for `ui/initialize`. */
export const VIEW_START_TIMEOUT_MS = 3_000;

const LOOKUPS = [
  /getElementById\(\s*(['"`])([A-Za-z][\w:.-]{0,99})\1\s*\)/g,
  /querySelector\(\s*(['"`])#([A-Za-z][\w-]{0,99})\1\s*\)/g,
];
const ELEMENT_ID = /<[a-zA-Z][^>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/g;

/**
 * Ids the widget's inline scripts look up (`getElementById('x')`, `querySelector('#x')`) that no
 * element in its HTML has, and the ids that are there. Scripts loaded from a URL are not seen.
 */
export function missingElementIds(html: string): { missing: string[]; present: string[] } {
  const present = new Set<string>();
  for (const match of html.matchAll(ELEMENT_ID)) {
    const id = match[1] ?? match[2] ?? match[3];
    if (id !== undefined && id !== '') present.add(id);
  }
  const missing = new Set<string>();
  for (const pattern of LOOKUPS) {
    for (const match of html.matchAll(pattern)) {
      const id = match[2];
      if (id !== undefined && !present.has(id)) missing.add(id);
    }
  }
  return { missing: [...missing], present: [...present] };
}

const list = (ids: readonly string[]): string =>
  ids
    .slice(0, 3)
    .map((id) => `#${id}`)
    .join(', ') + (ids.length > 3 ? ', …' : '');

function rootIdCause(html: string): string {
  const fix =
    'With the Gatehouse template, default-export the component and the build mounts it into ' +
    '<div id="<name>-root"> for you.';
  const { missing, present } = missingElementIds(html);
  if (missing.length === 0) {
    return (
      `Root element id mismatch: the id in document.getElementById() must be the id of an ` +
      `element in the widget's HTML. ${fix}`
    );
  }
  const there = present.length === 0 ? 'no element ids at all' : list(present);
  return (
    `Root element id mismatch: the widget's script looks up ${list(missing)}, but its HTML has ` +
    `${there}. Use the same id in both. ${fix}`
  );
}

/** The message shown when the view loaded but sent no `ui/initialize` within `waitedMs`. */
export function blankViewAdvice(html: string, waitedMs: number): string {
  const seconds = Math.round(waitedMs / 100) / 10;
  return [
    `The widget did not start: its page loaded, but it sent no ui/initialize within ${seconds} s, ` +
      `so hosts show a blank frame. Likely causes:`,
    `• ${rootIdCause(html)}`,
    `• A script was blocked by the CSP: see the CSP warnings here, and add its origin to ` +
      `_meta.ui.csp.resourceDomains.`,
    `• The script threw before connecting: open the browser devtools console (the frame ` +
      `"MCP App view") and fix the first error.`,
    `• The widget never connects: it must create an App from @modelcontextprotocol/ext-apps and ` +
      `call app.connect().`,
  ].join('\n');
}
