/**
 * `npm run new:tool -- <name>`: scaffolds a tool with its widget and tests, registered and
 * ready to build. Writes all files or none: nothing is left half-written on an error.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkToolId, toolNames } from './new-tool/names.ts';
import { registerTool } from './new-tool/register.ts';
import { toolFiles } from './new-tool/templates.ts';

const root = path.resolve(import.meta.dirname, '..');
const indexFile = path.join(root, 'server', 'src', 'tools', 'index.ts');

async function main(id: string | undefined): Promise<void> {
  const problem = checkToolId(id);
  if (problem !== undefined || id === undefined) throw new Error(problem);
  const names = toolNames(id);
  const files = toolFiles(names);

  const taken = Object.keys(files).filter((file) => existsSync(path.join(root, file)));
  if (taken.length > 0)
    throw new Error(`A tool named "${id}" already exists: ${taken.join(', ')}. Pick another name.`);
  const indexBefore = await readFile(indexFile, 'utf8');
  if (new RegExp(`name: '${id}'`).test(indexBefore))
    throw new Error(`"${id}" is already registered in ${indexFile}.`);
  const indexAfter = registerTool(indexBefore, names);

  // Stage every file next to its target, then move them all into place.
  const staged: [string, string][] = [];
  const placed: string[] = [];
  try {
    for (const [file, text] of Object.entries(files)) {
      const target = path.join(root, file);
      await mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.new-tool-${process.pid}`;
      await writeFile(temp, text, { flag: 'wx' });
      staged.push([temp, target]);
    }
    for (const [temp, target] of staged) {
      await rename(temp, target);
      placed.push(target);
    }
    await writeFile(`${indexFile}.new-tool-${process.pid}`, indexAfter);
    await rename(`${indexFile}.new-tool-${process.pid}`, indexFile);
  } catch (error) {
    await Promise.all([
      ...staged.map(([temp]) => rm(temp, { force: true })),
      ...placed.map((file) => rm(file, { force: true })),
    ]);
    await rm(`${indexFile}.new-tool-${process.pid}`, { force: true });
    throw error;
  }

  console.log(`Created tool "${id}":`);
  for (const file of Object.keys(files)) console.log(`  + ${file}`);
  console.log(`  ~ server/src/tools/index.ts (registered ${names.camel}Tool)`);
  console.log(
    `\nNext: edit server/src/tools/${id}.ts and widgets/src/${id}/${names.pascal}.tsx, then npm run dev.`,
  );
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(`new:tool: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
