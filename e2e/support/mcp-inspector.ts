import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const CLI = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  '@modelcontextprotocol',
  'inspector',
  'clients',
  'launcher',
  'build',
  'index.js',
);

export interface InspectorRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the MCP Inspector CLI (2.12) with `--cli` first, asynchronously (the gateway under test
 * lives in this process). `nodeOptions` becomes its NODE_OPTIONS. Its catalog, client config and OAuth store go to a fresh temp dir.
 */
export async function runInspector(
  args: readonly string[],
  options: { readonly nodeOptions?: string } = {},
): Promise<InspectorRun> {
  const home = await mkdtemp(path.join(tmpdir(), 'gatehouse-inspector-'));
  try {
    return await new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, '--cli', ...args],
        {
          timeout: 30_000,
          env: {
            PATH: process.env['PATH'] ?? '',
            HOME: home,
            MCP_CATALOG_PATH: path.join(home, 'mcp.json'),
            MCP_CLIENT_CONFIG_PATH: path.join(home, 'client.json'),
            MCP_STORAGE_DIR: path.join(home, 'storage'),
            NO_COLOR: '1',
            ...(options.nodeOptions === undefined ? {} : { NODE_OPTIONS: options.nodeOptions }),
          },
        },
        (error, stdout, stderr) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
          resolve({ code, stdout, stderr });
        },
      );
    });
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
