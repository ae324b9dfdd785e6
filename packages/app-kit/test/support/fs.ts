import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

const created: string[] = [];

afterEach(async () => {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh folder under the OS temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-app-kit-'));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path → content) under `dir`, creating folders as needed. */
export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

export interface BuiltWidget {
  readonly js: string;
  readonly css?: readonly string[];
  /** File contents by name; defaults to a tiny bundle for the JS and CSS named above. */
  readonly files?: Record<string, string>;
}

/** Writes a widget build like the Vite build does: hashed files plus manifest.json. */
export async function writeBuild(
  assetsDir: string,
  widgets: Record<string, BuiltWidget>,
): Promise<void> {
  const manifest: Record<string, { js: string; css: readonly string[] }> = {};
  for (const [id, widget] of Object.entries(widgets)) {
    const css = widget.css ?? [];
    manifest[id] = { js: widget.js, css };
    await writeFiles(assetsDir, {
      [widget.js]: `document.getElementById(${JSON.stringify(`${id}-root`)}).textContent = "${id}";\n`,
      ...Object.fromEntries(css.map((file) => [file, `#${id}-root { color: red; }\n`])),
      ...widget.files,
    });
  }
  await writeFiles(assetsDir, {
    'manifest.json': JSON.stringify({ version: 1, widgets: manifest }),
  });
}
