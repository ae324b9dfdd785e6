import { widgetRootId, type WidgetSource } from '@gatehouse/app-kit';

// `export default …` or `export { X as default }`: the build mounts it (mount.ts), into the right id.
const DEFAULT_EXPORT = /\bexport\s+default\b|\bexport\s*\{[^}]*\bas\s+default\b[^}]*\}/;
// Root lookups by a literal id; by convention root ids end in `-root`, other ids are not checked.
const ROOT_LOOKUPS = [
  /getElementById\(\s*(['"`])([\w:.-]+-root)\1\s*\)/g,
  /querySelector\(\s*(['"`])#([\w-]+-root)\1\s*\)/g,
];

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|\s)\/\/.*$/gm, '$1');
}

/**
 * A widget file that mounts itself (no default export) into a root element whose id is not the
 * one the build writes into its HTML (`<div id="<id>-root">`) never renders: a blank frame in
 * every host, with no error. Returns the build error for that, naming the file, or undefined.
 */
export function mountIdProblem(widget: WidgetSource, source: string): string | undefined {
  const code = withoutComments(source);
  if (DEFAULT_EXPORT.test(code)) return undefined;
  const expected = widgetRootId(widget.id);
  const used = new Set<string>();
  for (const pattern of ROOT_LOOKUPS) {
    for (const match of code.matchAll(pattern)) if (match[2] !== undefined) used.add(match[2]);
  }
  if (used.size === 0 || used.has(expected)) return undefined;
  const [wrong] = used;
  return (
    `${widget.file}: the widget mounts into "#${wrong ?? ''}", but the widget build writes ` +
    `<div id="${expected}"> into its HTML, so it would never render (a blank frame in every ` +
    `host). Use document.getElementById('${expected}'), or default-export the component and ` +
    `let the build mount it.`
  );
}
