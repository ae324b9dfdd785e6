/**
 * Finds what an entry bundle would load from the build at run time. An inlined widget lives in
 * a document with no URL of its own (the host's sandbox), so any such reference would 404 or hit
 * the wrong origin: `import("./chunk.js")`, `import x from "./dep.js"`, Vite's preload map
 * (`"assets/chunk.js"`), CSS `url(font.woff2)` or `@import`.
 */
export function findBuildReferences(code: string, otherFiles: readonly string[]): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(RELATIVE_IMPORT)) {
    const specifier = match.groups?.['spec'];
    if (specifier !== undefined) found.add(specifier);
  }
  for (const file of otherFiles) {
    if (code.includes(file)) found.add(file);
  }
  return [...found];
}

// `import("./x")`, `import './x'`, `from "../x"`, `export * from "/x"`: a module specifier that
// is a relative or root path. Bare specifiers (`react`) cannot survive a bundle, so only paths count.
const RELATIVE_IMPORT =
  /(?:\bimport\s*\(\s*|\bimport\s*|\bfrom\s*)(?<q>["'`])(?<spec>\.{0,2}\/[^"'`\s]*)\k<q>/g;

/**
 * Drops `sourceMappingURL` comments: in an inlined document they point at a map file the host
 * cannot fetch. Inline `data:` maps are kept.
 */
export function stripSourceMapComments(code: string): string {
  return code.replace(
    /^\/[/*][#@][ \t]*sourceMappingURL=(?!data:)\S*?(?:[ \t]*\*\/)?[ \t]*$\n?/gm,
    '',
  );
}
