import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/gateway/test/docs/code-blocks.ts). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** `docs/production.md:42`: where the block's opening fence is. */
  readonly where: string;
  /** The fence's language (`yaml`, `json`, …), lower-case; '' when none. */
  readonly lang: string;
  readonly text: string;
  /** The text of the nearest heading above the block (without the `#`s). */
  readonly heading: string;
  /** Set when `<!-- docs-test: skip (reason) -->` is the line before the fence: the reason. */
  readonly skip: string | undefined;
}

const FENCE = /^ {0,3}(```+)\s*([\w-]*)/;
const HEADING = /^#{1,6}\s+(.*)$/;
const SKIP = /^<!-- docs-test: skip \((.+)\) -->$/;

/** Every fenced block of a Markdown file in the repository (path relative to the root). */
export function codeBlocks(file: string): CodeBlock[] {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let heading = '';
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const title = HEADING.exec(line);
    if (title !== null) heading = (title[1] ?? '').trim();
    const open = FENCE.exec(line);
    if (open === null) continue;
    const fence = open[1] ?? '```';
    const start = i;
    const body: string[] = [];
    for (i += 1; i < lines.length && !(lines[i] ?? '').trimStart().startsWith(fence); i += 1) {
      body.push(lines[i] ?? '');
    }
    let before = start - 1;
    while (before >= 0 && (lines[before] ?? '').trim() === '') before -= 1;
    blocks.push({
      where: `${file}:${start + 1}`,
      lang: (open[2] ?? '').toLowerCase(),
      text: `${body.join('\n')}\n`,
      heading,
      skip: SKIP.exec((lines[before] ?? '').trim())?.[1],
    });
  }
  return blocks;
}

/** The text of one section of a Markdown file: its heading line up to the next heading. */
export function section(file: string, heading: string): string {
  const lines = readFileSync(join(REPO_ROOT, file), 'utf8').split('\n');
  const start = lines.findIndex((l) => HEADING.exec(l)?.[1]?.trim() === heading);
  if (start === -1) throw new Error(`no heading "${heading}" in ${file}`);
  const end = lines.findIndex((l, i) => i > start && HEADING.test(l));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

/** The one block of `lang` under `heading`; throws (failing the test) when there is not exactly one. */
export function blockUnder(blocks: readonly CodeBlock[], heading: string, lang: string): CodeBlock {
  const found = blocks.filter((b) => b.heading === heading && b.lang === lang);
  if (found.length !== 1) {
    throw new Error(`expected one ${lang} block under "${heading}", found ${found.length}`);
  }
  return found[0] as CodeBlock;
}
