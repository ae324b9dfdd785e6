import type { ToolNames } from './names.ts';

export const IMPORT_MARKER = '// new:tool imports go above this line';
export const ENTRY_MARKER = '// new:tool entries go above this line';

/** Adds the tool's import and list entry to `server/src/tools/index.ts` at the markers. */
export function registerTool(indexSource: string, n: ToolNames): string {
  for (const marker of [IMPORT_MARKER, ENTRY_MARKER]) {
    if (!indexSource.includes(marker)) {
      throw new Error(
        `server/src/tools/index.ts has lost the line "${marker}". Put it back (see the template) or register ${n.camel}Tool by hand.`,
      );
    }
  }
  return indexSource
    .replace(IMPORT_MARKER, `import { ${n.camel}Tool } from './${n.id}.ts';\n${IMPORT_MARKER}`)
    .replace(
      /^(\s*)\/\/ new:tool entries go above this line/m,
      `$1${n.camel}Tool,\n$1${ENTRY_MARKER}`,
    );
}
