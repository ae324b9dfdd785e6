import { readFile, writeFile } from 'node:fs/promises';
import { stripTypeScriptTypes } from 'node:module';
import path from 'node:path';

/**
 * Writes `<outDir>/<name>.mjs`, the type-stripped JavaScript of a self-contained `.ts` file.
 * Running a `.ts` entry makes Node load its type stripper first (~25 ms on the bench machine),
 * which would pad the baseline's cold start; the template's production entry is JavaScript too.
 */
export async function toPlainJs(tsFile: string, outDir: string): Promise<string> {
  const source = await readFile(tsFile, 'utf8');
  // Node 24 flags stripTypeScriptTypes as experimental and warns once on stderr; the warning
  // says nothing about the bench, so it is muted for this one call.
  // eslint-disable-next-line @typescript-eslint/unbound-method -- only put back, never called
  const emitWarning = process.emitWarning;
  process.emitWarning = () => undefined;
  let code: string;
  try {
    code = stripTypeScriptTypes(source, { mode: 'strip' });
  } finally {
    process.emitWarning = emitWarning;
  }
  const out = path.join(outDir, `${path.basename(tsFile, '.ts')}.mjs`);
  await writeFile(out, code);
  return out;
}
