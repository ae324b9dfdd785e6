import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const SUITE = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  '@modelcontextprotocol',
  'conformance',
  'dist',
  'index.js',
);

export interface ConformanceCheck {
  readonly id: string;
  readonly status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  readonly errorMessage?: string;
}

export interface ConformanceRun {
  readonly code: number | null;
  readonly output: string;
  readonly checks: readonly ConformanceCheck[];
}

/**
 * Runs `@modelcontextprotocol/conformance authorization` (0.2.0-alpha) against an issuer. The
 * code-grant scenario is interactive: it prints an authorization URL and waits for the browser
 * on `http://127.0.0.1:<callbackPort>/callback`; `openInBrowser` plays the user.
 */
export async function runAuthorizationConformance(options: {
  issuer: string;
  clientId: string;
  resource: string;
  callbackPort: number;
  openInBrowser: (authorizationUrl: URL) => Promise<void>;
}): Promise<ConformanceRun> {
  const outputDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-conformance-'));
  try {
    const args = [
      SUITE,
      'authorization',
      '--url',
      options.issuer,
      '--client-id',
      options.clientId,
      '--resource',
      options.resource,
      '--port',
      String(options.callbackPort),
      '-o',
      outputDir,
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let browsed: Promise<void> | undefined;
    const authorizeAt = `${options.issuer}/`;
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const line = output.split('\n').find((l) => l.startsWith(authorizeAt) && l.includes('?'));
      if (line !== undefined && browsed === undefined) {
        browsed = options.openInBrowser(new URL(line.trim())).catch((error: unknown) => {
          output += `\n[browser failed: ${error instanceof Error ? error.message : String(error)}]\n`;
          child.kill();
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    await browsed;
    const checks: ConformanceCheck[] = [];
    for (const dir of await readdir(outputDir)) {
      const file = path.join(outputDir, dir, 'checks.json');
      checks.push(...(JSON.parse(await readFile(file, 'utf8')) as ConformanceCheck[]));
    }
    return { code, output, checks };
  } finally {
    await rm(outputDir, { recursive: true, force: true });
  }
}
