import path from 'node:path';
import { freePort } from '../lib/free-port.ts';
import { spawnGroup, type GroupProcess } from './process-group.ts';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const READY_TIMEOUT_MS = 120_000;

/** `Ready in 0.7 s.`: what `gatehouse start` prints once everything answers. */
const READY_LINE = /^Ready in ([\d.]+) s\.$/;

/** The ports `npm start` listens on, each one free a moment ago. */
export interface StartPorts {
  readonly edge: number;
  readonly ssh: number;
  readonly mcp: number;
  readonly widgets: number;
  readonly devhost: number;
  readonly sandbox: number;
}

export async function freeStartPorts(): Promise<StartPorts> {
  const ports = new Set<number>();
  while (ports.size < 6) ports.add(await freePort());
  const [edge = 0, ssh = 0, mcp = 0, widgets = 0, devhost = 0, sandbox = 0] = ports;
  return { edge, ssh, mcp, widgets, devhost, sandbox };
}

export interface RunningStart {
  readonly group: GroupProcess;
  readonly ports: StartPorts;
  /** Milliseconds from spawn() to the `Ready in` line, as the bench saw it. */
  readonly wallMs: number;
  /** The `Ready in X.X s` figure the process printed itself, in milliseconds. */
  readonly printedMs: number;
  /** The first-run box held a one-time admin sign-in link (the token itself is not kept). */
  readonly firstRunLink: boolean;
}

/**
 * `node scripts/start.js` from the repository root, exactly what `npm start` runs (without npm's
 * own start-up in front), with `dataDir` and the given ports; resolves at its `Ready in` line.
 */
export async function startNpmStart(dataDir: string, ports: StartPorts): Promise<RunningStart> {
  const flags: [string, number][] = [
    ['--edge-port', ports.edge],
    ['--ssh-port', ports.ssh],
    ['--mcp-port', ports.mcp],
    ['--widgets-port', ports.widgets],
    ['--devhost-port', ports.devhost],
    ['--sandbox-port', ports.sandbox],
  ];
  const group = spawnGroup(
    process.execPath,
    ['scripts/start.js', '--data-dir', dataDir, ...flags.flatMap(([f, p]) => [f, String(p)])],
    { cwd: REPO_ROOT, env: process.env },
  );
  try {
    const ready = await group.waitForLine(READY_LINE, READY_TIMEOUT_MS);
    // The box follows the Ready line in the same write.
    const firstRunLink = /\/signin\/link\?token=/.test(await boxText(group));
    return {
      group,
      ports,
      wallMs: ready.at - group.spawnedAt,
      printedMs: Number(ready.match[1]) * 1000,
      firstRunLink,
    };
  } catch (error) {
    await group.stop('SIGKILL').catch(() => undefined);
    throw new Error(`npm start: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

/** The output up to the end of the next-steps box (masked: the link's token is not in it). */
async function boxText(group: GroupProcess): Promise<string> {
  await group.waitForLine(/^└─+┘$/, 5_000);
  // output() masks tokens, so test for the link's path; the token never leaves the process.
  return group.output();
}
